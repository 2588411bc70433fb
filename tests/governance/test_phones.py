"""Phones: a mobile or a landline, in the person form, the people import and the care app alike."""

import pytest
from django.urls import reverse

from governance.factories import RoleFactory
from governance.models import Person
from governance.phones import normalise_phone_text
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.governance.spreadsheets import xlsx_bytes

HEADERS = ["网格编码", "姓名", "角色", "电话", "电话公开"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("１３８００１３８０００", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0371-61234567", "0371-61234567"),
        ("（0371）6123 4567", "0371-61234567"),
        ("010-12345678转123", "010-12345678-123"),
    ],
)
def test_phone__typed_forms_fold_to_one(typed, kept):
    assert normalise_phone_text(typed) == kept


def import_people(tree, phones):
    RoleFactory(name="网格员")
    code = tree["grid"][0].code
    rows = [[code, f"居民{i}", "网格员", phone, "是"] for i, phone in enumerate(phones)]
    sheet = read_spreadsheet(xlsx_bytes(HEADERS, rows), "名单.xlsx")
    return registry_import(type_key="people", sheet=sheet, user=None, dry_run=False)


@pytest.mark.django_db
def test_people_import__a_seven_digit_public_phone_is_a_row_error_naming_the_cell(tree):
    report = import_people(tree, ["13900001111", "6123456", "1290000111"])

    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(3, "电话"), (4, "电话")]
    assert "“6123456”不是电话号码" in report.problems[0].message
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_people_import__full_width_and_spaced_phones_are_kept_in_one_form(tree):
    report = import_people(tree, ["１３９ ００００ １１１１", "0371 6123 4567"])

    assert report.ok, report.lines()
    assert sorted(Person.objects.values_list("phone", flat=True)) == [
        "0371-61234567",
        "13900001111",
    ]


@pytest.mark.django_db
def test_person_form__refuses_a_seven_digit_phone_and_folds_a_full_width_one(admin_client, tree):
    grid = tree["grid"][0]
    role = RoleFactory(name="网格员").pk
    url = reverse("wagtailsnippets_governance_person:add")

    refused = admin_client.post(
        url, {"name": "张三", "role": role, "grid": grid.pk, "phone": "6123456"}
    )
    added = admin_client.post(
        url, {"name": "李四", "role": role, "grid": grid.pk, "phone": "１３９００００１１１１"}
    )

    assert refused.status_code == 200
    assert "“6123456”不是电话号码" in refused.content.decode()
    assert added.status_code == 302
    assert Person.objects.get().phone == "13900001111"
