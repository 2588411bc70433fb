"""Crawl every public API endpoint over the demo data and look for anything private."""

import io
import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from content.models import NoticeCategory, NoticeIndexPage, NoticePage
from governance.models import Grid, Person

ADMIN_ONLY_KEYS = {"area_path", "notes", "entered_by", "phone_public", "path", "numchild", "leader"}


def crawl(client) -> list[str]:
    bodies = []

    def get(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        bodies.append(response.content.decode())
        return response.json()

    def all_items(url, **params):
        items, offset = [], 0
        while True:
            page = get(url, limit=100, offset=offset, **params)
            items += page["items"]
            offset += 100
            if offset >= page["count"]:
                return items

    spec = get("/api/openapi.json")
    assert spec["paths"]
    pages = all_items("/api/pages/")
    for page in pages:
        get(f"/api/pages/{page['id']}/")
        get(f"/api/pages/{page['id']}/", rich_text_format="html")
    for search in ["网格", "停水", "内部", "草稿"]:
        all_items("/api/pages/", search=search)
    grids = all_items("/api/registry/grids/")
    for grid in grids:
        get(f"/api/registry/grids/{grid['code']}/")
        if grid["level"] in (3, 4):
            get(f"/api/registry/grids/{grid['code']}/contact-cards/")
    all_items("/api/registry/service-points/")
    get("/api/registry/service-points.geojson")
    for district in [grid for grid in grids if grid["level"] == 1]:
        get("/api/registry/grids.geojson", within=district["code"])
    all_items("/api/registry/teams/")
    get("/api/registry/tally-kinds/")
    for grid in grids[:20]:
        get("/api/registry/rollups/", grid=grid["code"], period="2026")
    all_items("/api/images/")
    all_items("/api/documents/")
    return bodies


def keys_of(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_of(item)


@pytest.mark.django_db
def test_privacy_crawl__nothing_private_leaves_through_the_api(client):
    call_command("seed_demo", stdout=io.StringIO())
    index = NoticeIndexPage.objects.first()
    category = NoticeCategory.objects.first()
    draft = index.add_child(
        instance=NoticePage(title="草稿通知甲", body="<p>草稿</p>", category=category, live=False)
    )
    restricted = index.add_child(
        instance=NoticePage(title="内部通知乙", body="<p>内部</p>", category=category)
    )
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    private_people = Person.objects.filter(phone_public=False)
    public_names = set(Person.objects.filter(phone_public=True).values_list("name", flat=True))
    assert private_people.count() > 50 and draft.pk

    bodies = crawl(client)

    text = "\n".join(json.dumps(json.loads(body), ensure_ascii=False) for body in bodies)
    for person in private_people:
        assert person.phone not in text, person
        if person.name not in public_names:
            assert f'"{person.name}"' not in text, person
    assert "草稿通知甲" not in text and "内部通知乙" not in text
    for body in bodies:
        leaked = ADMIN_ONLY_KEYS & set(keys_of(json.loads(body)))
        assert not leaked, leaked
    notes = [g.notes for g in Grid.objects.exclude(notes="")]
    assert all(note not in text for note in notes)
    assert not re.search(r"1\d{2}\*{4}\d{4}", text)  # not even masked private phones
