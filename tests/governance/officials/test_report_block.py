"""The PDF block 三张清单: needs → tasks → projects of the report's node and period, per child
node, with a small chart; counts only, nobody named."""

import io
import re

import pytest
from pypdf import PdfReader

from governance.models import ReportLayout
from governance.periods import Period
from governance.reports.blocks import ReportBlocks
from governance.services.reports import report_build
from tests.governance.officials.figures_world import build_lists_world

pytestmark = pytest.mark.django_db

Q2 = Period.quarter(2026, 2)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def build(node, *, chart=True) -> tuple[str, bytes]:
    layout = ReportLayout.objects.create(
        name=f"年轻干部季报{'' if chart else '（无图）'}",
        blocks=[("officials_lists", {"heading": "三张清单", "chart": chart})],
    )
    pdf = report_build(layout=layout, node=node, period=Q2, user=None).pdf
    return pdf_text(pdf), pdf


def test_report_block__offered_from_settings():
    block = ReportBlocks().child_blocks["officials_lists"]

    assert block.child_blocks["heading"].meta.default == "三张清单"


def test_report__prints_the_three_lists_per_child_and_in_total():
    world = build_lists_world()

    text, _pdf = build(world.nodes["s11"])

    assert "三张清单" in text
    assert "需求" in text and "任务" in text and "项目" in text and "超期" in text
    # needs, declined, awaiting, tasks, done, on time, overdue, projects, projects done
    assert re.search(r"华府社区 4 1 2 3 2 1 1 1 1", text)
    assert re.search(r"邻居社区 1 0 0 1 0 0 0 1 0", text)
    assert re.search(r"合计 5 1 2 4 2 1 1 2 1", text)
    for leak in ("楼道灯不亮", "更换楼道灯", "楼道照明改造", "不属于社区职责"):
        assert leak not in text


def test_report__the_chart_can_be_left_out():
    world = build_lists_world()

    with_chart, _pdf = build(world.nodes["s11"])
    without, _pdf = build(world.nodes["s11"], chart=False)

    assert with_chart.count("需求 → 任务 → 项目") == 1
    assert "需求 → 任务 → 项目" not in without
