"""A search query on PostgreSQL whose plan does not depend on fresh planner statistics.

Wagtail's query joins pages to index entries on `entry.object_id = page.id::varchar` and filters
on `(entry.title || entry.body) @@ query`. After a bulk insert without ANALYZE the planner can
believe one entry matches a common word and loop over every page for each of the thousands that
do (a cast page id cannot use the page's primary key): seconds per search. Here the matching
entries are found first, through the GIN index on `title || body` (migration
content/0004_search_vector_gin), and pages are picked by their primary key from that list:
whatever the estimate, every step is an index lookup or one pass over the matches. The entry of
each picked page is then joined by the unique (content type, object id) index, for the rank.

Only the newest RANKED_MATCHES matching entries (by entry id: entries are created when a page is
first indexed, so this is newest pages first) are ranked and counted: a word found in every
notice costs as much as one found in a thousand, instead of ranking and counting every match.
The results page shows at most that many (content/search/results.py); a query that matches more
is answered from its newest matches, and says so.
"""

from django.db.models import Avg, F
from django.db.models.functions import Cast, Length
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresIndex,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

#: The most matches a search ranks: the newest ones. One more is taken, so that a count of
#: RANKED_MATCHES + 1 tells the results page there are more than it shows.
RANKED_MATCHES = 200


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
        """The keys of the objects whose index entry matches, newest entries first, at most
        RANKED_MATCHES + 1 of them, as a subquery. PostgreSQL picks the plan by how many it
        expects: a walk back along the entries' primary key checking each (a common word), or
        the GIN index's matches sorted (a rare one); either stops at the limit or the matches."""
        model = self.queryset.model
        return (
            IndexEntry._default_manager.filter(
                content_type_id__in=get_descendants_content_types_pks(model)
            )
            .annotate(_vector_=search_vector())
            .filter(_vector_=search_query)
            .order_by("-id")
            .values(key=Cast("object_id", output_field=primary_key_field(model)))[
                : RANKED_MATCHES + 1
            ]
        )

    def searches_index_entries(self) -> bool:
        return self.fields is None and not isinstance(self.query, (MatchAll, Not, Fuzzy))

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.searches_index_entries():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_search_vectors(search_query), config)
        # Fetched first, as a list: the planner then knows there are at most RANKED_MATCHES + 1
        # and finds each page by its primary key; as a subquery it guessed the number of pages
        # and read the whole page table to join them.
        keys = [row["key"] for row in self.matching_keys(search_query)]
        queryset = self.queryset.filter(pk__in=keys)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class SteadyTitleNormIndex(PostgresIndex):
    """Wagtail's index, without rewriting entries whose title norm does not change.

    After each write Wagtail sets `title_norm` (average title length ÷ this title's length) on
    every entry still at the default 1.0. An entry whose norm really is 1.0 (every Chinese
    title: the whole title is one term) stays at 1.0, so every later write rewrote it again —
    at 10,000 notices each publish rewrote 10,000 entries and left as many dead rows for the
    searches to read past. Here an entry is written only when its norm changes."""

    def _refresh_title_norms(self, full=False):
        if full:
            return super()._refresh_title_norms(full=True)
        titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        average = titled.aggregate(Avg("title_length"))["title_length__avg"]
        if average is None:
            return None
        titled.filter(title_norm=1.0).exclude(title_length=average).update(
            title_norm=average / F("title_length")
        )
        return None
