"""Grid boundaries imported from GeoJSON and KML through the registry import pipeline: preview,
confirm, per-feature errors in Chinese, whole-file refusal, warnings, hostile files, scope."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance.factories import make_grid
from governance.geo.boundary_files import read_boundary_file
from governance.geo.file_features import GeoFileError
from governance.groups import ensure_staff_groups
from governance.models import (
    AccessRole,
    Assignment,
    Grid,
    GridKind,
    ImportJob,
    ImportStatus,
    RegistryLogEntry,
)
from governance.resources.base import IMPORT_ACTION
from governance.services.imports import registry_import
from governance.spreadsheets.reading import Limits

pytestmark = pytest.mark.django_db

DISTRICT, STREET, COMMUNITY = "410103", "410103001", "410103001001"
WEST, EAST, SCHOOL = "410103001001001", "410103001001002", "410103001001003"
NEIGHBOUR, NEIGHBOUR_GRID = "410103001002", "410103001002001"


def square(west, south, size, *, height=None):
    corners = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    if height is not None:
        corners = [[*corner, height] for corner in corners]
    return {"type": "Polygon", "coordinates": [corners]}


BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[113.63, 34.72], [113.64, 34.73], [113.64, 34.72], [113.63, 34.73], [113.63, 34.72]]
    ],
}


@pytest.fixture
def tree():
    """二七区 ⊃ 人和路街道 ⊃ 华府社区 (boundaries drawn); its three grids have none yet."""
    district = make_grid(name="二七区", code=DISTRICT, boundary=square(113.60, 34.70, 0.08))
    street = make_grid(
        district, name="人和路街道", code=STREET, boundary=square(113.62, 34.71, 0.04)
    )
    community = make_grid(
        street, name="华府社区", code=COMMUNITY, boundary=square(113.63, 34.72, 0.02)
    )
    neighbour = make_grid(
        street, name="邻居社区", code=NEIGHBOUR, boundary=square(113.62, 34.71, 0.01)
    )
    return {
        "district": district,
        "street": street,
        "community": community,
        "west": make_grid(community, name="华府1号网格", code=WEST),
        "east": make_grid(community, name="华府2号网格", code=EAST),
        "school": make_grid(community, name="华府学校", code=SCHOOL, kind=GridKind.SCHOOL),
        "neighbour": neighbour,
        "neighbour_grid": make_grid(neighbour, name="邻居1号网格", code=NEIGHBOUR_GRID),
    }


def feature(code, geometry, key="统一编码"):
    return {"type": "Feature", "properties": {key: code, "名称": "x"}, "geometry": geometry}


def geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def kml(*placemarks) -> bytes:
    body = "".join(placemarks)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>华府</name>'
        f"{body}</Document></kml>"
    ).encode()


def ring(west, south, size, height=""):
    suffix = f",{height}" if height != "" else ""
    points = [
        (west, south),
        (west + size, south),
        (west + size, south + size),
        (west, south + size),
        (west, south),
    ]
    return " ".join(f"{x},{y}{suffix}" for x, y in points)


def placemark(*, name, polygons, data=None):
    extended = ""
    if data:
        fields = "".join(
            f'<Data name="{key}"><value>{value}</value></Data>' for key, value in data.items()
        )
        extended = f"<ExtendedData>{fields}</ExtendedData>"
    shapes = "".join(
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coordinates}</coordinates>"
        "</LinearRing></outerBoundaryIs></Polygon>"
        for coordinates in polygons
    )
    if len(polygons) > 1:
        shapes = f"<MultiGeometry>{shapes}</MultiGeometry>"
    return f"<Placemark><name>{name}</name>{extended}{shapes}</Placemark>"


def upload(client, content, name="边界.geojson"):
    return client.post(
        reverse("governance_import_upload", args=["boundaries"]),
        {"file": SimpleUploadedFile(name, content)},
    )


def preview(client, content, name="边界.geojson"):
    """Uploads the file (the test worker runs at once) and returns the preview page's text."""
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()
    return client.get(response["Location"]).content.decode()


def apply(client, content, name="边界.geojson"):
    preview(client, content, name)
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportStatus.SUCCEEDED, (job.report["problems"], job.report["file_errors"])
    confirmed = client.post(reverse("governance_import_confirm", args=[job.pk]))
    return client.get(confirmed["Location"]).content.decode()


def import_file(content, name="边界.geojson", *, user=None, dry_run=False):
    return registry_import(
        type_key="boundaries",
        sheet=read_boundary_file(content, name),
        user=user,
        dry_run=dry_run,
    )


def boundary_of(code):
    return Grid.objects.get(code=code).boundary


