"""The care ledger's spreadsheets: households and residents in through the registry pipeline (row
errors in Chinese, whole or nothing, GB18030), out masked for those who may not see personal
data, and every export asked for a reason and written to the access log."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from governance.care.factories import add_to_group, make_household, make_resident
from governance.care.id_numbers import fictional_id_number
from governance.care.models import CareMembership, Household, PersonalDataAccess, Resident
from governance.models import AccessRole, ImportJob
from governance.services.exports import template_workbook
from tests.governance.permission_world import build_world
from tests.governance.spreadsheets import csv_bytes, read_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db

G1111, G1112 = "410101001001001", "410101001001002"
HOUSEHOLD_HEADERS = ["网格编码", "楼栋", "单元", "房号", "标签", "备注"]
RESIDENT_HEADERS = [
    "姓名",
    "身份证号",
    "电话",
    "与户主关系",
    "网格编码",
    "楼栋",
    "单元",
    "房号",
    "特殊群体",
    "备注",
]
ID_A = fictional_id_number("410103", datetime.date(1948, 5, 2), 27)
ID_B = fictional_id_number("410103", datetime.date(1975, 11, 30), 412)
ID_C = fictional_id_number("410105", datetime.date(2001, 1, 9), 88)


@pytest.fixture
def world():
    return build_world()


def write(tmp_path, headers, rows, name="居民.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(headers, rows))
    return path


def run_import(type_key, path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_registry", type_key, str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()


def resident_row(name="张桂兰", number=ID_A, room="101", **cells):
    row = dict(
        zip(
            RESIDENT_HEADERS,
            [name, number, "13800001234", "户主", G1111, "5号楼", "1", room, "", ""],
            strict=True,
        )
    )
    row.update(cells)
    return [row[header] for header in RESIDENT_HEADERS]


@pytest.fixture
def homes(world):
    return {
        room: make_household(world.nodes["g1111"], building="5号楼", unit="1", room=room)
        for room in ("101", "102")
    }


# -- households -----------------------------------------------------------------------------------
def test_households__imported_with_tags_then_updated_by_address(world, tmp_path):
    rows = [[G1111, "5号楼", "1", "101", "党员家庭", "一楼"], [G1111, "5号楼", "1", "102", "", ""]]
    ok, output = run_import("households", write(tmp_path, HOUSEHOLD_HEADERS, rows))
    assert ok, output
    first = Household.objects.get(room="101")
    assert first.grid == world.nodes["g1111"] and first.notes == "一楼"
    assert [t.name for t in first.tags.all()] == ["党员家庭"]
    rows[0][5] = "二楼"
    ok, output = run_import("households", write(tmp_path, HOUSEHOLD_HEADERS, rows))
    assert ok, output
    assert Household.objects.count() == 2
    assert Household.objects.get(room="101").notes == "二楼"


def test_households__community_grid_unknown_tag_and_building_are_row_errors(world, tmp_path):
    world.nodes["g1112"].coverage = "5号楼\n6号楼"
    world.nodes["g1112"].save()
    rows = [
        ["410101001001", "5号楼", "1", "101", "", ""],
        [G1111, "5号楼", "1", "102", "不存在的标签", ""],
        [G1112, "51号楼", "1", "103", "", ""],
    ]
    ok, output = run_import("households", write(tmp_path, HOUSEHOLD_HEADERS, rows))
    assert not ok
    assert "第 2 行，“网格编码”列" in output
    assert "不是您可导入的三级网格或微网格" in output
    assert "不存在的标签" in output
    assert "51号楼" in output and "华府2号网格" in output
    assert Household.objects.count() == 0


# -- residents: import ----------------------------------------------------------------------------
def test_residents__imported_with_groups_and_the_ledger_refreshed(world, homes, tmp_path):
    rows = [
        resident_row(特殊群体="独居老人"),
        resident_row("李四", ID_B.lower(), "102", 与户主关系="配偶"),
    ]
    ok, output = run_import("residents", write(tmp_path, RESIDENT_HEADERS, rows))
    assert ok, output
    zhang = Resident.objects.with_id_number(ID_A).get()
    assert zhang.household == homes["101"] and zhang.grid == world.nodes["g1111"]
    assert zhang.id_number == ID_A and zhang.id_number_masked.endswith(ID_A[-4:])
    assert [m.group.name for m in CareMembership.objects.filter(resident=zhang)] == ["独居老人"]
    # bulk-created memberships do not fire signals: the import refreshed the clock itself
    assert zhang.care_cycle_days is not None and zhang.next_visit_due is not None
    li = Resident.objects.with_id_number(ID_B).get()
    assert li.relation == "spouse" and li.care_cycle_days is None


def test_residents__a_reimport_updates_by_id_number(world, homes, tmp_path):
    existing = make_resident(homes["101"], name="张桂兰", id_number=ID_A)
    add_to_group(existing, "独居老人")
    rows = [resident_row("张桂兰", ID_A, "102", 电话="13900005678", 特殊群体="独居老人")]
    ok, output = run_import("residents", write(tmp_path, RESIDENT_HEADERS, rows))
    assert ok, output
    assert Resident.objects.count() == 1
    existing.refresh_from_db()
    assert existing.household == homes["102"] and existing.phone == "13900005678"
    assert CareMembership.objects.filter(resident=existing).count() == 1  # already active


def row_errors(tmp_path, rows, *args):
    ok, output = run_import("residents", write(tmp_path, RESIDENT_HEADERS, rows), *args)
    assert not ok
    return output


def test_residents__a_wrong_check_digit_names_row_and_column(world, homes, tmp_path):
    wrong = ID_A[:17] + ("0" if ID_A[17] != "0" else "1")
    output = row_errors(tmp_path, [resident_row(), resident_row("李四", wrong, "102")])
    assert "第 3 行，“身份证号”列" in output and "校验位" in output


def test_residents__a_short_id_number_says_how_long_it_should_be(world, homes, tmp_path):
    output = row_errors(tmp_path, [resident_row(number="41010319480502")])
    assert "身份证号" in output and "18" in output


def test_residents__unknown_grid_and_building(world, homes, tmp_path):
    world.nodes["g1111"].coverage = "5号楼"
    world.nodes["g1111"].save()
    output = row_errors(
        tmp_path,
        [resident_row(网格编码="410101009009009"), resident_row("李四", ID_B, 楼栋="51号楼")],
    )
    assert "410101009009009" in output and "网格编码" in output
    assert "51号楼" in output and "楼栋" in output


def test_residents__the_same_id_number_twice_in_the_file(world, homes, tmp_path):
    output = row_errors(tmp_path, [resident_row(), resident_row("李四", ID_A, "102")])
    assert "第 3 行，“身份证号”列：该身份证号已在文件第 2 行出现" in output


def test_residents__no_household_at_the_address(world, homes, tmp_path):
    output = row_errors(tmp_path, [resident_row(room="909")])
    assert "第 2 行，“房号”列" in output and "5号楼1单元909 没有住户" in output


def test_residents__registered_outside_the_users_scope_does_not_say_where(world, tmp_path):
    elsewhere = make_household(world.nodes["g1121"], building="邻居小区3栋", room="301")
    make_resident(elsewhere, id_number=ID_C)
    own = make_household(world.nodes["g1111"], building="5号楼", unit="1", room="101")
    editor = world.users[AccessRole.COMMUNITY_EDITOR]  # 华府社区: 邻居社区 is not theirs
    output = row_errors(tmp_path, [resident_row(number=ID_C)], "--user", editor.username)
    assert "该身份证号已登记" in output
    assert "邻居" not in output and "301" not in output
    assert Resident.objects.with_id_number(ID_C).get().household == elsewhere
    assert not own.residents.exists()


def test_residents__one_bad_row_rejects_the_whole_file(world, homes, tmp_path):
    output = row_errors(
        tmp_path, [resident_row(特殊群体="独居老人"), resident_row("李四", ID_B, "909")]
    )
    assert "909" in output
    assert not Resident.objects.exists() and not CareMembership.objects.exists()


def test_residents__gb18030_csv(world, homes, tmp_path):
    path = tmp_path / "居民.csv"
    path.write_bytes(csv_bytes(RESIDENT_HEADERS, [resident_row(备注="行动不便")], "gb18030"))
    ok, output = run_import("residents", path)
    assert ok, output
    resident = Resident.objects.get()
    assert resident.name == "张桂兰" and resident.notes == "行动不便"


def test_admin__upload_preview_confirm(world, homes, admin_client):
    upload = io.BytesIO(xlsx_bytes(RESIDENT_HEADERS, [resident_row()]))
    upload.name = "居民.xlsx"
    response = admin_client.post(
        reverse("governance_import_upload", args=["residents"]), {"file": upload}
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert not Resident.objects.exists()
    admin_client.post(reverse("governance_import_confirm", args=[job.pk]))
    assert Resident.objects.with_id_number(ID_A).exists()


# -- export ---------------------------------------------------------------------------------------
@pytest.fixture
def residents(world, homes):
    made = [
        make_resident(homes["101"], name="张桂兰", id_number=ID_A, phone="13800001234"),
        make_resident(homes["102"], name="=HYPERLINK(1)", id_number=ID_B, phone="13900005678"),
    ]
    add_to_group(made[0], "独居老人")
    return made


def export_rows(client, type_key="residents", reason="走访前核对名单"):
    response = client.post(reverse("governance_export", args=[type_key]), {"reason": reason})
    assert response.status_code == 200, response.content[:300]
    rows = read_xlsx(response.content)
    return [[cell.value for cell in row] for row in rows]


def test_export__masked_for_an_analyst(world, residents, client):
    client.force_login(world.users[AccessRole.ANALYST])
    rows = export_rows(client)
    text = repr(rows)
    assert len(rows) == 3
    for number, phone in ((ID_A, "13800001234"), (ID_B, "13900005678")):
        assert number not in text and phone not in text
    assert "张桂兰" not in text
    assert rows[1][1] == residents[0].id_number_masked
    assert rows[1][8] == "独居老人"


def test_export__unmasked_for_a_grid_worker_in_their_own_grid(world, residents, client):
    client.force_login(world.users[AccessRole.GRID_WORKER])
    rows = export_rows(client)
    assert rows[1][:3] == ["张桂兰", ID_A, "13800001234"]
    # formula-safe: a name that looks like a formula is written as text
    assert rows[2][0] != "=HYPERLINK(1)" and "HYPERLINK" in rows[2][0]


def test_export__asks_a_reason_and_logs_it(world, residents, client):
    worker = world.users[AccessRole.GRID_WORKER]
    client.force_login(worker)
    url = reverse("governance_export", args=["residents"])
    form = client.get(url)
    assert form.status_code == 200 and "导出原因" in form.content.decode()
    assert not PersonalDataAccess.objects.exists()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "导出原因" in refused.content.decode()
    too_long = client.post(url, {"reason": "因" * 201})
    assert too_long.status_code == 400
    assert not PersonalDataAccess.objects.exists()
    export_rows(client, reason="走访前核对名单")
    entry = PersonalDataAccess.objects.get()
    assert entry.user == worker and entry.action == "export" and entry.row_count == 2
    assert entry.reason == "走访前核对名单" and "居民" in entry.what
    assert entry.grid_path == world.nodes["g1111"].path


def test_export__households_ask_a_reason_too(world, homes, admin_client):
    assert admin_client.get(reverse("governance_export", args=["households"])).status_code == 200
    rows = export_rows(admin_client, "households")
    assert len(rows) == 3 and rows[1][:4] == [G1111, "5号楼", "1", "101"]
    assert PersonalDataAccess.objects.get().row_count == 2


def test_command__export_needs_a_reason_and_logs_it(world, residents, tmp_path):
    path = tmp_path / "居民.xlsx"
    with pytest.raises(CommandError, match="原因"):
        call_command("export_registry", "residents", str(path), stdout=io.StringIO())
    assert not path.exists() and not PersonalDataAccess.objects.exists()
    call_command(
        "export_registry", "residents", str(path), "--reason", "年度核查", stdout=io.StringIO()
    )
    assert read_xlsx(path.read_bytes())[1][1].value == ID_A
    entry = PersonalDataAccess.objects.get()
    assert entry.user is None and entry.reason == "年度核查" and entry.row_count == 2


def test_export__query_count_does_not_grow_with_rows(
    world, homes, client, django_assert_max_num_queries
):
    client.force_login(world.users[AccessRole.ANALYST])
    for n in range(3):
        add_to_group(make_resident(homes["101"], name=f"居民{n}"), "独居老人")
    with django_assert_max_num_queries(12) as few:
        export_rows(client)
    for n in range(30):
        add_to_group(make_resident(homes["102"], name=f"居民{n}"), "低保")
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = export_rows(client)
    assert len(rows) == 34


def test_template_explains_the_care_columns():
    notes = {
        row[0]: row[2]
        for row in load_workbook(io.BytesIO(template_workbook("residents")))["填写说明"].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert "户主、配偶" in notes["与户主关系"] and "顿号" in notes["特殊群体"]
    assert "校验位" in notes["身份证号"]
