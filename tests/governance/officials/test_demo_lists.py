"""The demo's 二七区 lists come in through the spreadsheet pipeline: 269 street items and 45
community items, once however often the demo runs."""

import re

import pytest

from governance.factories import make_grid
from governance.models import RegistryLogEntry
from governance.officials.demo_lists import seed_responsibility_lists
from governance.officials.models import ListLevel, ResponsibilityItem

pytestmark = pytest.mark.django_db


def test_demo_lists__269_street_and_45_community_items_once():
    erqi = make_grid(name="二七区", code="410103")

    assert seed_responsibility_lists() == 269 + 45
    stamps = dict(ResponsibilityItem.objects.values_list("pk", "updated_at"))
    assert seed_responsibility_lists() == 269 + 45

    items = ResponsibilityItem.objects.filter(grid=erqi)
    assert items.filter(level=ListLevel.STREET).count() == 269
    assert items.filter(level=ListLevel.COMMUNITY).count() == 45
    assert dict(ResponsibilityItem.objects.values_list("pk", "updated_at")) == stamps
    # Written by the import, as a district office's upload would be: one log entry per item.
    assert RegistryLogEntry.objects.filter(action="civicgrid.import").count() == 269 + 45


def test_demo_lists__read_as_lists_not_filler():
    make_grid(name="二七区", code="410103")
    seed_responsibility_lists()

    street = ResponsibilityItem.objects.filter(level=ListLevel.STREET).order_by("number")
    titles = list(street.values_list("title", flat=True))
    assert street.first().number == "001" and street.last().number == "269"
    assert len(set(titles)) == len(titles)
    assert "违法建设日常巡查和发现报告" in titles
    assert not [title for title in titles if re.search(r"\d$", title)]  # no 事项1, 事项2 …
    units = set(ResponsibilityItem.objects.values_list("responsible_unit", flat=True))
    assert {"街道城市管理办公室", "区城市管理局", "社区居委会"} <= units
    bases = set(ResponsibilityItem.objects.values_list("legal_basis", flat=True))
    assert "《中华人民共和国城市居民委员会组织法》第三条" in bases
