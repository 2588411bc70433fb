"""Street and community pages show residents this month's figures and the cases staff chose to
publish — never who reported them."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.factories import build_site
from governance.events.factories import make_category
from governance.events.models import Event
from governance.events.services import workflow
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment
from tests.governance.events.admin_helpers import COMMUNITY, WORKER
from tests.governance.permission_world import build_world
from tests.governance.resident_reports.helpers import post_report
from tests.rendering import rendering_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def pages(world):
    return build_site(world.nodes["d1"])


@pytest.fixture
def community_page(pages):
    return next(page for page in pages["communities"] if page.title == "华府社区")


def figures_of(client, page) -> str:
    html = client.get(page.url).content.decode()
    start = html.index('id="event-figures-heading"')
    return html[start : html.index("</section>", start)]


def file_and_resolve(world, client, *, address="10.0.0.1"):
    response = post_report(client, world, make_category(), place="华府1号网格", address=address)
    event = Event.objects.order_by("-pk").first()
    workflow.event_accept(event, by=world.users[WORKER])
    workflow.event_resolve(event, by=world.users[WORKER], result="杂物已清理，通道已畅通")
    return event, response["Location"].split("?")[0]


def test_figures__the_community_page_counts_this_months_reports_and_the_rating_moves_it(
    world, community_page, clock, django_capture_on_commit_callbacks
):
    resident = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _event, link = file_and_resolve(world, resident)

    before = figures_of(Client(), community_page)
    with django_capture_on_commit_callbacks(execute=True):
        resident.post(link, {"form": "rate", "answer": "satisfied"})
    after = figures_of(Client(), community_page)

    assert "1<small>件</small></strong>本月事件" in before
    assert "100%</strong>办结率" in before
    assert "—</strong>满意率" in before
    assert "100%</strong>满意率" in after
    assert "李四" not in after and "1234" not in after


def test_figures__the_street_page_adds_its_communities_and_the_district_page_has_none(
    world, pages, clock
):
    post_report(Client(), world, make_category(), place="华府1号网格")
    street = next(page for page in pages["streets"] if page.title == "一街道")

    assert "1<small>件</small></strong>本月事件" in figures_of(Client(), street)
    assert "event-figures-heading" not in Client().get(pages["district"].url).content.decode()


def test_figures__top_categories_name_the_most_reported(world, community_page, clock):
    noise = make_category(name="噪音扰民", code="noise")
    post_report(Client(), world, noise, place="华府1号网格", address="10.0.0.2")
    post_report(Client(), world, noise, place="华府1号网格", address="10.0.0.3")

    assert "噪音扰民 2 件" in figures_of(Client(), community_page)


def publish(client, event, **fields):
    data = {"title": "楼道杂物清理", "reply": "已协调物业清理，通道已畅通。"} | fields
    return client.post(f"/admin/events/{event.pk}/publish/", data)


def test_cases__community_staff_publish_and_the_page_shows_them_once_switched_on(
    world, community_page, clock, client
):
    event, _link = file_and_resolve(world, Client())
    client.force_login(world.users[COMMUNITY])
    page_before = client.get(f"/admin/events/{event.pk}/").content.decode()

    response = publish(client, event)
    hidden = Client().get(community_page.url).content.decode()
    community_page.lists_resolved_cases = True
    community_page.save_revision().publish()
    shown = Client().get(community_page.url).content.decode()

    assert "公开到社区页面" in page_before
    assert response.status_code == 302
    assert "楼道杂物清理" not in hidden
    assert "楼道杂物清理" in shown and "已协调物业清理" in shown and "华府1号网格" in shown
    # What the resident typed stays out: only what staff wrote is shown.
    assert "消防通道" not in shown and "李四" not in shown


def test_cases__withdrawing_takes_the_case_off_the_page(world, community_page, clock, client):
    event, _link = file_and_resolve(world, Client())
    community_page.lists_resolved_cases = True
    community_page.save_revision().publish()
    client.force_login(world.users[COMMUNITY])
    publish(client, event)

    client.post(f"/admin/events/{event.pk}/withdraw/")

    assert "楼道杂物清理" not in Client().get(community_page.url).content.decode()


def test_cases__an_open_event_or_a_grid_worker_cannot_publish(world, clock, client):
    event, _link = file_and_resolve(world, Client())
    open_event = workflow.event_report(
        category=make_category(code="other"),
        title="井盖缺失",
        grid=world.nodes["g1111"],
        by=world.users[WORKER],
    )
    client.force_login(world.users[WORKER])
    refused_worker = publish(client, event)
    client.force_login(world.users[COMMUNITY])
    refused_open = publish(client, open_event)

    assert refused_worker.status_code == 403 and refused_open.status_code == 403
    assert "公开到社区页面" not in client.get(f"/admin/events/{open_event.pk}/").content.decode()
    assert not event.__class__.objects.filter(published_case__isnull=False).exists()


def test_cases__staff_of_another_community_cannot_see_or_publish(world, clock, client):
    event, _link = file_and_resolve(world, Client())
    stranger = get_user_model().objects.create_user(
        "stranger", password="pw-x-2026!", is_staff=True
    )
    stranger.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(
        user=stranger, grid=world.nodes["c112"], role=AccessRole.COMMUNITY_EDITOR
    )
    client.force_login(stranger)

    assert publish(client, event).status_code == 404


def test_figures__the_page_reads_the_same_number_of_queries_however_many_events(
    world, community_page, clock, client, settings
):
    settings.RESIDENT_REPORT_PER_PHONE = 100

    def queries_for_the_page():
        with CaptureQueriesContext(connection) as captured:
            page = rendering_client().get(community_page.url)
        assert "案例" in page.content.decode() or "楼道杂物清理" in page.content.decode()
        return len(captured)

    community_page.lists_resolved_cases = True
    community_page.save_revision().publish()
    event, _link = file_and_resolve(world, Client())
    client.force_login(world.users[COMMUNITY])
    publish(client, event)
    queries_for_the_page()  # the registry's figures are cached per subtree version
    few = queries_for_the_page()
    for number in range(8):
        more, _link = file_and_resolve(world, Client(), address=f"10.0.1.{number}")
        publish(client, more, title=f"案例{number}")
    queries_for_the_page()  # the new events made the subtree's cached figures stale

    assert queries_for_the_page() == few
