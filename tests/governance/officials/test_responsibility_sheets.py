"""责任事项清单 as spreadsheets: in and out through the registry pipeline (commands and the admin's
import pages), keyed by issuer, list and number; row errors in Chinese with row and column; the
issuing node in the importer's scope; whole or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from governance.models import AccessRole, ImportJob
from governance.officials.factories import make_item
from governance.officials.models import ListLevel, ResponsibilityItem
from governance.services.exports import registry_export, render, template_workbook
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.governance.permission_world import build_world
from tests.governance.spreadsheets import csv_bytes, read_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["制定单位编码", "清单", "事项编号", "责任事项", "法律依据", "责任单位"]
D1, S11, S12, C111 = "410101", "410101001", "410101002", "410101001001"


@pytest.fixture
def world():
    return build_world()


def item_row(code=D1, list_name="街道清单", number="001", title="违法建设日常巡查和发现报告"):
    return [code, list_name, number, title, "《中华人民共和国城乡规划法》第六十四条", "街道办事处"]


def write(tmp_path, rows, name="责任事项清单.xlsx", headers=HEADERS):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(headers, rows))
    return path


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_registry", "responsibilities", str(path), *args, stdout=out, stderr=err
        )
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()


def rejected(tmp_path, rows, *args) -> str:
    ok, output = run_import(write(tmp_path, rows), *args)
    assert not ok, output
    assert not ResponsibilityItem.objects.exists()
    return output


# -- import ---------------------------------------------------------------------------------------
def test_import__creates_the_items_then_updates_them_by_issuer_list_and_number(world, tmp_path):
    rows = [
        item_row(),
        item_row(number="002", title="占道经营日常巡查和发现报告"),
        item_row(list_name="社区清单", number="001", title="违法建设线索发现和上报"),
        item_row(S11, "社区清单", "001", "邻里矛盾纠纷调解"),
    ]
    ok, output = run_import(write(tmp_path, rows))
    assert ok, output
    assert "新建 4" in output
    street_item = ResponsibilityItem.objects.get(
        grid=world.nodes["d1"], level=ListLevel.STREET, number="001"
    )
    assert street_item.title == "违法建设日常巡查和发现报告"
    assert street_item.legal_basis == "《中华人民共和国城乡规划法》第六十四条"
    assert street_item.responsible_unit == "街道办事处"
    assert ResponsibilityItem.objects.get(grid=world.nodes["s11"]).level == ListLevel.COMMUNITY

    rows[0][3] = "违法建设巡查、制止和报告"
    ok, output = run_import(write(tmp_path, rows))
    assert ok, output
    assert "更新 1" in output and "未变 3" in output
    assert ResponsibilityItem.objects.count() == 4
    street_item.refresh_from_db()
    assert street_item.title == "违法建设巡查、制止和报告"


def test_import__a_dry_run_writes_nothing(world, tmp_path):
    ok, output = run_import(write(tmp_path, [item_row()]), "--dry-run")
    assert ok, output
    assert "未写入" in output and "新建 1" in output
    assert not ResponsibilityItem.objects.exists()


def test_import__an_unknown_code_names_row_and_column(world, tmp_path):
    output = rejected(tmp_path, [item_row(), item_row("410199", number="002")])
    assert "第 3 行，“制定单位编码”列：网格编码“410199”不存在，或不在您可导入的范围内。" in output


def test_import__a_community_does_not_issue_lists(world, tmp_path):
    output = rejected(tmp_path, [item_row(C111, "社区清单")])
    assert "第 2 行，“制定单位编码”列" in output
    assert "华府社区（410101001001）不是区或街道" in output


def test_import__a_street_issues_only_its_communities_list(world, tmp_path):
    output = rejected(tmp_path, [item_row(S11, "街道清单")])
    assert "第 2 行，“清单”列：一街道 是街道，只能制定社区清单。" in output


def test_import__an_unknown_list_name_says_which_are_allowed(world, tmp_path):
    output = rejected(tmp_path, [item_row(list_name="区清单")])
    assert "第 2 行，“清单”列：“区清单”不是可选值之一：街道清单、社区清单。" in output


def test_import__an_empty_duty_or_unit_is_refused(world, tmp_path):
    rows = [item_row(title=""), item_row(number="002")]
    rows[1][5] = ""
    output = rejected(tmp_path, rows)
    assert "第 2 行，“责任事项”列：此列不能为空。" in output
    assert "第 3 行，“责任单位”列：此列不能为空。" in output


def test_import__the_same_item_twice_in_the_file(world, tmp_path):
    # The list's cell may give the label or the stored value: both name the same list.
    rows = [item_row(), item_row(list_name="2", title="另一事项"), item_row(list_name="社区清单")]
    output = rejected(tmp_path, rows)
    assert "第 3 行，“事项编号”列：文件第 2 行已有同一清单的这个事项编号。" in output
    assert "第 4 行" not in output


def test_import__a_missing_column_rejects_the_file(world, tmp_path):
    headers = HEADERS[:3] + HEADERS[4:]
    ok, output = run_import(write(tmp_path, [item_row()[:3] + item_row()[4:]], headers=headers))
    assert not ok
    assert "缺少列：责任事项" in output


def test_import__gb18030_csv(world, tmp_path):
    path = tmp_path / "责任事项清单.csv"
    path.write_bytes(
        csv_bytes(HEADERS, [item_row(title="燃气使用安全隐患排查和整改督促")], "gb18030")
    )
    ok, output = run_import(path)
    assert ok, output
    assert ResponsibilityItem.objects.get().title == "燃气使用安全隐患排查和整改督促"


def test_import__a_sheet_of_titles_only_is_refused(world, tmp_path):
    ok, output = run_import(write(tmp_path, []))
    assert not ok
    assert "只有标题行" in output


# -- who may import what --------------------------------------------------------------------------
def test_permission__a_community_editor_cannot_import_a_district_list(world, tmp_path):
    editor = world.users[AccessRole.COMMUNITY_EDITOR]
    output = rejected(tmp_path, [item_row()], "--user", editor.username)
    assert "第 2 行，“制定单位编码”列" in output and "不在您可导入的范围内" in output


def test_permission__a_street_editor_imports_into_their_own_street_only(world, tmp_path):
    editor = world.users[AccessRole.STREET_EDITOR]  # 一街道 (s11)
    output = rejected(tmp_path, [item_row(S12, "社区清单")], "--user", editor.username)
    assert "网格编码“410101002”不存在，或不在您可导入的范围内" in output

    ok, output = run_import(write(tmp_path, [item_row(S11, "社区清单")]), "--user", editor.username)
    assert ok, output
    assert ResponsibilityItem.objects.get().grid == world.nodes["s11"]


def test_permission__an_analyst_may_not_import(world, tmp_path):
    analyst = world.users[AccessRole.ANALYST]
    output = rejected(tmp_path, [item_row()], "--user", analyst.username)
    assert "您无权导入" in output


# -- export ---------------------------------------------------------------------------------------
@pytest.fixture
def lists(world):
    n = world.nodes
    return [
        make_item(
            n["d1"], number="001", title="违法建设日常巡查和发现报告", legal_basis="《城乡规划法》"
        ),
        make_item(n["d1"], level=ListLevel.COMMUNITY, number="001", title="=HYPERLINK(1)"),
        make_item(n["s11"], level=ListLevel.COMMUNITY, number="001", title="邻里矛盾纠纷调解"),
        make_item(n["s12"], level=ListLevel.COMMUNITY, number="001", title="禁毒宣传教育"),
        make_item(n["d2"], number="001", title="消防安全宣传教育"),
    ]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_round_trip__export_then_import_changes_nothing(lists, file_format):
    dataset = registry_export(type_key="responsibilities", user=None)
    content = render(dataset, file_format, sheet_title="责任事项清单")
    path_name = f"export.{file_format}"

    report = registry_import(
        type_key="responsibilities",
        sheet=read_spreadsheet(content, path_name),
        user=None,
        dry_run=False,
    )

    assert report.ok, report.lines()
    assert report.total == len(lists) and report.unchanged == len(lists)
    assert ResponsibilityItem.objects.get(title="=HYPERLINK(1)")  # formula-safe both ways


def test_export__lists_the_items_the_user_may_export_in_list_order(world, lists, client, tmp_path):
    client.force_login(world.users[AccessRole.STREET_EDITOR])
    response = client.get(reverse("governance_export", args=["responsibilities"]))
    assert response.status_code == 200
    rows = [[cell.value for cell in row] for row in read_xlsx(response.content)]
    assert rows[0] == HEADERS
    assert rows[1:] == [[S11, "社区清单", "001", "邻里矛盾纠纷调解", None, "街道办事处"]]

    path = tmp_path / "全部.xlsx"
    call_command("export_registry", "responsibilities", str(path), stdout=io.StringIO())
    everything = [[cell.value for cell in row] for row in read_xlsx(path.read_bytes())]
    assert [row[:3] for row in everything[1:]] == [
        [D1, "街道清单", "001"],
        [D1, "社区清单", "001"],
        [S11, "社区清单", "001"],
        [S12, "社区清单", "001"],
        ["410102", "街道清单", "001"],
    ]


def test_template__explains_the_columns():
    workbook = load_workbook(io.BytesIO(template_workbook("responsibilities")))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADERS
    notes = {row[0]: row[1:] for row in workbook["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["制定单位编码"][0] == "必填" and "街道只能" in notes["制定单位编码"][1]
    assert "街道清单" in notes["清单"][1] and "社区清单" in notes["清单"][1]
    assert notes["法律依据"][0] == "可选" and "可留空" in notes["法律依据"][1]


# -- the admin's import pages ---------------------------------------------------------------------
def test_admin__a_street_editor_uploads_previews_and_confirms(world, client):
    client.force_login(world.users[AccessRole.STREET_EDITOR])
    page = client.get(reverse("governance_import_upload", args=["responsibilities"]))
    assert page.status_code == 200
    assert "责任事项清单" in page.content.decode()
    upload = io.BytesIO(xlsx_bytes(HEADERS, [item_row(S11, "社区清单")]))
    upload.name = "一街道社区清单.xlsx"

    response = client.post(
        reverse("governance_import_upload", args=["responsibilities"]), {"file": upload}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "新建：1" in preview and not ResponsibilityItem.objects.exists()
    job = ImportJob.objects.get()
    confirmed = client.post(reverse("governance_import_confirm", args=[job.pk]))
    done = client.get(confirmed["Location"]).content.decode()

    assert "导入完成" in done
    assert ResponsibilityItem.objects.get().grid == world.nodes["s11"]


def test_admin__a_preview_shows_the_rows_outside_the_editors_street(world, client):
    client.force_login(world.users[AccessRole.STREET_EDITOR])
    upload = io.BytesIO(xlsx_bytes(HEADERS, [item_row(S12, "社区清单")]))
    upload.name = "二街道社区清单.xlsx"

    response = client.post(
        reverse("governance_import_upload", args=["responsibilities"]), {"file": upload}
    )
    preview = client.get(response["Location"]).content.decode()

    assert "第 2 行" in preview and "制定单位编码" in preview and "确认导入" not in preview
    assert not ResponsibilityItem.objects.exists()
