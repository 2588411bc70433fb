"""The demo tells one story: its notices agree with its registry, and its editors follow the
approval workflow the README promises."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from content.models import CommunityPage, NoticePage
from content.selectors import service_guide
from governance.models import Grid, Person

GRID_NUMBER = re.compile(r"(\d+)号网格")
BUILDINGS = re.compile(r"(\d+)号楼(?:至(\d+)号楼)?")


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def named_buildings(text: str) -> list[str]:
    return [
        f"{number}号楼"
        for first, last in BUILDINGS.findall(text)
        for number in range(int(first), int(last or first) + 1)
    ]


def test_demo_notices__name_the_grid_their_buildings_are_in(demo):
    checked = []
    for notice in NoticePage.objects.live():
        text = f"{notice.summary} {notice.body}"
        numbers = set(GRID_NUMBER.findall(text))
        if not numbers:
            continue
        community = CommunityPage.objects.get(grid__path=notice.area_path)
        named = {f"{community.grid.name}{number}号网格" for number in numbers}
        for building in named_buildings(text):
            found = service_guide(community.grid, find=building).found_cards
            assert {card.grid.name for card in found} == named, (notice.title, building)
            checked.append(building)

    assert checked, "a demo notice names a grid and its buildings"


def test_demo__community_editors_submit_and_street_editors_approve(demo):
    users = get_user_model().objects
    huafu, renhe = users.get(username="huafu_editor"), users.get(username="renhe_editor")
    community = CommunityPage.objects.get(title="华府社区")
    notice = NoticePage.objects.descendant_of(community).get(title="华府小区停水通知")

    assert not notice.permissions_for_user(huafu).can_publish()
    assert not notice.permissions_for_user(huafu).can_delete()
    assert notice.permissions_for_user(huafu).can_edit()
    assert notice.permissions_for_user(renhe).can_publish()
    task = notice.get_workflow().workflow_tasks.get().task.specific
    assert list(task.groups.values_list("user__username", flat=True)) == ["renhe_editor"]


def guide_links(html: str) -> list[str]:
    return re.findall(r'<li><a href="([^"]*fuwu-zhinan[^"]*)"', html)


def test_demo_search__a_building_lands_on_the_guide_with_its_card_open(demo, client):
    html = client.get("/search/", {"q": "33号楼"}).content.decode()
    links = guide_links(html)

    assert links and links[0].endswith("?find=33%E5%8F%B7%E6%A5%BC#cards-heading")
    guide = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert "与“33号楼”相符的网格" in guide and "3号网格" in guide.split("相符的网格")[1]


@pytest.mark.parametrize("query", [{"q": "办公时间"}, {"q": "暖心驿站", "type": "guide"}])
def test_demo_search__hours_and_warm_stations_find_the_guides(demo, client, query):
    assert guide_links(client.get("/search/", query).content.decode())


def test_demo_search__no_private_data_in_the_guides_index(demo, client):
    person = Person.objects.public_contacts().filter(grid__name__startswith="华府社区").first()

    html = client.get("/search/", {"q": person.name, "type": "guide"}).content.decode()

    assert not guide_links(html) and person.phone not in html


def test_demo_search__each_community_introduces_itself_in_its_own_words(demo, client):
    intros = [page.intro for page in CommunityPage.objects.all()]

    assert len(set(intros)) == len(intros)
    html = client.get("/search/", {"q": "网格员"}).content.decode()
    excerpts = re.findall(r'<p class="search-results__excerpt">(.*?)</p>', html)
    assert len(set(excerpts)) > len(excerpts) // 2


@pytest.mark.parametrize("typed", ["33栋", "３３幢", "华府路"])
def test_demo_guide__the_finder_reads_buildings_and_roads_as_residents_write_them(
    demo, client, typed
):
    guide = CommunityPage.objects.get(title="华府社区").get_children().get(slug="fuwu-zhinan")

    html = client.get(guide.url, {"find": typed}).content.decode()

    assert "相符的网格" in html and "华府社区3号网格" in html


def test_demo_guide__indexed_again_when_a_grid_covers_a_new_building(
    demo, client, django_capture_on_commit_callbacks
):
    grid = Grid.objects.get(name="华府社区2号网格")
    grid.coverage += "\n华府小区新建9号商住楼"
    with django_capture_on_commit_callbacks(execute=True):
        grid.save()

    assert guide_links(client.get("/search/", {"q": "商住楼"}).content.decode())
