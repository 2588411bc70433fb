"""The resident record: ID number validated, derived, encrypted, searchable; the ledger's clock."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from governance import periodic
from governance.care.factories import add_to_group, make_household, make_resident, make_visit
from governance.care.id_numbers import clean_id_number, fictional_id_number
from governance.care.models import Resident, Visit
from governance.care.services import ledger
from governance.factories import make_grid

pytestmark = pytest.mark.django_db

VALID = fictional_id_number("410103", datetime.date(1948, 5, 2), 27)


@pytest.fixture
def grid():
    district = make_grid(name="二七区", code="410103")
    street = make_grid(district, name="人和路街道")
    community = make_grid(street, name="华府社区")
    return make_grid(community, name="华府社区5号网格")


def test_check_digit_is_computed_and_checked():
    assert clean_id_number(VALID.lower()) == VALID
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        clean_id_number(wrong)
    with pytest.raises(ValidationError, match="18"):
        clean_id_number("4101031948")
    with pytest.raises(ValidationError, match="出生日期"):
        clean_id_number("410103" + "19481302" + "0271")


def test_full_width_digits_are_accepted():
    full_width = VALID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert clean_id_number(full_width) == VALID


def test_birth_date_and_sex_come_from_the_number(grid):
    resident = make_resident(grid=grid, id_number=VALID)
    assert resident.birth_date == datetime.date(1948, 5, 2)
    assert resident.sex == ("M" if int(VALID[16]) % 2 else "F")
    assert resident.id_number_masked == VALID[:4] + "*" * 10 + VALID[-4:]


def test_the_table_holds_no_plaintext_number(grid):
    make_resident(grid=grid, id_number=VALID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM care_resident")
        rows = cursor.fetchall()
    stored = " ".join(str(value) for row in rows for value in row)
    assert VALID not in stored
    # Nothing from which the number could be put back together: not the birth date, not the
    # masked form's first and last four characters.
    assert VALID[6:14] not in stored and "1948-05-02" not in stored
    assert "*" * 10 not in stored
    assert not any(str(value).endswith(VALID[-4:]) for row in rows for value in row)


def test_found_by_exact_number_only(grid):
    resident = make_resident(grid=grid, id_number=VALID)
    assert list(Resident.objects.with_id_number(VALID)) == [resident]
    assert not Resident.objects.with_id_number(VALID[:17] + "X").exists()
    assert Resident.objects.get(pk=resident.pk).id_number == VALID


def test_due_date_follows_cycle_and_last_visit(grid):
    resident = make_resident(grid=grid)
    assert Resident.objects.get(pk=resident.pk).care_cycle_days is None
    membership = add_to_group(resident, "低保", start=datetime.date(2026, 1, 1))
    add_to_group(resident, "独居老人", start=datetime.date(2026, 3, 1))
    resident.refresh_from_db()
    assert resident.care_cycle_days == 7
    assert resident.next_visit_due == datetime.date(2026, 1, 1)
    visit = make_visit(resident)
    resident.refresh_from_db()
    assert resident.next_visit_due == resident.last_visited_on + datetime.timedelta(days=7)
    visit.delete()
    membership.delete()
    resident.refresh_from_db()
    assert resident.last_visited_on is None
    assert resident.next_visit_due == datetime.date(2026, 3, 1)


def test_erasing_a_resident_keeps_visits_without_words(grid):
    resident = make_resident(grid=make_household(grid).grid)
    make_visit(resident, findings="腿脚不便", needs="需要助餐")
    resident.delete()
    visit = Visit.objects.get()
    assert visit.resident is None and visit.findings == "" and visit.needs == ""


def test_saving_an_old_copy_keeps_the_clock(grid):
    resident = make_resident(grid=grid)
    old_copy = Resident.objects.get(pk=resident.pk)
    add_to_group(resident, "独居老人", start=datetime.date(2026, 1, 1))
    old_copy.notes = "改了备注"
    old_copy.save()
    fresh = Resident.objects.get(pk=resident.pk)
    assert fresh.notes == "改了备注" and fresh.care_cycle_days == 7


def test_the_worker_drops_a_membership_that_ended_with_the_date(grid):
    resident = make_resident(grid=grid)
    add_to_group(
        resident, "独居老人", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30)
    )
    # Saved while the membership was still running (the clock of 2026-06-01).
    ledger.refresh([resident.pk], today=datetime.date(2026, 6, 1))
    assert Resident.objects.get(pk=resident.pk).care_cycle_days == 7

    job = next(job for job in periodic.jobs() if job.name == "care-ledger")
    job.run()

    assert Resident.objects.get(pk=resident.pk).care_cycle_days is None
