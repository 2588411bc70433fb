import pytest
from django.urls import reverse

from governance.factories import (
    PersonFactory,
    RoleFactory,
    TallyEntryFactory,
    TallyKindFactory,
    make_grid,
)
from governance.models import Grid, Person, TallyEntry
from governance.periods import Period

GRID_ADMIN = "wagtailsnippets_governance_grid"


def grid_form_data(**overrides):
    data = {
        "name": "",
        "code": "",
        "level": "",
        "kind": "regular",
        "households": "0",
        "population": "0",
        "buildings": "0",
        "coverage": "",
        "service_hotline": "",
        "latitude": "",
        "longitude": "",
        "boundary": "null",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_admin_add_grid__under_a_parent_places_it_in_the_tree(admin_client):
    district = make_grid(name="二七区", code="410103")

    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:add"),
        grid_form_data(parent=district.pk, name="人和路街道", code="410103001", level="2"),
    )

    assert response.status_code == 302
    street = Grid.objects.get(code="410103001")
    assert street.get_parent() == district
    assert street.path.startswith(district.path)


@pytest.mark.django_db
def test_admin_add_grid__with_a_foreign_code_is_refused_with_a_clear_message(admin_client):
    district = make_grid(name="二七区", code="410103")

    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:add"),
        grid_form_data(parent=district.pk, name="人和路街道", code="410102001", level="2"),
    )

    assert response.status_code == 200
    assert "必须以上级网格的编码“410103”开头" in response.content.decode()
    assert not Grid.objects.filter(code="410102001").exists()


@pytest.mark.django_db
def test_admin_add_grid__at_the_wrong_level_is_refused(admin_client):
    district = make_grid(name="二七区", code="410103")

    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:add"),
        grid_form_data(parent=district.pk, name="华府社区", code="410103001001", level="3"),
    )

    assert response.status_code == 200
    assert "下级网格的层级必须是“街道（一级网格）”" in response.content.decode()
    assert Grid.objects.count() == 1