# -- applied ---------------------------------------------------------------------------------
def test_a_good_geojson_is_previewed_then_applied_and_the_map_finds_the_grids(admin_client, tree):
    content = geojson(
        feature(WEST, square(113.63, 34.72, 0.01)),
        feature(EAST, square(113.64, 34.72, 0.01), key="code"),
    )

    page = preview(admin_client, content)

    assert "以上为预检结果" in page and "要素数：2" in page and "前几个要素将带来的变化" in page
    assert "第 1 个要素（编码 410103001001001）" in page and "1 个多边形，5 个顶点" in page
    assert boundary_of(WEST) is None  # the preview wrote nothing
    done = apply(admin_client, content)
    assert "导入完成" in done
    west = Grid.objects.get(code=WEST)
    assert west.boundary == square(113.63, 34.72, 0.01)
    assert west.extent_west == pytest.approx(113.63) and west.lattice_key
    assert west.latitude is not None and west.longitude is not None  # a centre inside it
    located = admin_client.get("/api/registry/grids/locate/", {"lat": "34.725", "lon": "113.645"})
    assert located.status_code == 200 and located.json()["code"] == EAST
    entry = RegistryLogEntry.objects.get(action=IMPORT_ACTION, object_id=str(west.pk))
    assert entry.data["changes"]["边界"] == ["—", "1 个多边形，5 个顶点"]


def test_a_good_kml_is_applied_with_heights_dropped(admin_client, tree):
    content = kml(
        # The code from ExtendedData (the name is the grid's name), two polygons, with heights.
        placemark(
            name="华府1号网格",
            data={"统一编码": WEST},
            polygons=[ring(113.630, 34.720, 0.004, 12.5), ring(113.635, 34.725, 0.004, 12.5)],
        ),
        # The code as the Placemark's name.
        placemark(name=EAST, polygons=[ring(113.64, 34.72, 0.01)]),
        # The code in a SchemaData's SimpleData, as GIS tools export it.
        '<Placemark><name>华府学校</name><ExtendedData><SchemaData schemaUrl="#grids">'
        f'<SimpleData name="code">{SCHOOL}</SimpleData></SchemaData></ExtendedData>'
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring(113.645, 34.735, 0.003)}"
        "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>",
    )

    done = apply(admin_client, content, "边界.kml")

    assert "导入完成" in done
    west = boundary_of(WEST)
    assert west["type"] == "MultiPolygon" and len(west["coordinates"]) == 2
    assert all(len(point) == 2 for point in west["coordinates"][0][0])
    assert boundary_of(EAST)["type"] == "Polygon"
    assert boundary_of(SCHOOL)["type"] == "Polygon"
    located = admin_client.get("/api/registry/grids/locate/", {"lat": "34.722", "lon": "113.632"})
    assert located.json()["code"] == WEST


def test_the_dry_run_writes_nothing(tree):
    report = import_file(geojson(feature(WEST, square(113.63, 34.72, 0.01))), dry_run=True)

    assert report.ok and report.updated == 1
    assert boundary_of(WEST) is None
    assert Grid.objects.get(code=WEST).latitude is None


def test_the_command_imports_and_exports(tree, tmp_path):
    path = tmp_path / "边界.geojson"
    path.write_bytes(geojson(feature(WEST, square(113.63, 34.72, 0.01))))

    call_command("import_registry", "boundaries", str(path))

    out = tmp_path / "出.geojson"
    call_command("export_registry", "boundaries", str(out), "--within", COMMUNITY)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["统一编码"] for f in exported["features"]] == [COMMUNITY, WEST]
    with pytest.raises(CommandError, match=r"\.geojson"):
        call_command("export_registry", "boundaries", str(tmp_path / "x.xlsx"))


# -- the acceptance: each error names the feature ---------------------------------------------
def test_an_invalid_polygon_is_a_chinese_error_naming_the_feature(admin_client, tree):
    page = preview(admin_client, geojson(feature(WEST, BOWTIE)))

    assert "第 1 个要素（编码 410103001001001）" in page
    assert "不是有效的多边形" in page and "边线自相交" in page
    assert "确认导入" not in page


def test_a_boundary_outside_its_parent_is_a_chinese_error_naming_the_feature(admin_client, tree):
    content = geojson(
        feature(WEST, square(113.63, 34.72, 0.01)),
        feature(EAST, square(113.70, 34.72, 0.01)),  # east of 华府社区 by kilometres
    )

    page = preview(admin_client, content)

    assert "第 2 个要素（编码 410103001001002）" in page
    assert "超出华府社区的边界" in page
    assert boundary_of(WEST) is None


