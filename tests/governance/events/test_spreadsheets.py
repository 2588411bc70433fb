"""The events spreadsheet: another platform's history in, the events out, through the registry
pipeline (dry-run, row errors, whole or nothing) and its commands and admin pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance.events.factories import make_category, make_event
from governance.events.models import Event, EventSource, EventState, MoveAction
from governance.events.services import workflow
from governance.models import AccessRole, ImportJob
from governance.permissions import EXPORT, ROLE_ACTIONS
from tests.governance.permission_world import build_world
from tests.governance.spreadsheets import read_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db

WORKER, COMMUNITY, STREET, ANALYST = (
    AccessRole.GRID_WORKER,
    AccessRole.COMMUNITY_EDITOR,
    AccessRole.STREET_EDITOR,
    AccessRole.ANALYST,
)
HEADERS = [
    "原平台编号",
    "事件类别",
    "标题",
    "描述",
    "地址",
    "所属网格编码",
    "上报时间",
    "办结时间",
    "状态",
    "处置方式",
    "满意度",
]
G1111, G1112, G1121 = "410101001001001", "410101001001002", "410101001002001"


def history_rows():
    return [
        [
            "ZZ-001",
            "消防安全",
            "消防通道堵塞",
            "3号楼通道堆放杂物",
            "华府路5号",
            G1111,
            "2026-10-08 09:15",
            "2026-10-08 11:00",
            "已办结",
            "自行处置",
            "满意",
        ],
        [
            "ZZ-002",
            "市容环境",
            "行道树病虫害滴油",
            "",
            "人和路口",
            G1112,
            "2026/10/9 14:00",
            "2026/10/12 10:30",
            "已关闭",
            "闭环流转",
            "",
        ],
        ["ZZ-003", "市容环境", "楼道堆物", "", "", G1111, "2026年10月10日", "", "不予受理", "", ""],
        [
            "ZZ-004",
            "消防安全",
            "停水",
            "",
            "",
            G1112,
            "2026-11-20 08:00",
            "2026-11-20 18:00",
            "已办结",
            "自行处置",
            "",
        ],
    ]


def write(tmp_path, rows, name="历史事件.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(HEADERS, rows))
    return path


def import_file(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_registry", "events", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()


@pytest.fixture
def world(db, clock):
    world = build_world()
    make_category("消防安全", code="fire")
    make_category("市容环境", code="city")
    return world


def test_import__dry_run_writes_nothing(world, tmp_path):
    ok, output = import_file(write(tmp_path, history_rows()), "--dry-run")

    assert ok and "新建 4" in output
    assert Event.objects.count() == 0


def test_import__history_arrives_imported_numbered_and_settled(world, tmp_path):
    ok, output = import_file(write(tmp_path, history_rows()))

    assert ok, output
    events = {event.external_number: event for event in Event.objects.all()}
    assert len(events) == 4 and all(e.is_imported for e in events.values())
    assert all(e.source == EventSource.PLATFORM for e in events.values())
    rated = events["ZZ-001"]
    assert rated.number.startswith("SJ20261008-")
    assert (rated.state, rated.rating, rated.escalated) == (EventState.CLOSED, 4, False)
    assert rated.handled_on_the_spot
    loop = events["ZZ-002"]
    assert (loop.state, loop.escalated) == (EventState.CLOSED, True)
    assert loop.closed_at == loop.resolved_at
    rejected = events["ZZ-003"]
    assert rejected.state == EventState.REJECTED and rejected.rejection_reason
    unrated = events["ZZ-004"]
    assert unrated.state == EventState.RESOLVED and unrated.deadline is None
    assert list(rated.moves.values_list("action", flat=True)) == [
        MoveAction.REPORT,
        MoveAction.RESOLVE,
        MoveAction.RATE,
    ]
    assert "ZZ-001" in rated.moves.first().note and "导入" in rated.moves.first().note


def test_import__the_same_external_numbers_again_update_rather_than_duplicate(world, tmp_path):
    import_file(write(tmp_path, history_rows()))
    numbers = dict(Event.objects.values_list("external_number", "number"))

    ok, again = import_file(write(tmp_path, history_rows()))
    assert ok and Event.objects.count() == 4
    rows = history_rows()
    rows[1][2] = "行道树病虫害滴油（复查）"
    ok, changed = import_file(write(tmp_path, rows))

    assert ok, changed
    assert Event.objects.count() == 4
    assert dict(Event.objects.values_list("external_number", "number")) == numbers
    event = Event.objects.get(external_number="ZZ-002")
    assert event.title == "行道树病虫害滴油（复查）"
    assert event.moves.filter(action=MoveAction.REPORT).count() == 1


def test_import__bad_rows_reject_the_whole_file_with_rows_and_columns_in_chinese(world, tmp_path):
    rows = history_rows()
    rows[0][5] = "999"  # unknown grid
    rows[1][8] = "处置中"  # not a finished state
    rows[2][7] = "2026-10-11"  # a rejected event with a time of resolution
    rows[3][7] = "2026-11-19 08:00"  # resolved before reported
    rows.append(list(rows[0]))  # the same external number twice

    ok, output = import_file(write(tmp_path, rows))

    assert not ok and Event.objects.count() == 0
    assert "第 2 行，“所属网格编码”列：网格编码“999”不存在" in output
    assert "第 3 行，“状态”列：只能导入已办结、已关闭、不予受理的事件" in output
    assert "第 4 行，“办结时间”列：不予受理的事件不应填写办结时间" in output
    assert "第 5 行，“办结时间”列：办结时间早于上报时间" in output
    assert "第 6 行：与第 2 行重复" in output


def test_import__grids_outside_the_users_scope_are_refused(world, tmp_path):
    rows = history_rows()[:1]
    rows[0][5] = G1121

    ok, output = import_file(write(tmp_path, rows), "--user", f"u_{COMMUNITY}")

    assert not ok and Event.objects.count() == 0
    assert G1121 in output


def test_import__an_event_handled_here_since_its_import_is_not_overwritten(world, tmp_path):
    import_file(write(tmp_path, history_rows()))
    event = Event.objects.get(external_number="ZZ-004")
    workflow.event_reopen(event, by=world.users[STREET], reason="居民反映仍未恢复供水")

    ok, output = import_file(write(tmp_path, history_rows()))

    assert not ok and "已在本系统中办理" in output
    event.refresh_from_db()
    assert event.state == EventState.ACCEPTED


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_round_trip__imported_events_exported_and_imported_again_are_unchanged(
    world, tmp_path, suffix
):
    import_file(write(tmp_path, history_rows()))
    path = tmp_path / f"导出.{suffix}"
    call_command("export_registry", "events", str(path), stdout=io.StringIO())

    ok, output = import_file(path)

    assert ok and "未变 4" in output, output


def exported(tmp_path, user=None):
    path = tmp_path / "事件.xlsx"
    args = ["--user", user.username] if user else []
    call_command("export_registry", "events", str(path), *args, stdout=io.StringIO())
    rows = read_xlsx(path.read_bytes())
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, [cell.value for cell in row], strict=True)) for row in rows[1:]]


@pytest.fixture
def reported(world):
    return make_event(
        grid=world.nodes["g1111"],
        by=world.users[WORKER],
        title='=HYPERLINK("http://evil")',
        reporter_name="王小明",
        reporter_phone="13812345678",
    )


def test_export__formulas_are_neutralised(world, reported, tmp_path):
    (row,) = exported(tmp_path)

    assert row["标题"] == '\'=HYPERLINK("http://evil")'
    assert row["事件编号"] == reported.number and row["状态"] == "待受理"


def test_export__the_reporters_contact_is_masked_for_those_who_may_not_see_it(
    world, reported, tmp_path
):
    (full,) = exported(tmp_path, world.users[STREET])
    (masked,) = exported(tmp_path, world.users[ANALYST])

    assert (full["报告人"], full["报告人电话"]) == ("王小明", "13812345678")
    assert (masked["报告人"], masked["报告人电话"]) == ("王**", "138****5678")


def test_export__only_events_in_the_users_subtrees(world, reported, tmp_path):
    make_event(grid=world.nodes["g1121"], title="路口安全隐患")

    assert [row["标题"] for row in exported(tmp_path, world.users[COMMUNITY])] == [
        '\'=HYPERLINK("http://evil")'
    ]


def test_admin__upload_preview_confirm(world, admin_client):
    upload = SimpleUploadedFile("历史事件.xlsx", xlsx_bytes(HEADERS, history_rows()))

    response = admin_client.post(
        reverse("governance_import_upload", args=["events"]), {"file": upload}
    )
    preview = admin_client.get(response["Location"]).content.decode()

    assert "新建：4" in preview and Event.objects.count() == 0
    job = ImportJob.objects.get()
    confirmed = admin_client.post(reverse("governance_import_confirm", args=[job.pk]))
    done = admin_client.get(confirmed["Location"]).content.decode()

    assert "导入完成" in done and Event.objects.filter(is_imported=True).count() == 4


def test_admin__a_bad_row_is_shown_and_cannot_be_confirmed(world, admin_client):
    rows = history_rows()
    rows[2][8] = "待受理"
    upload = SimpleUploadedFile("历史事件.xlsx", xlsx_bytes(HEADERS, rows))

    response = admin_client.post(
        reverse("governance_import_upload", args=["events"]), {"file": upload}
    )
    html = admin_client.get(response["Location"]).content.decode()

    assert "第 4 行" in html and "状态" in html and "确认导入" not in html


def test_admin__export_masks_for_an_analyst(world, reported, client):
    client.force_login(world.users[ANALYST])

    response = client.get(reverse("governance_export", args=["events"]))
    rows = read_xlsx(response.content)

    assert response.status_code == 200
    assert [cell.value for cell in rows[1]][-1] == "138****5678"


def test_admin__export_and_import_are_refused_without_the_right(world, client, monkeypatch):
    worker = world.users[WORKER]
    monkeypatch.setitem(ROLE_ACTIONS, WORKER, ROLE_ACTIONS[WORKER] - {EXPORT})
    client.force_login(worker)

    # Refused: the admin sends the user home with a message instead of a file or a form.
    for url in (
        reverse("governance_export", args=["events"]),
        reverse("governance_import_upload", args=["events"]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403) and "Content-Disposition" not in response


def test_admin__the_template_lists_the_import_columns(world, admin_client):
    response = admin_client.get(reverse("governance_import_template", args=["events"]))
    headers = [cell.value for cell in read_xlsx(response.content)[0]]

    assert set(HEADERS) <= set(headers)
