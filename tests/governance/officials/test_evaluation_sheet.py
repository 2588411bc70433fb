"""考评表: /admin/officials/officials/<id>/evaluation/?period=…, its PDF and its workbook."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from pypdf import PdfReader

from governance.models import AccessRole, ReportLayout
from governance.officials.reports import evaluation_pdf
from governance.officials.selectors.evaluation import evaluation_sheet
from governance.reports.blocks import ReportBlocks
from governance.services.reports import report_build
from tests.governance.officials.evaluation_world import Q3

pytestmark = pytest.mark.django_db


def sheet_url(official, suffix="", period="2026-Q3") -> str:
    return f"/admin/officials/officials/{official.pk}/evaluation/{suffix}?period={period}"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_sheet_shows_rules_by_month_totals_comments_and_the_rank(client, evaluation):
    wang = evaluation.officials["wang"]
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])

    answer = client.get(sheet_url(wang))

    assert answer.status_code == 200
    html = answer.content.decode()
    assert "王小明" in html and "市司法局" in html
    assert "一区 › 一街道 › 华府社区 › 华府1号网格" in html
    assert "2026年第3季度" in html and "2026-07-01 – 2026-09-30" in html
    months = html[html.index("sheet-table") :]
    assert months.index(">7月<") < months.index(">8月<") < months.index(">9月<")
    # 走访: 6 in July (3 visits), 20 in August (12 visits, capped), 26 over the quarter
    walk = re.search(r">走访</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'<td class="number">(?:<strong>)?([\d.]+)', walk) == ["6", "20", "0", "26"]
    assert "3 条记录" in walk and "12 条记录" in walk and "15 条记录" in walk
    total_row = re.search(r">月度合计</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<strong>([\d.]+)</strong>", total_row) == ["9", "22", "27", "58"]
    assert "群众满意度高" in html and "牵头完成加装电梯" in html
    assert "一街道 2 人中排第 1 名" in html
    assert sheet_url(wang, "download/pdf/") in html and sheet_url(wang, "download/xlsx/") in html
    assert f"/admin/officials/officials/{wang.pk}/marks/?month=2026-09" in html


def test_the_rank_is_in_the_street_whoever_asks(client, evaluation):
    zhao = evaluation.officials["zhao"]
    client.force_login(evaluation.users[AccessRole.DISTRICT_ADMIN])

    html = client.get(sheet_url(zhao)).content.decode()

    assert "一街道 2 人中排第 2 名" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (AccessRole.ANALYST, 200),
        (AccessRole.COMMUNITY_EDITOR, 404),  # 赵敏 serves 邻居社区, not 华府社区
        (AccessRole.GRID_WORKER, 404),
    ],
)
def test_who_may_read_a_sheet(client, evaluation, role, status):
    client.force_login(evaluation.users[role])

    answer = client.get(sheet_url(evaluation.officials["zhao"]))

    assert answer.status_code == status
    if status == 404:
        assert "赵敏" not in answer.content.decode()


def test_an_assessor_of_another_street_cannot_read_the_sheet(client, evaluation):
    client.force_login(evaluation.assessors["s12"])

    for suffix in ("", "download/pdf/", "download/xlsx/"):
        answer = client.get(sheet_url(evaluation.officials["wang"], suffix))
        assert answer.status_code == 404


def test_a_bad_period_is_refused_in_chinese(client, evaluation):
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])

    answer = client.get(sheet_url(evaluation.officials["wang"], period="2026-Q5"))

    assert answer.status_code == 400
    assert "不是有效的统计期" in answer.content.decode()


def test_the_sheet_downloads_as_a_workbook(client, evaluation):
    wang = evaluation.officials["wang"]
    client.force_login(evaluation.users[AccessRole.ANALYST])

    answer = client.get(sheet_url(wang, "download/xlsx/"))

    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    sheet = load_workbook(io.BytesIO(answer.content))["考评表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("姓名", "王小明") and rows[2][:2] == ("派出单位", "市司法局")
    assert rows[3][1] == "一区 › 一街道 › 华府社区 › 华府1号网格"
    assert rows[4][:2] == ("考评期", "2026年第3季度")
    header = rows[7]
    assert header[:3] == ("考评项目", "2026年7月 数量", "2026年7月 得分")
    assert header[-2:] == ("合计 数量", "合计 得分")
    walk = next(row for row in rows if row[0] == "走访")
    assert walk[:7] == ("走访", 3, 6, 12, 20, 0, 0) and walk[-2:] == (15, 26)
    public = next(row for row in rows if row[0] == "群众评价")
    assert public[1:3] == (None, 0) and public[-1] == 9
    totals = next(row for row in rows if row[0] == "月度合计")
    assert [totals[i] for i in (2, 4, 6, 8)] == [9, 22, 27, 58]
    assert next(row for row in rows if row[0] == "总分")[1] == 58


def test_the_quarterly_pdf_has_the_sheet_in_chinese(client, evaluation):
    wang = evaluation.officials["wang"]
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])

    answer = client.get(sheet_url(wang, "download/pdf/"))

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in answer["Content-Disposition"]
    text = pdf_text(answer.content)
    assert "年轻干部考评表" in text
    assert "王小明" in text and "市司法局" in text and "华府1号网格" in text
    assert "2026年第3季度" in text
    for rule in ("走访", "收集需求", "六员履职", "群众评价", "工作实绩"):
        assert rule in text
    assert re.search(r"月度合计\s*9\s*22\s*27\s*58", text)
    assert re.search(r"总分\s*58", text)
    assert "群众满意度高" in text and "一街道 2 人中排第 1 名" in text


def test_the_pdf_is_built_by_the_reports_pipeline(evaluation):
    pdf = evaluation_pdf(evaluation_sheet(evaluation.officials["zhao"], Q3))

    text = pdf_text(pdf)
    assert "赵敏" in text and "区财政局" in text and "考评" in text
    assert PdfReader(io.BytesIO(pdf)).metadata["/Producer"].startswith("WeasyPrint")


def test_the_report_block_is_offered_from_settings():
    assert "officials_evaluation" in ReportBlocks().child_blocks


def test_the_report_block_prints_the_board_and_a_sheet_per_official(evaluation):
    layout = ReportLayout.objects.create(
        name="季度考评", blocks=[("officials_evaluation", {"heading": "年轻干部考评"})]
    )

    built = report_build(layout=layout, node=evaluation.nodes["s11"], period=Q3, user=None)

    text = pdf_text(built.pdf)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(built.pdf)).pages]
    assert "年轻干部考评" in text
    assert re.search(r"1\s*王小明\s*市司法局\s*华府1号网格", text)
    assert re.search(r"2\s*赵敏\s*区财政局\s*邻居1号网格", text)
    assert "孙强" not in text
    # cover, board, then one sheet per official, each on its own page
    assert built.page_count == 4
    assert "王小明" in pages[2] and "赵敏" not in pages[2] and "赵敏" in pages[3]
    assert "一街道 2 人中排第 2 名" in pages[3]


def test_a_community_report_ranks_its_officials_in_their_street(evaluation):
    layout = ReportLayout.objects.create(
        name="社区考评", blocks=[("officials_evaluation", {"heading": "年轻干部考评"})]
    )

    built = report_build(layout=layout, node=evaluation.nodes["c112"], period=Q3, user=None)

    text = pdf_text(built.pdf)
    assert "赵敏" in text and "王小明" not in text
    assert "一街道 2 人中排第 2 名" in text


def test_building_the_block_needs_the_report_right(evaluation):
    layout = ReportLayout.objects.create(
        name="季度考评", blocks=[("officials_evaluation", {"heading": "年轻干部考评"})]
    )
    worker = evaluation.users[AccessRole.GRID_WORKER]

    with pytest.raises(PermissionDenied):
        report_build(layout=layout, node=evaluation.nodes["g1111"], period=Q3, user=worker)


def test_an_official_without_a_grid_of_his_own_reads_only_his_own_sheet(
    client, evaluation, django_user_model
):
    zhao, wang = evaluation.officials["zhao"], evaluation.officials["wang"]
    zhao.user = django_user_model.objects.create_user("zhaomin", is_staff=True)
    zhao.save()
    zhao.user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(zhao.user)

    own = client.get(sheet_url(zhao))
    pdf = client.get(sheet_url(zhao, "download/pdf/"))

    assert own.status_code == 200 and "一街道 2 人中排第 2 名" in own.content.decode()
    assert pdf.status_code == 200 and "赵敏" in pdf_text(pdf.content)
    assert client.get(sheet_url(wang)).status_code == 404
    assert client.get(f"/admin/officials/officials/{zhao.pk}/marks/").status_code == 403
