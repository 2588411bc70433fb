"""A listing's page and its total in one query (`governance.paging`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Grid
from governance.paging import window_page

pytestmark = pytest.mark.django_db


def names(page):
    return [grid.name for grid in page]


def test_window_page__reads_a_page_and_its_total_in_one_query(tree):
    grids = Grid.objects.order_by("path")
    total = grids.count()

    with CaptureQueriesContext(connection) as queries:
        page = window_page(grids, "2", 5)

    assert len(queries) == 1
    assert page.number == 2
    assert page.paginator.count == total
    assert names(page) == [grid.name for grid in grids[5:10]]


@pytest.mark.parametrize("value", [None, "", "x", "0", "-3", "1.5"])
def test_window_page__a_bad_number_means_the_first_page(tree, value):
    page = window_page(Grid.objects.order_by("path"), value, 5)

    assert page.number == 1
    assert names(page) == [grid.name for grid in Grid.objects.order_by("path")[:5]]


def test_window_page__a_number_past_the_end_means_the_last_page(tree):
    grids = Grid.objects.order_by("path")
    total = grids.count()
    last = (total + 4) // 5

    page = window_page(grids, "999", 5)

    assert page.number == last
    assert page.paginator.num_pages == last
    assert names(page) == [grid.name for grid in grids[(last - 1) * 5 :]]


def test_window_page__an_empty_listing_is_one_empty_page(db):
    page = window_page(Grid.objects.order_by("path"), "3", 5)

    assert page.number == 1
    assert page.paginator.count == 0
    assert list(page) == []


def test_window_page__values_rows_are_turned_by_the_caller(tree):
    grids = Grid.objects.order_by("path").values("name")

    page = window_page(grids, 1, 3, rows=lambda values: [row["name"] for row in values])

    assert list(page) == [grid.name for grid in Grid.objects.order_by("path")[:3]]
