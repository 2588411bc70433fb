"""A page of a listing and its total in one query.

Django's paginator counts first and then reads the page: two round trips over the same rows. A
window count (`COUNT(*) OVER ()`) gives the total beside every row of the page, so a listing
whose page is not empty needs one query. Only a page past the end costs the plain count."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "listing_total"


class KnownCountPaginator(Paginator):
    def __init__(self, count: int, per_page: int):
        super().__init__([], per_page)
        self.count = count


def page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def window_page(queryset: QuerySet, value, per_page: int, *, rows=list) -> Page:
    """Page `value` (any text; like `get_page`, a bad number means page 1 and a number past the
    end means the last page) of `queryset`. `rows` turns the fetched slice into what the
    template shows; the total is read off before it is called."""
    number = page_number(value)
    counted = queryset.annotate(**{TOTAL: Window(Count("pk"))})

    def fetch(number):
        start = (number - 1) * per_page
        return list(counted[start : start + per_page])

    fetched = fetch(number)
    if fetched:
        count = _total(fetched[0])
    else:
        count = queryset.count()
        last = KnownCountPaginator(count, per_page).num_pages
        if number > last:
            number = last
            fetched = fetch(number) if count else []
    return Page(rows(fetched), number, KnownCountPaginator(count, per_page))


def _total(row) -> int:
    return row[TOTAL] if isinstance(row, dict) else getattr(row, TOTAL)
