"""The privacy crawl over what this issue made public: every page reachable from the portal
(with the figures and the published cases), the reporters' own status pages, the lookup, and
the Open311 reads. Reporters' names and phones never appear; what residents typed appears only
on their own status page's timeline, never on public pages or in Open311."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

from content.factories import build_site
from governance.events.factories import make_category
from governance.events.models import Event
from governance.events.services import workflow
from governance.resident_reports.services.publishing import case_publish
from tests.governance.events.admin_helpers import COMMUNITY, WORKER
from tests.governance.permission_world import build_world
from tests.governance.resident_reports.helpers import post_report

pytestmark = pytest.mark.django_db
OPEN311 = "/api/open311/v2/"
REPORTERS = [
    ("欧阳明月", "13957307391", "东门垃圾桶满了三天没人清运"),
    ("司马青", "13957307462", "二号楼电梯按钮失灵一直卡在五层"),
    ("诸葛兰", "13957307583", "广场夜里十一点还在放大音响"),
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def crawl_site(client, start="/", limit=400) -> dict[str, str]:
    """Every page of our own site reachable by links from `start` (the admin excluded)."""
    seen, queue, bodies = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0).split("#")[0]
        if url in seen or not url.startswith("/") or url.startswith(("/admin", "/media")):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if "html" not in response.get("Content-Type", ""):
            continue
        bodies[url] = response.content.decode()
        parser = Links()
        parser.feed(bodies[url])
        queue += parser.hrefs
    return bodies


@pytest.fixture
def reported(db, clock, django_capture_on_commit_callbacks):
    """Three named reporters (web form), one via Open311; two resolved, one rated and published."""
    world = build_world()
    pages = build_site(world.nodes["d1"])
    huafu = next(page for page in pages["communities"] if page.title == "华府社区")
    huafu.lists_resolved_cases = True
    huafu.save_revision().publish()
    category = make_category(name="市容环境", code="streets")
    links = []
    for number, (name, phone, text) in enumerate(REPORTERS):
        response = post_report(
            Client(),
            world,
            category,
            name=name,
            phone=phone,
            description=text,
            place="华府1号网格",
            address=f"10.0.0.{number + 1}",
        )
        links.append(response["Location"].split("?")[0])
    call_command("open311_key", "市民热线", stdout=(out := io.StringIO()))
    key = out.getvalue().strip().splitlines()[-1]
    Client().post(
        OPEN311 + "requests.json",
        {
            "api_key": key,
            "service_code": "streets",
            "address_id": world.nodes["g1111"].code,
            "description": "小区门口井盖被人偷走了",
            "first_name": "玉",
            "last_name": "上官",
            "phone": "13957307614",
            "email": "shangguan@example.com",
        },
    )
    worker = world.users[WORKER]
    events = list(Event.objects.order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        for event in events[:2]:
            workflow.event_accept(event, by=worker)
            workflow.event_resolve(event, by=worker, result="已清运并加派保洁巡查")
    Client().post(links[0], {"form": "rate", "answer": "satisfied"})
    case_publish(
        events[0], by=world.users[COMMUNITY], title="垃圾清运及时", reply="已清运并加派保洁巡查。"
    )
    return {"links": links, "events": events}


def test_privacy__reporters_never_show_on_pages_status_pages_or_open311(reported):
    resident = Client()
    public = crawl_site(resident)
    statuses = {link: resident.get(link).content.decode() for link in reported["links"]}
    lookup = resident.post(
        "/report/track/", {"number": reported["events"][1].number, "last_digits": "7462"}
    )
    statuses["lookup"] = resident.get(lookup.url).content.decode() if lookup.url else ""
    open311 = [
        resident.get(OPEN311 + "services.json").content.decode(),
        resident.get(OPEN311 + "requests.json").content.decode(),
    ] + [
        resident.get(f"{OPEN311}requests/{event.number}.json").content.decode()
        for event in reported["events"]
    ]

    assert "已清运并加派保洁巡查" in statuses[reported["links"][0]]
    assert reported["events"][1].number in statuses["lookup"]
    assert "本月反映办理" in public["/yi-qu/yi-jie-dao/hua-fu-she-qu/"]
    assert "垃圾清运及时" in public["/yi-qu/yi-jie-dao/hua-fu-she-qu/"]
    assert len(public) > 10 and all(
        event.number in "".join(open311) for event in reported["events"]
    )
    everything = "\n".join([*public.values(), *statuses.values(), *open311])
    for name, phone, _text in [*REPORTERS, ("上官玉", "13957307614", "")]:
        assert name not in everything and phone not in everything
        assert phone[-4:] not in everything
    assert "shangguan@example.com" not in everything
    assert not re.search(r"1\d{2}\*{4}\d{4}", everything)  # not even masked
    shown_publicly = "\n".join([*public.values(), *open311])
    for _name, _phone, text in REPORTERS:
        assert text not in shown_publicly
    assert "井盖被人偷走" not in shown_publicly
