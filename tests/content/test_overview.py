"""The editors' content overview (内容总览, wagtail-modeladmin): every notice, policy explainer and
survey in the editor's part of the page tree, with filters, each row linking to the page editor."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.demo import (
    notice_index_under,
    seed_survey,
)
from content.factories import add_notice
from content.models import NoticeCategory

OVERVIEW = reverse("content-overview_modeladmin_index")


@pytest.fixture
def content(site, community_editor):
    """Notices of every kind in the first community, one next door and one site-wide."""
    own = site["notice_lists"][0]
    policy = NoticeCategory.objects.create(name="政策解读", slug="policy")
    pages = {
        "current": add_notice(own, "本社区通知"),
        "policy": add_notice(own, "政策解读文件", category=policy),
        "draft": add_notice(own, "草稿通知", live=False),
        "expired": add_notice(own, "过期通知", days_ago=40, expires_in=30),
        "soon": add_notice(own, "将到期通知", days_ago=1, expires_in=4),
        "later": add_notice(own, "下月到期通知", days_ago=1, expires_in=40),
        "submitted": add_notice(own, "待审核通知", live=False),
        "survey": seed_survey(site["communities"][0]),
        "next_door": add_notice(site["notice_lists"][1], "邻社区通知"),
        "other_street": add_notice(site["notice_lists"][2], "另一街道通知"),
        "site_wide": add_notice(notice_index_under(site["home"]), "全站通知"),
    }
    revision = pages["submitted"].save_revision(user=community_editor)
    pages["submitted"].get_workflow().start(pages["submitted"], community_editor)
    assert revision and pages["submitted"].workflow_in_progress
    return pages


def listed(response) -> dict[str, dict[str, str]]:
    """The listing's rows: title → {column: text, "href": the title's link}."""
    assert response.status_code == 200
    rows = {}
    for row in BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr"):
        link = row.select_one("td.field-page_title a")
        cells = {
            td["data-label"]: td.get_text(" ", strip=True) for td in row.select("td[data-label]")
        }
        rows[link.get_text(strip=True)] = cells | {"href": link["href"]}
    return rows


OWN = {"本社区通知", "政策解读文件", "草稿通知", "过期通知", "将到期通知", "下月到期通知"}
OWN |= {"待审核通知", "居民需求调查表"}


@pytest.mark.django_db
def test_overview__a_community_editor_sees_only_their_communitys_notices_and_surveys(
    client, community_editor, content
):
    client.force_login(community_editor)

    rows = listed(client.get(OVERVIEW))

    assert set(rows) == OWN
    survey = content["survey"]
    assert rows["居民需求调查表"]["href"].startswith(
        reverse("wagtailadmin_pages:edit", args=[survey.pk])
    )
    assert rows["本社区通知"]["区域"] == content["current"].get_parent().get_parent().title
    assert rows["政策解读文件"]["分类"] == "政策解读"
    assert rows["居民需求调查表"]["分类"] == "居民问卷"


@pytest.mark.django_db
def test_overview__a_street_editor_sees_their_communities_and_a_superuser_everything(
    client, street_editor, admin_user, content
):
    client.force_login(street_editor)
    street = set(listed(client.get(OVERVIEW)))
    client.force_login(admin_user)
    everything = listed(client.get(OVERVIEW))

    assert street == OWN | {"邻社区通知"}
    assert set(everything) == OWN | {"邻社区通知", "另一街道通知", "全站通知"}
    assert everything["全站通知"]["区域"] == "全站"


@pytest.mark.django_db
def test_overview__columns_show_expiry_and_status(client, community_editor, content):
    client.force_login(community_editor)

    rows = listed(client.get(OVERVIEW))

    assert "已过期" in rows["过期通知"]["有效期至"]
    assert "3 天后到期" in rows["将到期通知"]["有效期至"]
    assert rows["下月到期通知"]["有效期至"] == content["later"].expiry_date.isoformat()
    assert rows["本社区通知"]["有效期至"] == "-"
    assert [rows[title]["状态"] for title in ["本社区通知", "草稿通知", "待审核通知"]] == [
        "已发布",
        "草稿",
        "待审核",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "policy"}, {"政策解读文件"}),
        ({"category": "survey"}, {"居民需求调查表"}),
        ({"live": "draft"}, {"草稿通知", "待审核通知"}),
        ({"live": "live"}, OWN - {"草稿通知", "待审核通知"}),
        ({"expiry": "expired"}, {"过期通知"}),
        ({"expiry": "soon"}, {"将到期通知"}),
        ({"approval": "awaiting"}, {"待审核通知"}),
        ({"category": "notice", "live": "draft"}, {"草稿通知", "待审核通知"}),
    ],
)
def test_overview__filters(client, community_editor, content, query, expected):
    client.force_login(community_editor)

    assert set(listed(client.get(OVERVIEW, query))) == expected


@pytest.mark.django_db
def test_overview__area_filter_offers_and_applies_only_the_editors_areas(
    client, street_editor, site, content
):
    client.force_login(street_editor)
    own, next_door = site["communities"][0], site["communities"][1]
    outside = site["communities"][2]

    html = client.get(OVERVIEW).content.decode()
    filtered = listed(client.get(OVERVIEW, {"area": own.pk}))
    refused = listed(client.get(OVERVIEW, {"area": outside.pk}))

    assert f"area={own.pk}" in html and f"area={next_door.pk}" in html
    assert f"area={outside.pk}" not in html
    assert set(filtered) == OWN
    assert set(refused) == OWN | {"邻社区通知"}  # an area not offered filters nothing


@pytest.mark.django_db
def test_overview__other_query_parameters_neither_filter_nor_export(
    client, community_editor, content
):
    client.force_login(community_editor)

    probing = client.get(OVERVIEW, {"owner__username__startswith": "nobody"})
    bogus = client.get(OVERVIEW, {"no_such_field": "1"})
    export = client.get(OVERVIEW, {"export": "csv"})

    assert set(listed(probing)) == OWN
    assert set(listed(bogus)) == OWN
    assert export["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_overview__creates_nothing_and_hands_editing_to_the_page_editor(
    client, community_editor, content
):
    client.force_login(community_editor)
    own, other = content["current"], content["other_street"]

    create = client.get(reverse("content-overview_modeladmin_create"))
    choose = client.get(reverse("content-overview_modeladmin_choose_parent"))
    edit_own = client.get(reverse("content-overview_modeladmin_edit", args=[own.pk]), follow=True)
    edit_other = client.get(
        reverse("content-overview_modeladmin_edit", args=[other.pk]), follow=True
    )

    assert create.status_code in (302, 403) and choose.status_code in (302, 403)
    assert edit_own.redirect_chain[0][0].startswith(
        reverse("wagtailadmin_pages:edit", args=[own.pk])
    )
    assert edit_own.status_code == 200 and "本社区通知" in edit_own.content.decode()
    assert "另一街道通知" not in edit_other.content.decode()


@pytest.mark.django_db
def test_overview__menu_shows_for_page_editors_only(client, community_editor, django_user_model):
    staff = django_user_model.objects.create_user("registry_only", password="pw-staff-2026!")
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    client.force_login(community_editor)
    editor_dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(staff)
    staff_dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    staff_overview = client.get(OVERVIEW)

    # The sidebar is a JSON document: the label is there with \u escapes.
    assert OVERVIEW in editor_dashboard
    assert "内容总览".encode("unicode_escape").decode() in editor_dashboard
    assert OVERVIEW not in staff_dashboard
    assert staff_overview.status_code in (302, 403)


@pytest.mark.django_db
def test_overview__queries_do_not_grow_with_the_number_of_pages(client, admin_user, site, content):
    client.force_login(admin_user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OVERVIEW).status_code == 200
        return len(queries)

    count()  # the first request fills per-process caches (content types, permissions)
    before = count()
    for number in range(15):
        add_notice(site["notice_lists"][3], f"批量通知{number}", expires_in=50)
    after = count()

    assert after == before
