"""The event blocks of PDF report layouts (settings.REPORT_EXTRA_BLOCKS), read back with pypdf."""

import io
import re

import pytest
from pypdf import PdfReader

from governance.factories import TallyKindFactory
from governance.models import ReportLayout
from governance.periods import Period
from governance.reports.blocks import ReportBlocks
from governance.services.reports import report_build, report_html
from tests.governance.events.figures_world import build_figures_world

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def world(tree, clock, admin_user, django_user_model):
    return build_figures_world(tree, clock, admin_user, django_user_model)


@pytest.fixture
def layout(world):
    reported = TallyKindFactory(name="上报事件", unit="件", computed_from="events.reported")
    return ReportLayout.objects.create(
        name="事件月报",
        blocks=[
            ("events_table", {"heading": "事件办理情况"}),
            ("event_categories", {"heading": "事件类别排行", "limit": 5}),
            ("overdue_events", {"heading": "超期未办结事件", "limit": 50}),
            ("tally_table", {"heading": "工作量", "kinds": [reported], "columns": "children"}),
        ],
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_report_blocks__the_core_stream_offers_the_apps_blocks_from_settings():
    names = list(ReportBlocks().child_blocks)

    assert {"events_table", "event_categories", "overdue_events"} <= set(names)
    assert names.index("heading_text") < names.index("events_table")


def test_report__prints_event_figures_categories_and_overdue_events(world, layout):
    street = world.tree["street"][0]

    text = pdf_text(report_build(layout=layout, node=street, period=NOVEMBER, user=None).pdf)

    lines = text.splitlines()
    community = next(line for line in lines if line.startswith("测试1-1社区 "))
    # reported, accepted, resolved, on the spot, along the loop, 办结率, 及时率, 满意率, hours
    assert community.split()[1:] == ["3", "3", "2", "1", "1", "66.67%", "100%", "50%", "4.0"]
    assert re.search(r"合计 5 3 2 1 1 66\.67% 100% 50% 4\.0", text)
    assert re.search(r"1 市容环境 3", text) and re.search(r"2 消防安全 2", text)
    assert world.events["e3"].number in text and "消防通道堵塞" in text
    assert world.events["e4"].number in text and "测试1-2社区1号网格" in text
    # The computed tally kind counts the records in the tally table too.
    assert re.search(r"上报事件（件） 3 2 5", text)


def test_report__never_prints_the_reporters_contact(world, layout):
    html = report_html(layout=layout, node=world.tree["district"][0], period=NOVEMBER)

    assert "13912345678" not in html
    assert "139****5678" not in html