def test_a_kml_with_an_unknown_code_is_a_chinese_error_naming_the_feature(admin_client, tree):
    content = kml(
        placemark(name=WEST, polygons=[ring(113.63, 34.72, 0.01)]),
        placemark(name="410103001001999", polygons=[ring(113.64, 34.72, 0.01)]),
    )

    page = preview(admin_client, content, "边界.kml")

    assert "第 2 个要素（编码 410103001001999）" in page
    assert "网格编码“410103001001999”不存在" in page


def test_codes_written_as_numbers_or_full_width_digits_are_read(tree):
    as_number = feature(410103001001001.0, square(113.63, 34.72, 0.01), key="编码")
    full_width = placemark(
        name="４１０１０３００１００１００２", polygons=[ring(113.64, 34.72, 0.01)]
    )

    assert import_file(geojson(as_number)).ok
    assert import_file(kml(full_width), "a.kml").ok
    assert boundary_of(WEST) and boundary_of(EAST)


def test_a_kml_point_is_a_chinese_error_naming_the_feature(tree):
    point = (
        f"<Placemark><name>{EAST}</name><Point><coordinates>113.64,34.72,0</coordinates>"
        "</Point></Placemark>"
    )

    report = import_file(
        kml(placemark(name=WEST, polygons=[ring(113.63, 34.72, 0.01)]), point), "a.kml"
    )

    [problem] = report.problems
    assert problem.place == "第 2 个要素（编码 410103001001002）"
    assert "几何图形是 Point" in problem.message


def test_the_command_prints_the_feature_with_each_problem(tree, tmp_path):
    path = tmp_path / "边界.geojson"
    path.write_bytes(geojson(feature(WEST, BOWTIE)))

    with pytest.raises(CommandError, match="文件被拒绝"):
        call_command("import_registry", "boundaries", str(path))


# -- the whole file or nothing ------------------------------------------------------------------
def test_one_bad_feature_rejects_the_whole_file(tree):
    content = geojson(
        feature(WEST, square(113.63, 34.72, 0.01)),
        feature(EAST, BOWTIE),
    )

    report = import_file(content)

    assert not report.ok and [p.row for p in report.problems] == [3]
    assert boundary_of(WEST) is None and boundary_of(EAST) is None


def test_a_parent_in_the_same_file_is_checked_with_its_new_boundary(tree):
    # The community grows east; the new grid lies in the new part only.
    grown = geojson(
        feature(EAST, square(113.651, 34.72, 0.005)),
        feature(COMMUNITY, square(113.63, 34.72, 0.03)),
    )
    report = import_file(grown)
    assert report.ok, report.lines()

    # The community shrinks; a grid inside the old boundary is now outside.
    shrunk = geojson(
        feature(COMMUNITY, square(113.63, 34.72, 0.005)),
        feature(WEST, square(113.64, 34.73, 0.005)),
    )
    report = import_file(shrunk)
    assert [p.place for p in report.problems] == ["第 2 个要素（编码 410103001001001）"]


def test_a_code_twice_in_one_file_is_an_error(tree):
    content = geojson(
        feature(WEST, square(113.63, 34.72, 0.01)),
        feature(WEST, square(113.63, 34.72, 0.005)),
    )

    report = import_file(content)

    assert [(p.place, p.message) for p in report.problems] == [
        (
            "第 2 个要素（编码 410103001001001）",
            "同一网格也是第 1 个要素；一个网格在一个文件中只能出现一次。",
        )
    ]


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (None, "没有几何图形"),
        ({"type": "Point", "coordinates": [113.63, 34.72]}, "几何图形是 Point"),
        ({"type": "LineString", "coordinates": [[113.63, 34.72], [113.64, 34.73]]}, "LineString"),
        ({"type": "Polygon", "coordinates": [[["a", 1], [2, 3], [4, 5], ["a", 1]]]}, "经度、纬度"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[113.63, 34.72], [113.64, 34.72], [113.63, 34.72]]],
            },
            "顶点太少",
        ),
    ],
)
def test_a_feature_without_an_area_is_named(tree, geometry, expected):
    report = import_file(
        geojson(feature(WEST, square(113.63, 34.72, 0.01)), feature(EAST, geometry))
    )

    assert not report.ok
    [problem] = report.problems
    assert problem.place == "第 2 个要素（编码 410103001001002）" and expected in problem.message


def test_a_feature_without_a_code_is_named_by_its_number(tree):
    nameless = {
        "type": "Feature",
        "properties": {"名称": "无名"},
        "geometry": square(113.63, 34.72, 0.01),
    }

    report = import_file(geojson(nameless))

    [problem] = report.problems
    assert problem.place == "第 1 个要素" and "统一编码" in problem.message