@pytest.mark.django_db
def test_admin_grid_listing__browses_into_children_with_breadcrumbs(admin_client, tree):
    community = tree["community"][0]

    response = admin_client.get(reverse(f"{GRID_ADMIN}:list") + f"?parent={community.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    for child in community.get_children():
        assert child.name in html
    assert tree["community"][1].name not in html.split("<main")[-1].split("breadcrumb")[-1]
    assert tree["street"][0].name in html  # breadcrumb to the street


@pytest.mark.django_db
def test_admin_grid_listing__is_in_chinese(admin_client, tree):
    html = admin_client.get(reverse(f"{GRID_ADMIN}:list")).content.decode()

    for label in ["统一编码", "层级", "户数", "人口"]:
        assert label in html


@pytest.mark.django_db
def test_admin_grid_inspect__shows_the_rollup_table(admin_client, tree):
    kind = TallyKindFactory(name="网格议事会")
    TallyEntryFactory(kind=kind, grid=tree["grid"][0], value=11, month=Period.month(2026, 3))
    TallyEntryFactory(kind=kind, grid=tree["micro"][0], value=4, month=Period.month(2026, 3))
    street = tree["street"][0]

    response = admin_client.get(reverse(f"{GRID_ADMIN}:inspect", args=[street.pk]) + "?period=2026")

    html = response.content.decode()
    assert "网格议事会" in html
    assert "<strong>15</strong>" in html


@pytest.mark.django_db
def test_admin_dashboard__shows_registry_figures(admin_client, tree):
    PersonFactory(grid=tree["grid"][0], role=RoleFactory(name="网格长"))

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "网格长：1" in html
    assert "三级网格：8" in html


@pytest.fixture
def thousand_people(tree):
    role = RoleFactory(name="网格员")
    grids = tree["grid"]
    Person.objects.bulk_create(
        Person(name=f"人员{i}", phone=f"1390000{i:04d}", role=role, grid=grids[i % len(grids)])
        for i in range(1000)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1", "20"])
def test_admin_people_listing__fixed_query_budget_at_1000_rows(
    admin_client, thousand_people, django_assert_max_num_queries, page
):
    url = reverse("wagtailsnippets_governance_person:list")
    with django_assert_max_num_queries(30):
        response = admin_client.get(url, {"p": page})
    assert response.status_code == 200
    assert response.content.decode().count("人员") >= 50


@pytest.mark.django_db
def test_admin_tally_listing__fixed_query_budget_at_1000_rows(
    admin_client, tree, django_assert_max_num_queries
):
    kinds = [TallyKindFactory(name=f"统计{i}") for i in range(10)]
    months = [Period.month(2026, m) for m in range(1, 13)]
    TallyEntry.objects.bulk_create(
        TallyEntry(kind=k, grid=g, period_start=m.start, period_end=m.end, value=1)
        for g in tree["grid"] + tree["micro"]
        for k in kinds
        for m in months[:7]
    )
    assert TallyEntry.objects.count() >= 1000

    with django_assert_max_num_queries(30):
        response = admin_client.get(reverse("wagtailsnippets_governance_tallyentry:list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_grid_form__an_empty_boundary_is_an_empty_box_not_null(admin_client):
    district = make_grid(name="二七区", code="410103")

    html = admin_client.get(reverse(f"{GRID_ADMIN}:edit", args=[district.pk])).content.decode()

    box = html.split('name="boundary"', 1)[1].split("</textarea>", 1)[0]
    assert "null" not in box


@pytest.mark.django_db
def test_inspect__an_empty_date_reads_as_a_dash_not_none(admin_client):
    person = PersonFactory(grid=make_grid(name="二七区", code="410103"), end_date=None)

    html = admin_client.get(
        reverse("wagtailsnippets_governance_person:inspect", args=[person.pk])
    ).content.decode()

    end_date = html.split("结束日期", 1)[1].split("</dd>", 1)[0]
    assert "None" not in end_date and "—" in end_date


@pytest.fixture
def community_with_figures(db):
    """A district and community that fill in none of their own figures, as in the demo."""
    district = make_grid(name="二七区", code="410103")
    street = make_grid(district, name="人和路街道", code="410103001")
    community = make_grid(street, name="华府社区", code="410103001001")
    for number, (households, population) in enumerate([(300, 800), (200, 500)], start=1):
        grid = make_grid(
            community,
            name=f"华府{number}号网格",
            code=f"410103001001{number:03}",
            households=households,
            population=population,
        )
        PersonFactory(grid=grid, role=RoleFactory(name=f"网格员{number}"))
    return {"district": district, "community": community}


def listing_row(html: str, name: str) -> str:
    body = html.split("<tbody", 1)[1]
    return " ".join(body.split(name, 1)[1].split("</tr>", 1)[0].split())


@pytest.mark.django_db
def test_admin_grid_listing__an_empty_figure_shows_the_subtree_total_marked_as_such(
    admin_client, community_with_figures
):
    html = admin_client.get(reverse(f"{GRID_ADMIN}:list")).content.decode()
    row = listing_row(html, "二七区")

    assert "500 <small" in row and "1300 <small" in row and "2 <small" in row
    assert row.count("下辖合计") == 3


@pytest.mark.django_db
def test_admin_grid_listing__a_grids_own_figure_is_shown_unmarked(
    admin_client, community_with_figures
):
    community = community_with_figures["community"]
    url = reverse(f"{GRID_ADMIN}:list") + f"?parent={community.pk}"

    row = listing_row(admin_client.get(url).content.decode(), "华府1号网格")

    assert "300" in row and "800" in row and "下辖合计" not in row


@pytest.mark.django_db
def test_admin_grid_inspect__an_empty_own_figure_names_the_subtree_total(
    admin_client, community_with_figures
):
    community = community_with_figures["community"]

    html = admin_client.get(reverse(f"{GRID_ADMIN}:inspect", args=[community.pk])).content.decode()

    assert "本级未填写；下辖网格合计 500" in html
    assert "本级未填写；下辖网格合计 1300" in html
