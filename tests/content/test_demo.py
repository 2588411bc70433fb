"""The demo tells one story: its notices agree with its registry, and its editors follow the
approval workflow the README promises."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from content.models import CommunityPage, NoticePage
from content.selectors import service_guide

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
