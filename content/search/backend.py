"""Wagtail's database search backend, taught Chinese.

Set as WAGTAILSEARCH_BACKENDS["default"], so the public search page, the admin's searches and the
API's `?search=` all match Chinese the same way: a string query becomes the character pairs the
pages were indexed with (content/search/chinese.py), all of them required.
"""

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.query import MATCH_NONE, And, Phrase, PlainText

from content.search import index_version
from content.search.chinese import CJK_RUN, MAX_QUERY_CHARACTERS, MAX_QUERY_TERMS, query_terms
from content.search.postgres import IndexFirstSearchQueryCompiler, SteadyTitleNormIndex


def typed_words(query) -> str | None:
    """The words of a query the admin parsed from what was typed (`parse_query_string`: plain
    words and quoted phrases, joined by And), or None for any other query object."""
    if isinstance(query, (PlainText, Phrase)):
        return query.query_string
    if isinstance(query, And):
        words = [typed_words(subquery) for subquery in query.subqueries]
        return None if None in words else " ".join(words)
    return None


def as_typed(query):
    """A query the admin parsed, back as the text that was typed; any other query unchanged."""
    words = typed_words(query)
    return query if words is None else words


class ChineseQueryMixin:
    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        # The admin's searches parse what was typed first; read it as typed, like any other.
        query = as_typed(query)
        if isinstance(query, str):
            terms = query_terms(query)
            query = PlainText(terms, operator="and") if terms else MATCH_NONE
            operator = None
        return super().search(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
        )

    def autocomplete(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True
    ):
        # Prefix matching cannot reach the middle of an unsegmented Chinese title: search the
        # character pairs instead whenever the typed text holds Chinese.
        query = as_typed(query)
        if isinstance(query, str) and CJK_RUN.search(query):
            return self.search(query, model_or_queryset, order_by_relevance=order_by_relevance)
        if isinstance(query, str):
            query = " ".join(query[:MAX_QUERY_CHARACTERS].split()[:MAX_QUERY_TERMS])
        return super().autocomplete(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
        )


def bumping_when_finished(rebuilder_class):
    """`update_index` writes through the rebuilder's index, not the backend's `add`."""

    class BumpingRebuilder(rebuilder_class):
        def finish(self):
            super().finish()
            index_version.bump()

    return BumpingRebuilder


class IndexVersionMixin:
    """Every write to the index moves `index_version`, which keys cached search results."""

    def __init__(self, params):
        super().__init__(params)
        if self.rebuilder_class:  # chosen per instance (atomic or not) by the backend's own init
            self.rebuilder_class = bumping_when_finished(self.rebuilder_class)

    def add(self, obj):
        super().add(obj)
        index_version.bump()

    def add_bulk(self, model, obj_list):
        super().add_bulk(model, obj_list)
        index_version.bump()

    def delete(self, obj):
        super().delete(obj)
        index_version.bump()


def SearchBackend(params):  # noqa: N802 - Wagtail looks this name up in the backend's module
    backend = DatabaseSearchBackend(params)
    overrides = {}
    if isinstance(backend, PostgresSearchBackend):
        overrides["query_compiler_class"] = IndexFirstSearchQueryCompiler
        overrides["index_class"] = SteadyTitleNormIndex
    chinese_class = type(
        f"Chinese{type(backend).__name__}",
        (ChineseQueryMixin, IndexVersionMixin, type(backend)),
        overrides,
    )
    return chinese_class(params)
