"""A search query on PostgreSQL whose plan does not depend on fresh planner statistics.

Wagtail's query joins pages to index entries on `entry.object_id = page.id::varchar` and filters
on `(entry.title || entry.body) @@ query`. After a bulk insert without ANALYZE the planner can
believe one entry matches a common word and loop over every page for each of the thousands that
do (a cast page id cannot use the page's primary key): seconds per search. Here the matching
entries are found first, through the GIN index on `title || body` (migration
content/0004_search_vector_gin), and pages are picked by their primary key from that list:
whatever the estimate, every step is an index lookup or one pass over the matches. The entry of
each picked page is then joined by the unique (content type, object id) index, for the rank.
"""

from django.db.models import F
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


def search_vector():
    """`title || body`: the expression of the GIN index, spelt as the index spells it."""
    return F("title")._combine(F("body"), "||", False)


def primary_key_field(model):
    field = model._meta.pk
    while field.is_relation:  # a page type's key is its link to wagtailcore_page
        field = field.target_field
    return field


class IndexFirstSearchQueryCompiler(PostgresSearchQueryCompiler):
    def matching_keys(self, search_query):
        """The keys of the objects whose index entry matches, as a subquery."""
        model = self.queryset.model
        return (
            IndexEntry._default_manager.filter(
                content_type_id__in=get_descendants_content_types_pks(model)
            )
            .annotate(_vector_=search_vector())
            .filter(_vector_=search_query)
            .values(key=Cast("object_id", output_field=primary_key_field(model)))
        )

    def searches_index_entries(self) -> bool:
        return self.fields is None and not isinstance(self.query, (MatchAll, Not, Fuzzy))

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.searches_index_entries():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        queryset = self.queryset.filter(pk__in=self.matching_keys(search_query))
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)