# -- warnings -----------------------------------------------------------------------------------
def test_overlapping_regular_siblings_are_a_warning_naming_both(admin_client, tree):
    content = geojson(
        feature(WEST, square(113.63, 34.72, 0.01)),
        feature(EAST, square(113.635, 34.72, 0.01)),  # half over 1号网格
        feature(SCHOOL, square(113.631, 34.721, 0.003)),  # an exclusive grid may lie over it
    )

    page = preview(admin_client, content)

    assert "华府1号网格（410103001001001） 与 华府2号网格（410103001001002） 重叠约" in page
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportStatus.SUCCEEDED  # a warning does not reject the file
    [warning] = job.report["warnings"]  # none for the school over 1号网格
    assert "华府学校" not in warning


def test_existing_children_left_outside_a_new_boundary_are_a_warning(tree):
    west = Grid.objects.get(code=WEST)
    west.boundary = square(113.63, 34.72, 0.01)
    west.save()

    report = import_file(geojson(feature(COMMUNITY, square(113.641, 34.72, 0.009))))

    assert report.ok
    assert any("华府1号网格" in warning and "新边界" in warning for warning in report.warnings)


# -- who may -------------------------------------------------------------------------------------
@pytest.fixture
def community_editor(tree, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="pw-editor-2026!", is_staff=True
    )
    user.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(user=user, grid=tree["community"], role=AccessRole.COMMUNITY_EDITOR)
    return user


def test_a_community_editor_sets_boundaries_only_in_their_subtree(client, community_editor, tree):
    client.force_login(community_editor)
    content = geojson(
        feature(WEST, square(113.63, 34.72, 0.01)),
        feature(NEIGHBOUR_GRID, square(113.62, 34.71, 0.005)),
    )

    page = preview(client, content)

    assert "第 2 个要素（编码 410103001002001）" in page and "不在您可导入的范围内" in page
    assert boundary_of(NEIGHBOUR_GRID) is None
    done = apply(client, geojson(feature(WEST, square(113.63, 34.72, 0.01))))
    assert "导入完成" in done and boundary_of(WEST) is not None


def test_a_refused_feature_gets_no_warnings_that_would_describe_its_grid(community_editor, tree):
    """The street is not the editor's: the refusal does not say whether it exists, and no
    warning about its children (which its new shape would leave outside) says it for it."""
    report = import_file(
        geojson(feature(STREET, square(113.66, 34.74, 0.005))), user=community_editor
    )

    assert not report.ok
    assert report.warnings == []


def test_a_grid_worker_may_not_import_boundaries(client, tree, django_user_model):
    worker = django_user_model.objects.create_user(
        "worker", password="pw-worker-2026!", is_staff=True
    )
    worker.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(user=worker, grid=tree["west"], role=AccessRole.GRID_WORKER)
    client.force_login(worker)

    response = upload(client, geojson(feature(WEST, square(113.63, 34.72, 0.01))))

    assert response.status_code in (302, 403) and not ImportJob.objects.exists()


