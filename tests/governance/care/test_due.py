"""本月待走访: the ledger's residents due by the end of this month, overdue first, within the
user's scope, names masked for those who do not see personal data, in fixed queries."""

import datetime

import pytest
from django.utils import timezone

from governance.care.factories import add_to_group, make_household, make_resident, make_visit
from governance.care.selectors import due_counts_by_grid, due_page, last_day_of_month
from governance.models import AccessRole
from governance.permissions import scope_for
from tests.governance.care.ledger_world import build_care_world, days_ago

pytestmark = pytest.mark.django_db

URL = "/admin/care/due/"


@pytest.fixture
def care():
    return build_care_world()


def names(rows):
    return [row.name for row in rows]


def test_last_day_of_month():
    assert last_day_of_month(datetime.date(2028, 2, 3)) == datetime.date(2028, 2, 29)
    assert last_day_of_month(datetime.date(2026, 12, 31)) == datetime.date(2026, 12, 31)


def test_due__overdue_first_then_nearest_and_only_the_ledger(care, admin_user):
    # The covered resident's next visit falls after this month unless today is late in it.
    covered_due = care.fresh("covered").next_visit_due
    _page, rows = due_page(scope_for(admin_user))

    # Never visited: due since joining 100 days ago; 赵大山 due 20 days ago; 李建国 13 days ago.
    expected = ["张桂兰", "赵大山", "李建国"]
    if covered_due <= last_day_of_month(timezone.localdate()):
        expected.append("王秀英")
    assert names(rows) == expected
    never = rows[0]
    assert never.last_visited_on is None and never.groups == ["孤寡老人"]
    assert never.days_overdue == 100 and never.overdue
    assert rows[1].days_overdue == 20
    assert rows[2].days_overdue == 13 and rows[2].address == "51号楼1单元102"


def test_due__ordered_by_date_then_id(care, admin_user):
    grid = care.nodes["g1112"]
    twins = []
    for room in ("501", "502"):
        resident = make_resident(make_household(grid, room=room), name="孙丽")
        add_to_group(resident, "低保")
        make_visit(resident, at=days_ago(31))
        twins.append(resident.pk)

    _page, rows = due_page(scope_for(admin_user), node=grid)

    assert [row.pk for row in rows] == [care.residents["never"].pk, *twins]


def test_due__a_worker_sees_only_their_grid_with_names(care):
    worker = care.users[AccessRole.GRID_WORKER]

    _page, rows = due_page(scope_for(worker))

    assert names(rows) == ["李建国"]
    assert due_counts_by_grid(scope_for(worker)) == [("410101001001001", "华府1号网格", 1)]


def test_due__an_analyst_sees_masked_names(care):
    analyst = care.users[AccessRole.ANALYST]

    _page, rows = due_page(scope_for(analyst))

    assert names(rows) == ["张**", "李**"]
    assert [row.grid_name for row in rows] == ["华府2号网格", "华府1号网格"]


def test_due__counts_per_grid_in_one_query(care, admin_user, django_assert_num_queries):
    scope = scope_for(admin_user)
    with django_assert_num_queries(1):
        counts = due_counts_by_grid(scope, node=care.nodes["d1"])

    assert counts == [("410101001001001", "华府1号网格", 1), ("410101001001002", "华府2号网格", 1)]


@pytest.mark.parametrize("count", [5, 50])
def test_due__queries_do_not_grow_with_residents(
    care, client, count, django_assert_max_num_queries
):
    grid = care.nodes["g1111"]
    groups = ["低保", "独居老人"]
    for number in range(count):
        resident = make_resident(make_household(grid, room=f"8{number:02d}"), name="周强")
        add_to_group(resident, groups[number % 2])
        add_to_group(resident, "残障")
    worker = care.users[AccessRole.GRID_WORKER]
    client.force_login(worker)

    with django_assert_max_num_queries(18):
        response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    # A page holds 50 cards; the worker's grid has 李建国 and the new residents.
    assert page.count("记录走访") == min(1 + count, 50)
    assert "低保、残障" in page and "独居老人、残障" in page


def test_page__a_worker_sees_names_links_and_nothing_of_other_grids(care, client):
    client.force_login(care.users[AccessRole.GRID_WORKER])

    page = client.get(URL).content.decode()

    overdue = care.residents["overdue"]
    assert "本月待走访" in page and "李建国" in page and "已超期 13 天" in page
    assert f'href="/admin/care/visits/new/{overdue.pk}/"' in page
    assert "51号楼1单元102" in page and "独居老人" in page
    for other in ("张桂兰", "赵大山", "王秀英", "刘德明", "13800"):
        assert other not in page


def test_page__an_analyst_sees_masked_names_and_never_a_phone(care, client):
    overdue = care.fresh("overdue")
    overdue.phone = "13912345678"
    overdue.save()
    client.force_login(care.users[AccessRole.ANALYST])

    page = client.get(URL).content.decode()

    assert "李**" in page and "张**" in page
    assert "李建国" not in page and "张桂兰" not in page
    assert "13912345678" not in page and "1391" not in page
    # An analyst reads the list; a link to a form they may not use would be a dead end.
    assert "记录走访" not in page and "/admin/care/visits/new/" not in page


def test_page__a_grid_filter_narrows_to_its_subtree(care, client):
    client.force_login(care.users[AccessRole.ANALYST])

    page = client.get(URL, {"grid": "410101001001002"}).content.decode()

    assert "张**" in page and "李**" not in page


@pytest.mark.parametrize("code", ["410102001001001", "410101001001002", "999", "<b>"])
def test_page__a_grid_outside_the_scope_shows_nothing_and_says_so(care, client, code):
    client.force_login(care.users[AccessRole.GRID_WORKER])

    response = client.get(URL, {"grid": code})

    page = response.content.decode()
    assert response.status_code == 200
    assert "您可查看的网格中没有编码为" in page
    assert "记录走访" not in page and "赵大山" not in page and "张桂兰" not in page
    if code == "<b>":
        assert "“&lt;b&gt;”" in page


def test_page__a_user_without_any_grid_is_refused(care, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))

    assert client.get(URL).status_code in (302, 403)


def test_menu__the_item_shows_for_users_with_a_grid(care, client):
    client.force_login(care.users[AccessRole.ANALYST])

    assert URL in client.get("/admin/").content.decode()
