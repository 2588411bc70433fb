"""The API's shared world: a small tree with public and private people, a warm station, a team,
tallies, and a published brand page with a notice."""

import pytest
from django.core import signals
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections

from civicgrid.wsgi import application
from content.factories import add_notice, build_site
from governance.factories import (
    AmenityFactory,
    PersonFactory,
    RoleFactory,
    ServicePointFactory,
    ServicePointKindFactory,
    TallyEntryFactory,
    TallyKindFactory,
    VolunteerTeamFactory,
)
from governance.periods import Period


@pytest.fixture
def world(tree):
    roles = {
        "网格长": RoleFactory(name="网格长", contact_card_order=1),
        "社区民警": RoleFactory(name="社区民警", contact_card_order=3),
        "下沉干部": RoleFactory(name="下沉干部"),
    }
    community = tree["community"][0]
    community.service_hotline = "0371-60001234"
    community.save()
    PersonFactory(
        grid=community,
        role=roles["社区民警"],
        name="公开民警",
        phone="13800000003",
        phone_public=True,
    )
    for grid in tree["grid"][:2]:
        PersonFactory(
            grid=grid,
            role=roles["网格长"],
            name=f"{grid.name}长",
            phone="13800000001",
            phone_public=True,
        )
        PersonFactory(
            grid=grid,
            role=roles["网格长"],
            name=f"{grid.name}私",
            phone="13911112222",
            phone_public=False,
        )
        PersonFactory(
            grid=grid,
            role=roles["下沉干部"],
            name=f"{grid.name}干部",
            phone="13933334444",
            phone_public=True,
        )
    warm = ServicePointKindFactory(name="暖心驿站", slug="warm-station", is_warm_station=True)
    point = ServicePointFactory(
        grid=tree["grid"][0],
        name="驿站甲",
        kind=warm,
        walking_minutes=5,
        latitude=34.75,
        longitude=113.62,
    )
    point.amenities.set([AmenityFactory(name="热饭")])
    VolunteerTeamFactory(grid=community, name="巡逻队")
    kind = TallyKindFactory(name="上报事件", unit="件")
    TallyEntryFactory(grid=tree["grid"][0], kind=kind, value=7, month=Period.month(2026, 7))
    TallyEntryFactory(grid=tree["micro"][0], kind=kind, value=5, month=Period.month(2026, 8))
    site = build_site(tree["district"][0])
    page = site["communities"][0]
    page.brand_name, page.slogan = "有事好商量", "邻里协商"
    page.story = [("paragraph", "<p>议事会开到楼院门口。</p>")]
    page.save_revision().publish()
    add_notice(site["notice_lists"][0], "停水通知", "<p>本周六停水。</p>")
    return {"tree": tree, "site": site}


@pytest.fixture
def wsgi_app(db):
    """The WSGI application, answering on the test's own database connection.

    The schemathesis engine sends its requests from worker threads, and Django gives each
    thread a connection of its own, which cannot see the test's uncommitted data. As Django's
    LiveServerThread does, the threads are handed the test's connection; and the handler's
    close_old_connections is switched off, as in Django's test client, so that a request does
    not close the connection inside the test's transaction."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.inc_thread_sharing()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def app(environ, start_response):
        connections[DEFAULT_DB_ALIAS] = connection
        return application(environ, start_response)

    yield app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    connection.dec_thread_sharing()