# -- hostile and careless files -----------------------------------------------------------------
DOCTYPE_KML = (
    b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b"<kml><Placemark><name>&b;</name></Placemark></kml>"
)
EXTERNAL_ENTITY_KML = (
    b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<kml><Placemark><name>&x;</name></Placemark></kml>"
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.kml", DOCTYPE_KML, "DOCTYPE"),
        ("a.kml", EXTERNAL_ENTITY_KML, "DOCTYPE"),
        ("a.kml", b"<kml><Placemark>", "不是格式正确的 XML"),
        ("a.kml", b"<html><body>hi</body></html>", "不是 KML"),
        ("a.kml", kml(), "没有地标"),
        ("a.kml", '<?xml version="1.0" encoding="GBK"?><kml/>'.encode("gbk"), "UTF-8"),
        ("a.geojson", b"{not json", "不是有效的 JSON"),
        ("a.geojson", b'{"a": 1}', "不是 GeoJSON"),
        ("a.geojson", b"[1, 2]", "不是 GeoJSON"),
        ("a.geojson", geojson(), "没有要素"),
        ("a.geojson", b"[" * 100_000 + b"]" * 100_000, "嵌套"),
        (
            "a.geojson",
            b'{"type": "Feature", "geometry": {"type": "Point"}, "x": 1' + b"9" * 5000 + b"}",
            "过长的数字",
        ),
        ("a.geojson", json.dumps({"type": "Polygon", "coordinates": []}).encode(), "放进 Feature"),
        ("a.geojson", '{"type": "FeatureCollection", "name": "边界"}'.encode("gb18030"), "UTF-8"),
        (
            "a.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
                    "features": [feature(WEST, square(0, 0, 100))],
                }
            ).encode(),
            "EPSG:3857",
        ),
    ],
)
def test_a_hostile_or_broken_file_is_refused_with_a_chinese_message(
    admin_client, tree, name, content, expected
):
    page = preview(admin_client, content, name)

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert expected in " ".join(job.report["file_errors"]), job.report
    assert expected in page or expected.replace("<", "&lt;") in page


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("边界.geojson", b"", "空"),
        ("边界.kml", b"  \n ", "空"),
        ("边界.kmz", b"PK\x03\x04", "KMZ"),
        ("边界.shp", b"\x00\x00\x27\x0a", ".geojson、.json 或 .kml"),
    ],
)
def test_the_upload_refuses_at_once_what_costs_nothing_to_check(
    admin_client, tree, name, content, expected
):
    response = upload(admin_client, content, name)

    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused_in_the_request(admin_client, tree, settings):
    settings.IMPORT_MAX_BYTES = 1000
    content = geojson(*[feature(WEST, square(113.63, 34.72, 0.01))] * 20)

    response = upload(admin_client, content)

    assert response.status_code == 400 and "MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_many_features_are_refused(tree):
    content = geojson(*[feature(WEST, square(113.63, 34.72, 0.01))] * 11)

    with pytest.raises(GeoFileError, match="最多导入 10 个"):
        read_boundary_file(content, "a.geojson", limits=Limits(max_rows=10))
    with pytest.raises(GeoFileError, match="超过 10 个"):
        placemarks = [placemark(name=WEST, polygons=[ring(113.63, 34.72, 0.01)])] * 11
        read_boundary_file(kml(*placemarks), "a.kml", limits=Limits(max_rows=10))


def test_a_single_feature_and_3d_coordinates_are_accepted(tree):
    single = json.dumps(feature(WEST, square(113.63, 34.72, 0.01, height=88.0))).encode()

    report = import_file(single, "a.json")

    assert report.ok, report.lines()
    assert boundary_of(WEST) == square(113.63, 34.72, 0.01)


# -- export and the pages around it -------------------------------------------------------------
def test_the_geojson_export_of_a_subtree_imports_back_unchanged(admin_client, tree):
    import_file(geojson(feature(WEST, square(113.63, 34.72, 0.01))))

    response = admin_client.get(
        reverse("governance_export", args=["boundaries"]), {"within": tree["community"].pk}
    )

    assert response["Content-Type"] == "application/geo+json"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    collection = json.loads(response.content)
    assert [f["properties"]["统一编码"] for f in collection["features"]] == [COMMUNITY, WEST]
    assert collection["features"][1]["properties"]["名称"] == "华府1号网格"
    report = import_file(response.content)
    assert report.ok and report.unchanged == 2 and report.updated == 0


def test_the_export_holds_only_what_the_user_may_export(client, community_editor, tree):
    client.force_login(community_editor)

    everything = client.get(reverse("governance_export", args=["boundaries"]))
    elsewhere = client.get(
        reverse("governance_export", args=["boundaries"]), {"within": tree["neighbour"].pk}
    )

    codes = [f["properties"]["统一编码"] for f in json.loads(everything.content)["features"]]
    assert codes == [COMMUNITY]
    assert elsewhere.status_code == 404
    bad_format = client.get(reverse("governance_export", args=["boundaries"]), {"format": "xlsx"})
    assert bad_format.status_code == 404


def test_the_grid_tree_offers_the_boundary_import_and_the_branch_export(admin_client, tree):
    listing = admin_client.get(
        reverse("wagtailsnippets_governance_grid:list"), {"parent": tree["community"].pk}
    ).content.decode()

    assert "导入边界（GeoJSON、KML）" in listing
    assert (
        f"{reverse('governance_export', args=['boundaries'])}?within={tree['community'].pk}"
        in listing
    )


def test_the_upload_pages_describe_their_files(admin_client, tree):
    boundaries = admin_client.get(reverse("governance_import_upload", args=["boundaries"]))
    people = admin_client.get(reverse("governance_import_upload", args=["people"]))

    text = boundaries.content.decode()
    assert 'accept=".geojson,.json,.kml"' in text and "ExtendedData" in text
    assert "导出为 GeoJSON" in text and "华府社区（410103001001）" in text
    assert "下载导入模板" not in text
    assert (
        'accept=".xlsx,.csv"' in people.content.decode()
        and "下载导入模板" in people.content.decode()
    )
    template = admin_client.get(reverse("governance_import_template", args=["boundaries"]))
    assert template.status_code == 404
