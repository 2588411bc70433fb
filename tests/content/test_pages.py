import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Page

from content.demo import notice_index_under
from content.factories import add_notice, build_site
from content.models import NoticeCategory
from content.search.slugs import pinyin_slug
from governance.factories import (
    AmenityFactory,
    PersonFactory,
    RoleFactory,
    ServicePointFactory,
    ServicePointKindFactory,
    TeamTypeFactory,
    VolunteerTeamFactory,
    make_grid,
)
from governance.models import Grid, GridLevel, Person


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


@pytest.fixture
def roles(db):
    return {
        name: RoleFactory(name=name, contact_card_order=order)
        for name, order in [("网格长", 1), ("网格员", 2), ("社区民警", 3), ("社区医生", 4)]
    } | {"下沉干部": RoleFactory(name="下沉干部")}


def fill_community(community: Grid, roles, *, grids: int):
    """Gives a community `grids` third-level grids with people, teams and service points."""
    kind = ServicePointKindFactory(name="暖心驿站", slug="warm-station", is_warm_station=True)
    water = AmenityFactory(name="饮水")
    PersonFactory(
        grid=community, role=roles["社区民警"], name=f"{community.name}民警", phone_public=True
    )
    for number in range(grids):
        grid = make_grid(
            community, name=f"{community.name}{number + 1}号网格", coverage=f"{number + 1}号楼"
        )
        PersonFactory(grid=grid, role=roles["网格长"], name=f"{grid.name}长", phone_public=True)
        PersonFactory(
            grid=grid, role=roles["下沉干部"], name=f"{grid.name}干部", phone_public=False
        )
        VolunteerTeamFactory(grid=grid, name=f"{grid.name}队", team_type=TeamTypeFactory())
        point = ServicePointFactory(grid=grid, name=f"{grid.name}驿站", kind=kind)
        point.amenities.set([water])


@pytest.mark.django_db
def test_community_page__shows_brand_teams_and_notices_in_brand_colour(client, site, roles):
    page = site["communities"][0]
    page.brand_name, page.slogan, page.brand_colour = "有事好商量", "邻里协商", "#0b5d3b"
    page.save_revision().publish()
    fill_community(page.grid, roles, grids=2)
    add_notice(site["notice_lists"][0], "停车议事会")

    html = client.get(page.url).content.decode()

    assert "有事好商量" in html and "邻里协商" in html
    assert "--brand: #0b5d3b" in html
    assert f"{page.grid.name}1号网格队" in html
    assert "停车议事会" in html


@pytest.mark.django_db
def test_service_guide__cards_show_only_public_contacts_and_find_by_building(client, site, roles):
    community = site["communities"][0]
    fill_community(community.grid, roles, grids=3)
    guide = site["guides"][0]

    html = client.get(guide.url).content.decode()
    found = client.get(guide.url, {"find": "2号楼"}).content.decode()

    assert f"{community.grid.name}1号网格长" in html
    assert f"{community.grid.name}民警" in html  # the community's police officer is on every card
    assert "干部" not in html
    assert "与“2号楼”相符的网格" in found
    assert found.split("全部网格")[0].count("便民服务连心卡</span>") == 1


@pytest.mark.django_db
def test_service_guide__finder_first_then_the_grids_collapsed_with_buildings_in_a_list(
    client, site
):
    community = site["communities"][0].grid
    make_grid(community, name="华府测试网格", coverage="21号楼\n22号楼\n\n23号楼 ")

    html = client.get(site["guides"][0].url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    grids = soup.select(".grid-index details")
    added = next(grid for grid in grids if "华府测试网格" in grid.summary.text)
    buildings = [item.text for item in added.select(".contact-card__buildings li")]

    assert html.index('role="search"') < html.index("grid-index") < html.index("circle-heading")
    assert len(grids) == Grid.objects.subtree(community).filter(level=GridLevel.GRID).count()
    assert not any(grid.has_attr("open") for grid in grids)
    assert "21号楼、22号楼、23号楼" in added.summary.text
    assert buildings == ["21号楼", "22号楼", "23号楼"]


@pytest.mark.django_db
def test_service_guide__rings_filter_by_kind_and_list_warm_stations(client, site, roles):
    community = site["communities"][0]
    fill_community(community.grid, roles, grids=2)
    ServicePointFactory(grid=community.grid, name="社区超市", walking_minutes=5)

    guide = site["guides"][0].url
    warm_only = client.get(guide, {"kind": "warm-station"}).content.decode()
    everything = client.get(guide).content.decode()

    circle = warm_only.split("一刻钟服务圈")[1].split("暖心驿站</h2>")[0]
    assert "社区超市" not in circle
    assert "社区超市" in everything
    assert "饮水" in everything.split("暖心驿站</h2>")[1]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 12])
def test_community_and_guide_pages__constant_queries(
    client, site, roles, size, django_assert_max_num_queries
):
    community = site["communities"][0]
    fill_community(community.grid, roles, grids=size)
    for index in range(size):
        add_notice(site["notice_lists"][0], f"通知{index}")

    # The community page: 26, and 1 for the finished projects (我们办成的事, none here).
    with django_assert_max_num_queries(27):
        assert client.get(community.url).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(site["guides"][0].url).status_code == 200


