"""网格地图: the grids under a node coloured by a figure, only what the user may see, the same
figures as the dashboards, and a fixed number of queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.events.factories import make_category, make_event
from governance.factories import make_grid
from governance.models import Grid
from tests.governance.care.ledger_world import build_care_world
from tests.governance.geo.shapes import square

pytestmark = pytest.mark.django_db

MAP = "/admin/registry/map/"
PLACES = {
    "d1": (113.60, 34.70, 0.08),
    "d2": (113.70, 34.70, 0.08),
    "s11": (113.60, 34.70, 0.04),
    "s12": (113.64, 34.70, 0.04),
    "c111": (113.60, 34.70, 0.02),
    "c112": (113.62, 34.70, 0.02),
    "g1111": (113.60, 34.70, 0.01),
    "g1112": (113.61, 34.70, 0.01),
    "g1121": (113.62, 34.70, 0.01),
}


@pytest.fixture
def world():
    care = build_care_world()
    for key, place in PLACES.items():
        grid = care.nodes[key]
        grid.boundary = square(*place)
        grid.save()
    for grid_key, count in (("g1111", 2), ("g1121", 1)):
        for _n in range(count):
            make_event(grid=care.nodes[grid_key], category=make_category())
    Grid.objects.filter(pk=care.nodes["g1111"].pk).update(households=120)
    Grid.objects.filter(pk=care.nodes["g1112"].pk).update(households=80)
    return care


def as_user(client, world, role):
    client.force_login(world.users[role])
    return client


def drawn(response) -> dict:
    html = response.content.decode()
    start = html.index('id="grid-map-data"')
    return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])


def values(response) -> dict[str, str]:
    return {
        f["properties"]["name"]: f["properties"]["shown"]
        for f in drawn(response)["grids"]["features"]
    }


def test_a_community_editor_sees_their_community_grids_and_nothing_else(client, world):
    response = as_user(client, world, "community_editor").get(MAP)

    assert response.status_code == 200
    assert values(response) == {"华府1号网格": "2", "华府2号网格": "0"}
    html = response.content.decode()
    assert "邻居" not in html and "远方社区" not in html and "二区" not in html
    # The dashed outline of the community they are looking into.
    assert drawn(response)["outline"]["type"] == "Polygon"


def test_the_choosers_offer_only_what_the_user_sees(client, world):
    html = as_user(client, world, "street_editor").get(MAP).content.decode()

    choosers = html.split("data-grid-map-choosers", 1)[1].split("</form>", 1)[0]
    assert "华府社区" in choosers and "邻居社区" in choosers
    assert "远方社区" not in choosers and "一区" not in choosers


@pytest.mark.parametrize(
    "node",
    ["s11", "c112", "g1121", "d2"],
)
def test_a_grid_outside_the_users_tree_is_not_found(client, world, node):
    response = as_user(client, world, "community_editor").get(MAP, {"node": world.nodes[node].pk})

    assert response.status_code == 404
    assert "您可查看的网格中没有这个编号" in response.content.decode()
    assert world.nodes[node].name not in response.content.decode()


@pytest.mark.parametrize("forged", ["abc", "-1", "99999999", "9" * 30, "1.5"])
def test_a_forged_id_is_not_found_not_a_server_error(admin_client, world, forged):
    response = admin_client.get(MAP, {"node": forged})

    assert response.status_code == 404


def test_an_unknown_figure_is_refused_in_chinese(admin_client, world):
    response = admin_client.get(MAP, {"figure": "salaries"})

    assert response.status_code == 400
    assert "地图没有“salaries”这项指标" in response.content.decode()


def test_a_superuser_starts_with_the_districts_side_by_side(admin_client, world):
    response = admin_client.get(MAP)

    assert values(response) == {"一区": "3", "二区": "0"}
    assert drawn(response)["outline"] is None


def test_every_figure_is_the_dashboards(client, world):
    client = as_user(client, world, "community_editor")

    def figure(key):
        return values(client.get(MAP, {"figure": key}))

    assert figure("events.open") == {"华府1号网格": "2", "华府2号网格": "0"}
    # No event was resolved: 办结率 has no accepted event to divide by.
    assert figure("events.resolution_rate") == {"华府1号网格": "—", "华府2号网格": "—"}
    # The ledger world: 1 of 2 residents covered at 1号, the 1 at 2号 never visited.
    assert figure("care.coverage") == {"华府1号网格": "50.0%", "华府2号网格": "0.0%"}
    assert figure("households") == {"华府1号网格": "120", "华府2号网格": "80"}


def test_the_legend_and_the_table_carry_the_figure(client, world):
    html = as_user(client, world, "community_editor").get(MAP).content.decode()

    assert "未办结事件" in html and "（件）" in html
    legend = html.split('class="grid-map__legend"', 1)[1].split("</ul>", 1)[0]
    assert "1–2" in legend or "2" in legend
    assert "无数据" in legend
    row = html.split('data-grid-code="' + world.nodes["g1111"].code, 1)[1].split("</tr>", 1)[0]
    assert ">2</td>" in row


def test_a_grid_opens_the_map_below_or_its_own_page(client, world):
    n = world.nodes
    make_grid(n["g1111"], name="华府1号网格1号微网格")

    editor = as_user(client, world, "community_editor").get(MAP)
    urls = {
        f["properties"]["name"]: f["properties"]["url"] for f in drawn(editor)["grids"]["features"]
    }

    assert urls["华府1号网格"] == f"{MAP}?node={n['g1111'].pk}&figure=events.open"
    assert urls["华府2号网格"] == reverse(
        "wagtailsnippets_governance_grid:edit", args=[n["g1112"].pk]
    )


def test_an_analyst_is_sent_to_the_grids_read_only_page(client, world):
    n = world.nodes
    response = as_user(client, world, "analyst").get(MAP, {"node": n["c111"].pk})

    urls = {
        f["properties"]["name"]: f["properties"]["url"]
        for f in drawn(response)["grids"]["features"]
    }
    assert urls["华府2号网格"] == reverse(
        "wagtailsnippets_governance_grid:inspect", args=[n["g1112"].pk]
    )


def test_the_deepest_choice_under_the_one_above_wins(admin_client, world):
    n = world.nodes
    # The street chooser was changed to 二街道; the community chooser still says 华府社区.
    response = admin_client.get(MAP, {"node": [n["d1"].pk, n["s12"].pk, n["c111"].pk]})

    assert response.status_code == 200
    assert response.context["grid_map"].node == n["s12"]
    assert [grid.name for grid in response.context["grid_map"].grids] == ["远方社区"]


def test_grids_without_a_boundary_are_listed_in_the_table(client, world):
    Grid.objects.filter(pk=world.nodes["g1112"].pk).update(boundary=None, extent_west=None)

    response = as_user(client, world, "community_editor").get(MAP)

    assert list(values(response)) == ["华府1号网格"]
    assert "华府2号网格" in response.content.decode()
    assert "还没有边界" in response.content.decode()


def test_the_registry_menu_offers_the_map(client, world):
    html = as_user(client, world, "grid_worker").get(reverse("wagtailadmin_home")).content.decode()

    # The sidebar is drawn from JSON, its labels escaped.
    assert json.dumps("网格地图") in html and f'"url": "{MAP}"' in html


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MAP, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "figure", ["events.open", "events.resolution_rate", "care.coverage", "households"]
)
def test_the_query_count_does_not_grow_with_the_grids(admin_client, world, figure):
    street = world.nodes["s11"]
    admin_client.get(MAP)  # the first request of a session warms caches (site, locale)
    few = queries_for(admin_client, {"node": street.pk, "figure": figure})

    for number in range(12):
        community = make_grid(street, name=f"新社区{number}", boundary=square(113.6, 34.72, 0.001))
        make_event(grid=make_grid(community, name=f"新网格{number}"), category=make_category())
    many = queries_for(admin_client, {"node": street.pk, "figure": figure})

    assert many == few
    assert many <= 30


def test_a_label_leaves_out_the_name_of_the_grid_mapped(client, world):
    make_grid(world.nodes["c111"], name="华府社区3号网格", boundary=square(113.60, 34.71, 0.01))

    response = as_user(client, world, "community_editor").get(MAP)

    labels = {
        f["properties"]["name"]: f["properties"]["label"]
        for f in drawn(response)["grids"]["features"]
    }
    assert labels["华府社区3号网格"] == "3号网格"
    assert labels["华府1号网格"] == "华府1号网格"
