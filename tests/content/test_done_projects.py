"""我们办成的事 on community pages: the finished projects staff published in the community's
subtree, with who took each up, when it was finished, the outcome and the first photo."""

import datetime
import io
import itertools

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from content.factories import build_site
from governance.factories import VolunteerTeamFactory
from governance.officials.factories import make_official, make_project
from governance.officials.models import ProjectPhoto, ProjectStatus
from tests.rendering import rendering_client

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
HEADING = "我们办成的事"


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


@pytest.fixture
def community(site):
    return site["communities"][0]


def photo(project, caption=""):
    picture = io.BytesIO()
    PillowImage.new("RGB", (320, 240), (30, 120, 60)).save(picture, "JPEG")
    image = get_image_model().objects.create(
        title=f"成效照片{next(_numbers)}", file=ImageFile(picture, name="outcome.jpg")
    )
    return ProjectPhoto.objects.create(project=project, image=image, caption=caption)


def finished(grid, title, **fields):
    fields = {
        "status": ProjectStatus.DONE,
        "finished_on": datetime.date(2026, 9, 30),
        "outcome": "两部电梯已投入使用，惠及 48 户。",
        "is_public": True,
    } | fields
    return make_project(grid, title=title, **fields)


def section(client, page, **query) -> str:
    html = client.get(page.url, query).content.decode()
    if HEADING not in html:
        return ""
    start = html.index('class="done-projects"')
    return html[start : html.index("</section>", start)]


def test_done_projects__published_ones_with_claimant_date_outcome_and_photo(tree, community):
    grid = tree["grid"][0]  # a third-level grid of the community: its subtree counts
    official = make_official(grid, name="王小明", phone="13912345678")
    lift = finished(grid, "老旧小区加装电梯", official=official)
    photo(lift, caption="新装的电梯")
    photo(lift, caption="第二张照片")
    team = VolunteerTeamFactory(grid=grid, name="红色宣讲队")
    finished(community.grid, "楼道微改造", team=team, finished_on=datetime.date(2026, 10, 8))

    html = section(Client(), community)

    assert HEADING in Client().get(community.url).content.decode()
    assert html.index("楼道微改造") < html.index("老旧小区加装电梯")  # newest first
    assert "王小明 领题 · 2026年9月30日 办结" in html
    assert "红色宣讲队 领题 · 2026年10月8日 办结" in html
    assert "两部电梯已投入使用，惠及 48 户。" in html
    assert html.count("<img") == 1 and 'alt="新装的电梯"' in html
    assert 'src="/media/images/' in html and ".fill-640x360." in html  # a rendition
    assert "13912345678" not in html and "139****5678" not in html


def test_done_projects__no_phone_is_even_read(tree, community):
    grid = tree["grid"][0]
    finished(grid, "老旧小区加装电梯", official=make_official(grid, phone="13912345678"))
    Client().get(community.url)

    with CaptureQueriesContext(connection) as captured:
        rendering_client().get(community.url)

    projects = [q["sql"] for q in captured.captured_queries if "officials_project" in q["sql"]]
    assert projects and not any("phone" in sql for sql in projects)


def test_done_projects__unpublished_unfinished_and_other_communities_never_show(
    tree, site, community
):
    grid = tree["grid"][0]
    finished(grid, "未公开的项目", is_public=False)
    make_project(grid, title="攻坚中的项目")
    make_project(grid, title="已放弃的项目", status=ProjectStatus.DROPPED)
    finished(tree["community"][1], "别的社区的项目")

    html = Client().get(community.url).content.decode()
    other = section(Client(), site["communities"][1])

    assert HEADING not in html  # nothing published here: no section at all
    for title in ("未公开的项目", "攻坚中的项目", "已放弃的项目", "别的社区的项目"):
        assert title not in html
    assert "别的社区的项目" in other


def test_done_projects__only_on_community_pages(tree, site):
    finished(tree["grid"][0], "老旧小区加装电梯")

    assert HEADING not in Client().get(site["streets"][0].url).content.decode()
    assert HEADING not in Client().get(site["district"].url).content.decode()


def test_done_projects__a_cached_page_follows_publishing(tree, community):
    project = finished(tree["grid"][0], "老旧小区加装电梯", is_public=False)
    before = Client().get(community.url).content.decode()

    project.is_public = True
    project.save()
    after = Client().get(community.url).content.decode()

    assert "老旧小区加装电梯" not in before and "老旧小区加装电梯" in after


def test_done_projects__the_page_reads_the_same_number_of_queries_however_many(tree, community):
    grids = itertools.cycle(tree["grid"][:2])

    def queries_for_the_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = rendering_client().get(community.url)
        assert HEADING in page.content.decode()
        return len(captured)

    def add_projects(count):
        for index in range(count):
            grid = next(grids)
            project = finished(grid, f"项目{index}", official=make_official(grid))
            photo(project)
        queries_for_the_page()  # the photos' renditions are made on the first view

    add_projects(1)
    few = queries_for_the_page()
    add_projects(9)

    assert queries_for_the_page() == few


@pytest.mark.parametrize("size", [1, 12])
def test_done_projects__the_community_page_stays_within_its_query_budget(
    tree, community, size, django_assert_max_num_queries
):
    for index in range(size):
        grid = tree["grid"][index % 2]
        photo(finished(grid, f"项目{index}", official=make_official(grid)))
    Client().get(community.url)  # the photos' renditions are made on the first view

    # The page's own budget (test_pages.py), with three more for the photos, their images and
    # the images' renditions.
    with django_assert_max_num_queries(30):
        assert HEADING in rendering_client().get(community.url).content.decode()
