import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks import default_task_backend

from governance.factories import PersonFactory, RoleFactory
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment, ImportJob, ImportStatus, Person
from governance.services.import_jobs import job_run
from tests.governance.spreadsheets import read_xlsx, xlsx_bytes

HEADERS = ["网格编码", "姓名", "角色", "电话", "电话公开"]


def roster(tree, count=3, bad_row=None):
    codes = [g.code for g in tree["grid"]]
    rows = [
        [codes[i % len(codes)], f"居民{i}", "网格员", "13900001111", "否"] for i in range(count)
    ]
    if bad_row is not None:
        rows[bad_row][0] = "123"
    return SimpleUploadedFile(
        "花名册.xlsx",
        xlsx_bytes(HEADERS, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.mark.django_db
def test_admin_import__upload_preview_confirm(admin_client, tree):
    RoleFactory(name="网格员")

    upload = admin_client.post(
        reverse("governance_import_upload", args=["people"]), {"file": roster(tree)}
    )
    preview = admin_client.get(upload["Location"])

    assert Person.objects.count() == 0
    html = preview.content.decode()
    assert "以上为预检结果" in html and "新建：3" in html
    job = ImportJob.objects.get()
    confirmed = admin_client.post(reverse("governance_import_confirm", args=[job.pk]))
    done = admin_client.get(confirmed["Location"]).content.decode()

    assert Person.objects.count() == 3
    assert "导入完成" in done
    history = admin_client.get(reverse("governance_import_history")).content.decode()
    assert "花名册.xlsx" in history and "正式导入" in history


@pytest.mark.django_db
def test_admin_import__a_bad_row_is_shown_with_row_and_column_and_cannot_be_confirmed(
    admin_client, tree
):
    RoleFactory(name="网格员")

    upload = admin_client.post(
        reverse("governance_import_upload", args=["people"]), {"file": roster(tree, 5, bad_row=2)}
    )
    html = admin_client.get(upload["Location"]).content.decode()

    assert "第 4 行" in html and "网格编码" in html
    assert "确认导入" not in html
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert admin_client.post(reverse("governance_import_confirm", args=[job.pk])).status_code in (
        302,
        403,
    )
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_admin_import__a_non_spreadsheet_gets_a_400_with_a_message(admin_client):
    bad = SimpleUploadedFile("名单.xlsx", b"this is not a workbook")

    response = admin_client.post(
        reverse("governance_import_upload", args=["people"]), {"file": bad}
    )

    assert response.status_code == 400
    assert "不是可读取的 .xlsx 工作簿" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_admin_import__every_upload_is_read_by_the_worker_with_progress(
    admin_client, tree, settings
):
    RoleFactory(name="网格员")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    upload = admin_client.post(
        reverse("governance_import_upload", args=["people"]), {"file": roster(tree, 50)}
    )
    waiting = admin_client.get(upload["Location"]).content.decode()

    job = ImportJob.objects.get()
    [queued] = default_task_backend.results
    assert queued.args == [job.pk]
    assert job.status == ImportStatus.QUEUED and job.total_rows == 0  # not read in the request
    assert "正在后台处理" in waiting and "等待后台任务进程" in waiting
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting
    job_run(job.pk)
    finished = admin_client.get(upload["Location"]).content.decode()
    assert "新建：50" in finished


@pytest.mark.django_db
def test_admin_import__denied_to_analysts_and_other_peoples_jobs(client, tree, django_user_model):
    analyst = django_user_model.objects.create_user("an", password="x-pass-2026!", is_staff=True)
    Assignment.objects.create(user=analyst, grid=tree["district"][0], role=AccessRole.ANALYST)
    from governance.groups import ensure_staff_groups

    analyst.groups.add(ensure_staff_groups()[0])
    other = django_user_model.objects.create_superuser("boss2", "b@example.com", "pw-boss-2026!")
    job = ImportJob.objects.create(
        type_key="people", mode="preview", file_name="x.xlsx", user=other
    )
    client.force_login(analyst)

    upload = client.post(
        reverse("governance_import_upload", args=["people"]), {"file": roster(tree)}
    )
    peek = client.get(reverse("governance_import_job", args=[job.pk]))

    assert upload.status_code in (302, 403) and not ImportJob.objects.filter(user=analyst).exists()
    assert peek.status_code == 404


@pytest.mark.django_db
def test_admin_export__the_filtered_listing(admin_client, tree):
    role = RoleFactory(name="网格员")
    inside = PersonFactory(grid=tree["grid"][0], name="街道一的人", role=role)
    outside = PersonFactory(grid=tree["grid"][-1], name="街道二的人", role=role)

    response = admin_client.get(
        reverse("governance_export", args=["people"]),
        {"format": "csv", "within": tree["street"][0].pk},
    )

    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert inside.name in text and outside.name not in text


@pytest.mark.django_db
def test_admin_template__lists_the_columns_and_instructions(admin_client):
    from openpyxl import load_workbook

    response = admin_client.get(reverse("governance_import_template", args=["tallies"]))
    workbook = load_workbook(io.BytesIO(response.content))

    assert [c.value for c in workbook.worksheets[0][1]][:3] == ["网格编码", "网格名称", "统计项"]
    assert workbook.worksheets[1].title == "填写说明"


@pytest.mark.django_db
def test_commands__export_then_import_and_reject_with_exit_status(tree, tmp_path):
    role = RoleFactory(name="网格员")
    PersonFactory(grid=tree["grid"][0], name="王芳", role=role)
    path = tmp_path / "people.xlsx"
    out = io.StringIO()

    call_command("export_registry", "people", str(path), stdout=out)
    call_command("import_registry", "people", str(path), "--dry-run", stdout=out)

    assert "未变 1" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes(HEADERS, [["1", "某人", "网格员", "", "否"]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="文件被拒绝"):
        call_command("import_registry", "people", str(bad), stderr=err)
    assert "第 2 行，“网格编码”列" in err.getvalue()


@pytest.mark.django_db
def test_admin_export__has_the_rows_the_listing_shows_for_a_search_and_filter(admin_client, tree):
    role = RoleFactory(name="网格员")
    chief = RoleFactory(name="网格长")
    wanted = PersonFactory(grid=tree["grid"][0], name="王建华", role=role)
    other_role = PersonFactory(grid=tree["grid"][0], name="王建国", role=chief)
    other_name = PersonFactory(grid=tree["grid"][0], name="李明", role=role)
    query = {"q": "王建", "role": role.pk}

    listing = admin_client.get(reverse("wagtailsnippets_governance_person:list"), query)
    export = admin_client.get(
        reverse("governance_export", args=["people"]), {**query, "format": "csv"}
    )

    shown = {p.name for p in listing.context["object_list"]}
    text = export.content.decode("utf-8-sig")
    assert shown == {wanted.name}
    assert wanted.name in text
    assert other_role.name not in text and other_name.name not in text


@pytest.mark.django_db
def test_admin_export__of_the_grid_tree_is_the_whole_branch_not_one_level(
    client, tree, django_user_model
):
    community = tree["community"][0]
    editor = django_user_model.objects.create_user("ed", password="pw-editor-2026!")
    editor.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(user=editor, grid=community, role=AccessRole.COMMUNITY_EDITOR)
    client.force_login(editor)

    top = client.get(reverse("governance_export", args=["grids"]), {"format": "xlsx"})
    branch = client.get(
        reverse("governance_export", args=["grids"]), {"format": "xlsx", "parent": community.pk}
    )

    top_codes = {row[0].value for row in read_xlsx(top.content)[1:]}
    branch_codes = {row[0].value for row in read_xlsx(branch.content)[1:]}
    below = {g.code for g in tree["grid"] + tree["micro"] if g.path.startswith(community.path)}
    assert top_codes == below | {community.code}
    assert branch_codes == below


@pytest.mark.django_db
def test_admin_upload__a_file_just_over_the_size_limit_is_said_to_be_over_it(
    admin_client, settings
):
    """The limit is in binary megabytes (40 MB = 41,943,040 bytes): a file one byte over it
    must not read "41.9 MB; the limit is 42 MB"."""
    settings.IMPORT_MAX_BYTES = 40 * 1024 * 1024
    upload = SimpleUploadedFile("大.csv", b"a" * (settings.IMPORT_MAX_BYTES + 1))

    answer = admin_client.post(
        reverse("governance_import_upload", args=["people"]), {"file": upload}
    )

    assert answer.status_code == 400
    assert "文件大小为 40.0 MB，上限为 40 MB。" in answer.content.decode()
    assert not ImportJob.objects.exists()
