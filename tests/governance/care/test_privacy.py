"""The privacy crawl over the demo with its care ledger: every public page reachable from the
portal, every API answer (care-stats included) and every spreadsheet an analyst may export hold
no resident's ID number, no ID-shaped number at all, and no resident's phone."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from governance import registry_types
from governance.care.id_numbers import check_character
from governance.care.models import Resident
from governance.models import AccessRole, Assignment, Grid
from tests.api.test_privacy import crawl
from tests.governance.resident_reports.test_privacy import crawl_site

ID_SHAPED = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9])"
)


def id_numbers_in(text: str) -> list[str]:
    """Every 18-character string shaped like an ID number whose check digit is right."""
    return [
        found
        for found in ID_SHAPED.findall(text)
        if check_character(found[:17]) == found[17].upper()
    ]


def analyst_exports(client) -> str:
    texts = []
    for registry_type in registry_types.all_types():
        url = reverse("governance_export", args=[registry_type.key])
        formats = registry_type.files.export_formats
        query = "?format=" + ("csv" if "csv" in formats else formats[0])
        if registry_type.asks_reason:
            answer = client.post(url + query, {"reason": "季度走访覆盖分析"})
        else:
            answer = client.get(url + query)
        assert answer.status_code == 200, (registry_type.key, answer.status_code)
        texts.append(answer.content.decode("utf-8-sig", errors="replace"))
    return "\n".join(texts)


@pytest.mark.django_db
def test_no_resident_id_number_or_phone_leaves(client):
    call_command("seed_demo", stdout=io.StringIO())
    residents = list(Resident.objects.exclude(id_number_encrypted=""))
    phones = {resident.phone for resident in residents if resident.phone}
    assert len(residents) > 300 and len(phones) > 100

    bodies = list(crawl_site(Client()).values())
    bodies += crawl(Client())
    for grid in Grid.objects.filter(level__lte=3):
        answer = Client().get("/api/registry/care-stats/", {"grid": grid.code, "period": "2026"})
        assert answer.status_code == 200
        bodies.append(answer.content.decode())
    # The demo's analyst reads 中原区; here one reads 二七区, where the ledger is.
    analyst_user = get_user_model().objects.get(username="zhongyuan_analyst")
    Assignment.objects.create(
        user=analyst_user, grid=Grid.objects.get(name="二七区"), role=AccessRole.ANALYST
    )
    analyst = Client()
    analyst.force_login(analyst_user)
    exported = analyst_exports(analyst)
    assert exported.count(residents[0].id_number_masked) == 1  # the residents are there, masked
    bodies.append(exported)

    text = "\n".join(bodies)
    assert len(bodies) > 100
    assert id_numbers_in(text) == []
    assert [phone for phone in phones if phone in text] == []
    # Nor the seventeen digits without the check character, nor the masked form's tail pair.
    assert not any(resident.id_number[:17] in text for resident in residents[:50])


def test_the_shape_finder_finds_numbers():
    number = "410103194805020" + "27"
    number += check_character(number)
    assert id_numbers_in(f"号码{number}结束") == [number]
    assert id_numbers_in(f"编码{number[:-1]}0{number[-1]}") == []
