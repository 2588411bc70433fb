import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from governance.factories import PersonFactory, RoleFactory, TallyEntryFactory, TallyKindFactory
from governance.models import AccessRole, Assignment, Report, ReportLayout, ReportStatus
from governance.periods import Period
from governance.selectors import rollup_total
from governance.services.reports import render_pdf, report_build


@pytest.fixture
def reporting(tree):
    kinds = [TallyKindFactory(name="上报事件", unit="件"), TallyKindFactory(name="网格议事会")]
    for index, grid in enumerate(tree["grid"] + tree["micro"]):
        for month in (9, 10, 11):
            for kind in kinds:
                TallyEntryFactory(
                    grid=grid, kind=kind, value=index + month, month=Period.month(2026, month)
                )
    PersonFactory(
        grid=tree["grid"][0], role=RoleFactory(name="网格长"), name="马洋", phone_public=True
    )
    layout = ReportLayout.objects.create(
        name="月报",
        blocks=[
            ("heading_text", {"heading": "工作概述", "text": "<p>本月情况。</p>"}),
            ("tally_table", {"heading": "逐月", "kinds": kinds, "columns": "months"}),
            ("tally_table", {"heading": "分网格", "kinds": kinds, "columns": "children"}),
            ("tally_chart", {"heading": "图表", "kind": kinds[0], "axis": "children"}),
            ("roster", {"heading": "网格长名册", "role_name": "网格长"}),
            ("teams", {"heading": "志愿服务队"}),
            ("service_points", {"heading": "服务点"}),
        ],
    )
    return {"tree": tree, "kinds": kinds, "layout": layout}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2026-10", "2026-Q4", "2026"])
def test_build_report__text_has_the_node_period_and_the_rollup_totals(reporting, tmp_path, period):
    community = reporting["tree"]["community"][0]
    output = tmp_path / "report.pdf"

    call_command(
        "build_report",
        layout="月报",
        grid=community.code,
        period=period,
        output=str(output),
        stdout=io.StringIO(),
    )

    text = pdf_text(output.read_bytes())
    assert community.name in text
    assert Period.parse(period).label in text
    for kind in reporting["kinds"]:
        total = rollup_total(community, kind, Period.parse(period))
        assert total > 0
        assert re.search(rf"{kind.name}（{kind.unit}）[^\n]*\b{total}\b", text), (kind.name, total)
    assert "马洋" in text
    assert "第 1 页 / 共" in text


@pytest.mark.django_db
def test_build_report__embeds_a_cjk_font_and_metadata(reporting, tmp_path):
    output = tmp_path / "report.pdf"
    community = reporting["tree"]["community"][0]
    call_command(
        "build_report",
        layout="月报",
        grid=community.code,
        period="2026-10",
        output=str(output),
        stdout=io.StringIO(),
    )

    fonts = subprocess.run(["pdffonts", str(output)], capture_output=True, text=True).stdout
    reader = PdfReader(str(output))

    assert re.search(r"CJK\S*\s.*\byes\b", fonts), fonts
    assert community.name in reader.metadata.title
    assert reader.trailer["/Root"].get("/Lang") in ("zh-Hans", "zh")


@pytest.mark.django_db
def test_report__never_fetches_local_files_or_other_hosts(reporting):
    layout = reporting["layout"]
    layout.blocks = [
        (
            "heading_text",
            {
                "heading": "恶意",
                "text": '<p><img src="file:///etc/passwd"><img src="http://outside.example/x.png">'
                '<img src="/static/../../../../etc/passwd"></p>',
            },
        )
    ]
    layout.save()
    fetched = []
    from governance.reports import fetcher

    original = fetcher.URLFetcherResponse
    fetcher.URLFetcherResponse = lambda url, *a, **k: fetched.append(url) or original(url, *a, **k)
    try:
        built = report_build(
            layout=layout,
            node=reporting["tree"]["community"][0],
            period=Period.parse("2026-10"),
            user=None,
        )
    finally:
        fetcher.URLFetcherResponse = original

    assert fetched == []
    assert any("etc/passwd" in url for url in built.refused_urls)
    assert any("outside.example" in url for url in built.refused_urls)
    assert "root:" not in pdf_text(built.pdf)


def test_fetcher__serves_the_projects_own_static_files():
    html = (
        '<html lang="zh-Hans"><body><img src="/static/content/css/site.css">'
        "<p>网格</p></body></html>"
    )
    built = render_pdf(html)

    assert built.refused_urls == []


@pytest.mark.django_db
def test_admin_reports__request_build_and_download_with_a_chinese_name(
    admin_client, reporting, django_capture_on_commit_callbacks
):
    community = reporting["tree"]["community"][0]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailsnippets_governance_report:add"),
            {"layout": reporting["layout"].pk, "grid": community.pk, "period": "2026-10"},
        )

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.status == ReportStatus.READY, report.failure_reason
    assert report.page_count >= 2 and len(report.checksum) == 64
    listing = admin_client.get(reverse("wagtailsnippets_governance_report:list")).content.decode()
    assert "下载 PDF" in listing
    download = admin_client.get(reverse("governance_report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    assert community.name in pdf_text(b"".join(download.streaming_content))


@pytest.mark.django_db
def test_admin_reports__a_bad_period_is_refused_in_chinese(admin_client, reporting):
    response = admin_client.post(
        reverse("wagtailsnippets_governance_report:add"),
        {
            "layout": reporting["layout"].pk,
            "grid": reporting["tree"]["community"][0].pk,
            "period": "十月",
        },
    )

    assert response.status_code == 200
    assert "不是有效的统计期" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_reports__only_for_nodes_the_user_may_report_on(client, reporting, django_user_model):
    tree = reporting["tree"]
    editor = django_user_model.objects.create_user("ed", password="pw-editor-2026!", is_staff=True)
    from governance.groups import ensure_staff_groups

    editor.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(
        user=editor, grid=tree["community"][0], role=AccessRole.COMMUNITY_EDITOR
    )
    other = Report.objects.create(
        layout=reporting["layout"], grid=tree["community"][1], period="2026-10"
    )
    client.force_login(editor)

    client.post(
        reverse("wagtailsnippets_governance_report:add"),
        {"layout": reporting["layout"].pk, "grid": tree["community"][1].pk, "period": "2026-10"},
    )
    download = client.get(reverse("governance_report_download", args=[other.pk]))
    listing = client.get(reverse("wagtailsnippets_governance_report:list")).content.decode()

    assert Report.objects.count() == 1
    assert download.status_code in (302, 403)
    assert tree["community"][1].name not in listing
    with pytest.raises(Exception, match="无权"):
        report_build(
            layout=reporting["layout"],
            node=tree["community"][1],
            period=Period.parse("2026-10"),
            user=editor,
        )
