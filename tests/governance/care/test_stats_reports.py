"""Coverage and 走访人次 shown: GET /api/registry/care-stats/, the PDF block 走访覆盖 and the
dashboard panel. Aggregates only: no resident is ever named."""

import io
import json
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from governance.care.factories import make_visit
from governance.models import AccessRole, ReportLayout
from governance.periods import Period
from governance.reports.blocks import ReportBlocks
from governance.services.reports import report_build
from tests.governance.care.ledger_world import at, build_care_world

pytestmark = pytest.mark.django_db

URL = "/api/registry/care-stats/"
APRIL = Period.month(2025, 4)


@pytest.fixture
def care():
    care = build_care_world()
    r = care.residents
    # April 2025, long before the world's recent visits: 3 in 华府社区 (2 home, 1 phone), 1 in
    # 邻居社区, 1 in the other district; a visit on 1 May at local midnight is May's.
    make_visit(r["covered"], at=at("2025-04-01", 0), method="home")
    make_visit(r["overdue"], at=at("2025-04-15"), method="phone")
    make_visit(r["never"], at=at("2025-04-30", 23), method="home")
    make_visit(r["plain"], at=at("2025-04-10"), method="home")
    make_visit(r["far"], at=at("2025-04-10"), method="home")
    make_visit(r["covered"], at=at("2025-05-01", 0), method="home")
    return care


def test_care_stats__visits_of_the_period_and_coverage_today(client, care):
    street = care.nodes["s11"]

    answer = client.get(URL, {"grid": street.code, "period": "2025-04"})

    assert answer.status_code == 200
    data = answer.json()
    assert data["grid"] == {"code": street.code, "name": "一街道"}
    assert data["period"]["start"] == "2025-04-01" and data["period"]["end"] == "2025-04-30"
    assert data["visits"] == 4
    assert data["visits_by_method"] == {"home": 3, "phone": 1}
    assert (data["ledger"], data["covered"], data["coverage"]) == (3, 1, 0.3333)
    assert data["as_of"] == timezone.localdate().isoformat()
    assert data["children"] == [
        {
            "code": "410101001001",
            "name": "华府社区",
            "ledger": 3,
            "covered": 1,
            "coverage": 0.3333,
            "visits": 3,
        },
        {
            "code": "410101001002",
            "name": "邻居社区",
            "ledger": 0,
            "covered": 0,
            "coverage": None,
            "visits": 1,
        },
    ]


def test_care_stats__a_year_and_an_empty_node(client, care):
    year = client.get(URL, {"grid": "410101", "period": "2025"}).json()
    empty = client.get(URL, {"grid": "410101002", "period": "2025-Q2"}).json()

    assert year["visits"] == 5
    assert (empty["ledger"], empty["coverage"], empty["visits"]) == (0, None, 0)
    assert empty["children"][0]["name"] == "远方社区"


def test_care_stats__never_names_a_resident(client, care):
    text = json.dumps(client.get(URL, {"grid": "410101", "period": "2025"}).json())

    for name in ("王秀英", "李建国", "张桂兰", "51号楼"):
        assert name not in text


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"grid": "410109", "period": "2025"}, 404, "410109"),
        ({"grid": "410101", "period": "2025-13"}, 400, "2026-Q3"),
    ],
)
def test_care_stats__wrong_code_or_period_answer_in_chinese(client, care, params, status, words):
    answer = client.get(URL, params)

    assert answer.status_code == status
    assert words in answer.content.decode()


def test_care_stats__in_the_openapi_document(client, db):
    document = client.get("/api/openapi.json")
    if document.status_code != 200:
        document = client.get("/api/registry/openapi.json")

    assert "/api/registry/care-stats/" in document.content.decode()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_report_block__offered_from_settings():
    assert "care_coverage" in ReportBlocks().child_blocks


def test_report__prints_coverage_and_visits_per_child(care):
    layout = ReportLayout.objects.create(
        name="走访月报", blocks=[("care_coverage", {"heading": "走访覆盖"})]
    )

    text = pdf_text(
        report_build(layout=layout, node=care.nodes["s11"], period=APRIL, user=None).pdf
    )

    assert "走访覆盖" in text and "台账人数" in text and "已按期走访" in text
    assert re.search(r"华府社区 3 1 33\.33% 3", text)
    assert re.search(r"邻居社区 0 0 — 1", text)
    assert re.search(r"合计 3 1 33\.33% 4", text)
    assert "王秀英" not in text and "李建国" not in text


def panel(client) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index('class="w-panel care-coverage"')
    return html[start : html.index("</section>", start)]


def test_dashboard__coverage_of_the_scope_and_its_children(client, care):
    client.force_login(care.users[AccessRole.STREET_EDITOR])

    html = panel(client)

    assert "走访覆盖率" in html and "33.33%" in html
    assert "台账 3 人中已按期走访 1 人" in html
    assert "本月待走访 2 人" in html and 'href="/admin/care/due/"' in html
    assert "华府社区" in html and "二街道" not in html and "赵大山" not in html


def test_dashboard__a_worker_sees_their_grid_only(client, care):
    client.force_login(care.users[AccessRole.GRID_WORKER])

    html = panel(client)

    assert "台账 2 人中已按期走访 1 人" in html and "本月待走访 1 人" in html


def test_dashboard__no_panel_without_grids(client, care, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))

    assert "care-coverage" not in client.get("/admin/").content.decode()