@pytest.mark.django_db
def test_notices__a_community_sees_its_own_its_streets_and_districts_not_its_siblings(client, site):
    own, sibling = site["communities"][0], site["communities"][1]
    add_notice(site["notice_lists"][0], "本社区通知")
    add_notice(site["notice_lists"][1], "邻社区通知")
    add_notice(notice_index_under(site["streets"][0]), "街道通知")
    add_notice(notice_index_under(site["district"]), "区级通知")
    add_notice(notice_index_under(site["home"]), "全站通知")
    assert own.grid.get_parent() == sibling.grid.get_parent()

    html = client.get(site["notice_lists"][0].url).content.decode()

    for title in ["本社区通知", "街道通知", "区级通知", "全站通知"]:
        assert title in html
    assert "邻社区通知" not in html


@pytest.mark.django_db
def test_area_pages__list_only_the_places_below_them(client, site):
    notice_index_under(site["streets"][0])
    notice_index_under(site["district"])

    def below(page) -> list[str]:
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        heading = html.find(id="below-heading")
        return [a.get_text() for a in heading.find_next("ul").find_all("a")] if heading else []

    assert below(site["district"]) == [street.title for street in site["streets"]]
    assert below(site["streets"][0]) == [
        page.title for page in site["communities"] if page.get_parent().pk == site["streets"][0].pk
    ]


@pytest.mark.django_db
def test_notices__expired_leave_lists_but_keep_their_address(client, site):
    expired = add_notice(site["notice_lists"][0], "防汛提示", days_ago=60, expires_in=30)
    add_notice(site["notice_lists"][0], "有效通知")

    listing = client.get(site["notice_lists"][0].url).content.decode()
    page = client.get(expired.url)

    assert "防汛提示" not in listing and "有效通知" in listing
    assert page.status_code == 200
    assert "本通知已过期" in page.content.decode()


@pytest.mark.django_db
def test_notices__category_filter_and_pagination(client, site):
    policy = NoticeCategory.objects.create(name="政策解读", slug="policy")
    for index in range(12):
        add_notice(site["notice_lists"][0], f"普通通知{index:02d}", days_ago=index + 1)
    add_notice(site["notice_lists"][0], "政策文件", category=policy)
    url = site["notice_lists"][0].url

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    policies = client.get(url, {"category": "policy"}).content.decode()

    assert "第 1 页 / 共 2 页" in first
    assert "普通通知11" in second
    assert "政策文件" in policies and "普通通知00" not in policies


@pytest.mark.django_db
def test_private_people_never_appear_on_any_public_page(client, site, roles):
    for community in site["communities"]:
        fill_community(community.grid, roles, grids=2)
    PersonFactory(
        grid=Grid.objects.filter(level=GridLevel.GRID).first(),
        role=roles["网格长"],
        name="不公开的网格长",
        phone="13712345678",
        phone_public=False,
    )
    bodies = [
        client.get(page.url).content.decode() for page in Page.objects.live().specific() if page.url
    ]
    bodies += [client.get("/search/", {"q": q}).content.decode() for q in ["网格长", "网格"]]
    bodies.append(client.get("/sitemap.xml").content.decode())

    private = Person.objects.filter(phone_public=False)
    assert private.count() > 1
    for body in bodies:
        for person in private:
            assert person.name not in body and person.phone not in body


@pytest.mark.django_db
def test_pages__get_pinyin_slugs(site):
    assert pinyin_slug("华府社区") == "hua-fu-she-qu"
    community = site["communities"][0]
    assert community.slug.isascii() and community.slug.startswith("ce-shi")


@pytest.mark.django_db
def test_community_page__refuses_a_brand_colour_white_text_cannot_be_read_on(site):
    page = site["communities"][0]
    page.brand_colour = "#ffe066"

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "对比度" in str(error.value)


@pytest.mark.django_db
def test_home__portal_has_figures_featured_communities_and_sitemap(client, site):
    home = client.get("/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "志愿服务队" in home and "暖心驿站" in home
    assert site["communities"][0].title in home
    assert site["communities"][0].slug in sitemap


@pytest.mark.django_db
def test_public_pages__title_description_and_open_graph(client, site):
    html = client.get(site["communities"][0].url).content.decode()

    assert f"<title>{site['communities'][0].title} · 网格通</title>" in html
    assert 'name="description"' in html and 'property="og:title"' in html


@pytest.mark.django_db
def test_favicon__pages_link_the_icon_and_the_usual_address_leads_to_it(client, site):
    page = client.get(site["home"].url).content.decode()
    asked = client.get("/favicon.ico")

    assert 'rel="icon" href="/static/content/favicon.svg"' in page
    assert asked.status_code == 301 and asked["Location"].endswith("content/favicon.svg")


@pytest.mark.django_db
def test_robots_txt__keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
