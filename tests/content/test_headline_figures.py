import datetime

import pytest
from django.utils import timezone

from content.factories import build_site
from governance.factories import TallyEntryFactory, TallyKindFactory
from governance.models import Grid, GridLevel, TallyEntry
from governance.periods import Period


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


@pytest.mark.django_db
@pytest.mark.parametrize("months", [1, 12])
def test_home_page__this_years_totals_equal_the_entries_in_constant_queries(
    client, site, months, django_assert_max_num_queries
):
    year = timezone.localdate().year
    visits = TallyKindFactory(name="入户走访", unit="户")
    home = site["home"]
    home.headline_kinds.set([visits])
    home.save()
    for grid in Grid.objects.filter(level__gte=GridLevel.GRID):
        for month in range(1, months + 1):
            TallyEntryFactory(kind=visits, grid=grid, month=Period.month(year, month), value=3)
    # Outside the year: a period running into the next one, and last year's.
    TallyEntryFactory(
        kind=visits,
        grid=site["district"].grid,
        period_start=datetime.date(year, 12, 20),
        period_end=datetime.date(year + 1, 1, 5),
        value=100,
    )
    TallyEntryFactory(kind=visits, grid=site["district"].grid, month=Period.year(year - 1), value=9)
    expected = sum(TallyEntry.objects.within(Period.year(year)).values_list("value", flat=True))

    with django_assert_max_num_queries(15):
        response = client.get(home.url)

    assert expected == 3 * months * Grid.objects.filter(level__gte=GridLevel.GRID).count()
    assert f"<strong>{expected}<small>户</small></strong>入户走访" in response.content.decode()
