"""The public map's place in the community page and the service guide, without a browser: the
section, its configuration and scripts, the unchanged Content Security Policy, and nothing per
reader in the cached page."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from governance.geo.rings import WALKING_METRES_PER_MINUTE, walking_rings
from tests.content.map_world import build_map_world

pytestmark = pytest.mark.django_db
SCRIPTS = ["leaflet/leaflet.js", "governance/js/map-base.js", "content/js/public-map.js"]


@pytest.fixture
def world(db):
    return build_map_world()


def json_block(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found, f"no {element_id} block"
    return json.loads(found.group(1))


def inline_scripts(html: str) -> list[str]:
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]


@pytest.mark.parametrize("page_name", ["community_page", "guide"])
def test_page__carries_the_hidden_map_section_its_config_and_scripts(client, world, page_name):
    response = client.get(world[page_name].url)
    html = response.content.decode()

    section = re.search(r"<section class=\"public-map\"[^>]*>", html).group(0)
    assert " hidden " in section
    assert f'data-community="{world["community"].code}"' in section
    assert 'data-centre="113.640000,34.720000"' in section
    assert "网格地图 · 一刻钟服务圈" in html
    for script in SCRIPTS:
        assert re.search(rf'<script src="[^"]*{re.escape(script)}" defer>', html)
    assert "leaflet/leaflet.css" in html
    assert json_block(html, "map-config") == {
        "base": "offline",
        "datum": "wgs84",
        "tiles": [],
        "attribution": "",
    }
    rings = json_block(html, "walking-rings")
    assert [(ring["metres"], ring["label"]) for ring in rings] == [
        (400, "步行5分钟内"),
        (800, "步行10分钟内"),
        (1200, "步行15分钟内"),
    ]
    assert inline_scripts(html) == []


@pytest.mark.parametrize("page_name", ["community_page", "guide"])
def test_page__keeps_the_offline_content_security_policy(client, world, page_name):
    policy = client.get(world[page_name].url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives["img-src"] == "'self' data: blob:"
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"


def test_guide__keeps_its_lists_beside_the_map(client, world):
    html = client.get(world["guide"].url).content.decode()

    assert "华府社区5号网格" in html and "13800135005" in html
    assert "华府暖心驿站" in html and "人和菜市场超市" in html
    # The map comes after the contact cards, so the finder stays on a phone's first screen.
    assert html.index('id="cards-heading"') < html.index('id="map-heading"')
    assert html.index('id="map-heading"') < html.index('id="circle-heading"')


@override_settings(MAP_BASE="amap")
def test_amap_base__tells_the_map_to_draw_in_gcj02(client, world):
    html = client.get(world["community_page"].url).content.decode()
    config = json_block(html, "map-config")

    assert config["base"] == "amap" and config["datum"] == "gcj02"
    assert "autonavi.com" in config["tiles"][0]["url"]


def test_page__is_the_same_for_every_anonymous_reader(client, world):
    url = world["guide"].url
    first = client.get(url, HTTP_USER_AGENT="phone", REMOTE_ADDR="10.0.0.1")
    cache.clear()
    second = client.get(url, HTTP_USER_AGENT="desktop", REMOTE_ADDR="10.0.0.2")

    assert first.content == second.content
    assert not first.cookies and not second.cookies


def test_rings__are_the_walking_minutes_at_one_pace():
    assert [(ring["minutes"], ring["metres"]) for ring in walking_rings()] == [
        (5, 5 * WALKING_METRES_PER_MINUTE),
        (10, 10 * WALKING_METRES_PER_MINUTE),
        (15, 15 * WALKING_METRES_PER_MINUTE),
    ]
