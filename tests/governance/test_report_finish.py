"""Reports as a newcomer meets them: a button that says what it does, a list that follows the
worker, and a chart whose scale and names can be read."""

import re

import pytest
from django.urls import reverse

from governance.models import Report, ReportLayout, ReportStatus
from governance.reports.charts import bar_chart

LONG_NAMES = [f"华府社区{i}号网格" for i in range(1, 7)] + ["华府农贸市场专属网格"]


@pytest.mark.django_db
def test_report_form__the_button_says_generate_report(admin_client):
    html = admin_client.get(reverse("wagtailsnippets_governance_report:add")).content.decode()

    labels = re.findall(r'data-w-progress-target="label">\s*([^<]*?)\s*<', html)
    assert labels[0] == "生成报告"
    assert "保存" not in labels


@pytest.mark.django_db
def test_report_list__reloads_itself_while_a_report_waits(admin_client, tree):
    layout = ReportLayout.objects.create(name="月报", blocks=[])
    report = Report.objects.create(layout=layout, grid=tree["community"][0], period="2026-10")
    url = reverse("wagtailsnippets_governance_report:list")

    waiting = admin_client.get(url).content.decode()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
    finished = admin_client.get(url).content.decode()

    assert "排队中" in waiting and 'http-equiv="refresh"' in waiting
    assert 'http-equiv="refresh"' not in finished


def y_labels(svg: str) -> list[int]:
    axis = re.search(r'<g class="axis y[^"]*">(.*?)</g>\s*</g>', svg, re.DOTALL).group(1)
    return [int(value) for value in re.findall(r">(\d+)</text>", axis)]


def test_report_chart__the_scale_reaches_the_largest_bar():
    svg = bar_chart("走访户数（户）", LONG_NAMES, [12, 29, 7, 18, 22, 26, 9])

    assert max(y_labels(svg)) >= 29


def test_report_chart__long_names_are_turned_and_months_are_not():
    names = bar_chart("走访户数（户）", LONG_NAMES, [12, 29, 7, 18, 22, 26, 9])
    months = bar_chart("走访户数（户）", [f"{m}月" for m in range(1, 13)], list(range(12)))

    assert "rotate(45" in names
    assert "rotate(" not in months
