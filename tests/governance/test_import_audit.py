"""A confirmed import leaves its trail: one log entry per row it writes, naming the job, in the
record's history; the preview shows what each of the first changed rows will change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from governance.factories import PersonFactory, RoleFactory
from governance.models import ImportJob, Person, RegistryLogEntry
from tests.governance.spreadsheets import xlsx_bytes

HEADERS = ["网格编码", "姓名", "角色", "电话", "电话公开", "派出单位"]


@pytest.fixture
def roster_world(tree):
    role = RoleFactory(name="网格员")
    grid = tree["grid"][0]
    moved = PersonFactory(grid=grid, role=role, name="张三", phone="13900001111", unit="街道办")
    same = PersonFactory(grid=grid, role=role, name="李四", phone="13900002222", unit="街道办")
    rows = [
        [grid.code, "张三", "网格员", "13900001111", "否", "社区居委会"],
        [grid.code, "李四", "网格员", "13900002222", "否", "街道办"],
        [grid.code, "王五", "网格员", "13900003333", "否", "街道办"],
    ]
    upload = SimpleUploadedFile("花名册.xlsx", xlsx_bytes(HEADERS, rows))
    return {"moved": moved, "same": same, "upload": upload}


def preview_and_confirm(client, upload):
    uploaded = client.post(reverse("governance_import_upload", args=["people"]), {"file": upload})
    preview_html = client.get(uploaded["Location"]).content.decode()
    preview = ImportJob.objects.get()
    confirmed = client.post(reverse("governance_import_confirm", args=[preview.pk]))
    client.get(confirmed["Location"])
    return preview_html, ImportJob.objects.get(mode="apply")


@pytest.mark.django_db
def test_import_audit__one_entry_per_written_row_naming_the_job(admin_client, roster_world):
    preview_html, job = preview_and_confirm(admin_client, roster_world["upload"])

    new = Person.objects.get(name="王五")
    entries = RegistryLogEntry.objects.filter(action="civicgrid.import")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        [str(new.pk), str(roster_world["moved"].pk)]
    )
    assert not RegistryLogEntry.objects.for_instance(roster_world["same"]).exists()
    changed = RegistryLogEntry.objects.for_instance(roster_world["moved"]).get()
    assert changed.data["import_job"] == job.pk
    assert changed.changes == {"派出单位": ["街道办", "社区居委会"]}
    assert changed.user == job.user
    assert changed.grid_path == roster_world["moved"].grid.path


@pytest.mark.django_db
def test_import_audit__the_record_history_names_the_import(admin_client, roster_world):
    _preview_html, job = preview_and_confirm(admin_client, roster_world["upload"])

    person = roster_world["moved"]
    history = admin_client.get(
        reverse(person.snippet_viewset.get_url_name("history"), args=[person.pk])
    ).content.decode()

    assert f"由导入 #{job.pk}（花名册.xlsx）修改" in history
    assert "街道办 → 社区居委会" in history


@pytest.mark.django_db
def test_import_preview__shows_old_and_new_of_the_changed_cells(admin_client, roster_world):
    preview_html, _job = preview_and_confirm(admin_client, roster_world["upload"])

    assert "前几行将作的改动" in preview_html
    assert "<del>街道办</del> → <ins>社区居委会</ins>" in preview_html
    assert "王五" in preview_html
    # The preview wrote nothing to the log; the unchanged row is not listed.
    assert "李四" not in preview_html.split("前几行将作的改动")[1]


@pytest.mark.django_db
def test_import_audit__a_command_line_import_says_so(tree, tmp_path):
    RoleFactory(name="网格员")
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, [[tree["grid"][0].code, "王五", "网格员", "", "否", ""]]))

    call_command("import_registry", "people", str(path))

    entry = RegistryLogEntry.objects.get()
    assert entry.object_id == str(Person.objects.get().pk)
    assert entry.message == "由命令行导入新建"
