import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from governance.models import Grid, GridLevel, Person, TallyEntry, VolunteerTeam


def snapshot():
    return {
        "grids": list(Grid.objects.values_list("code", "path", "name")),
        "people": sorted(Person.objects.values_list("grid__code", "role__name", "name", "phone")),
        "teams": sorted(VolunteerTeam.objects.values_list("grid__code", "name")),
        "tallies": TallyEntry.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo__twice_leaves_the_same_data():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())

    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo__builds_the_places_of_the_seed_reports(client):
    call_command("seed_demo", stdout=io.StringIO())

    districts = set(Grid.objects.at_level(GridLevel.DISTRICT).values_list("name", "code"))
    assert {("二七区", "410103"), ("中原区", "410102")} <= districts
    huafu_5 = Grid.objects.get(name="华府社区5号网格")
    assert huafu_5.households == 372
    assert Grid.objects.subtree(huafu_5, include_self=False).filter(level=GridLevel.MICRO).exists()
    assert client.get("/").status_code == 200
    assert client.login(username="admin", password="changeme")


@pytest.mark.django_db
def test_seed_demo__event_tallies_add_up(client):
    call_command("seed_demo", stdout=io.StringIO())

    totals = dict(TallyEntry.objects.values_list("kind__name").annotate(Sum("value")))

    assert totals["上报事件"] == totals["自行处置事件"] + totals["闭环流转事件"] > 0


@pytest.mark.django_db
def test_seed_demo__an_editors_dashboard_is_headed_with_the_product_name_not_localhost(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.login(username="huafu_editor", password="changeme")

    html = client.get("/admin/").content.decode()
    heading = html.split('<h1 class="w-h1 w-mt-0">', 1)[1].split("</h1>", 1)[0].strip()

    assert heading == "网格通 CivicGrid"


@pytest.mark.django_db
def test_seed_demo__page_links_point_at_the_address_the_demo_is_served_at(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8791"
    call_command("seed_demo", stdout=io.StringIO())

    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8791").content.decode()

    assert "<loc>http://127.0.0.1:8791/" in sitemap and "localhost" not in sitemap
