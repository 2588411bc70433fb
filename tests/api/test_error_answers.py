"""The OpenAPI document declares every answer an operation gives, errors included, and the
errors are problem documents."""

import pytest
from wagtail.models import APIToken

PROBLEM = "application/problem+json"
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def problem_statuses(operation) -> set[int]:
    return {
        int(status)
        for status, answer in operation["responses"].items()
        if answer.get("content", {}).get(PROBLEM, {}).get("schema")
        == {"$ref": "#/components/schemas/ProblemDetail"}
    }


@pytest.mark.django_db
def test_every_operation_declares_its_error_answers_as_problem_documents(spec):
    assert "ProblemDetail" in spec["components"]["schemas"]
    for path, method, operation in operations(spec):
        declared = problem_statuses(operation)
        label = f"{method.upper()} {path}"
        assert 400 in declared, label
        if operation.get("parameters") or "requestBody" in operation:
            assert 404 in declared, label
        if {} not in operation.get("security", [{}]):
            assert {401, 403} <= declared, label
        if method == "get":
            assert "304" in operation["responses"], label


@pytest.mark.django_db
def test_what_each_operation_answers_is_declared_where_it_can_happen(spec):
    paths = spec["paths"]

    page = paths["/api/pages/{page_id}/"]
    assert {400, 404, 422} <= problem_statuses(page["get"])
    assert {400, 401, 403, 404, 422} <= problem_statuses(page["patch"])
    # No input at all: nothing to be missing or malformed.
    assert problem_statuses(paths["/api/registry/tally-kinds/"]["get"]) == {400}
    # A code in the address is free text: never a 422.
    assert 422 not in problem_statuses(paths["/api/registry/grids/{code}/"]["get"])
    assert 422 in problem_statuses(paths["/api/registry/rollups/"]["get"])


@pytest.mark.django_db
def test_reads_open_to_anyone_declare_the_token_optional(spec):
    pages = spec["paths"]["/api/pages/"]

    assert pages["get"]["security"] == [{"BearerTokenAuth": []}, {}]
    assert pages["post"]["security"] == [{"BearerTokenAuth": []}]
    assert "AllowAnonymous" not in spec["components"]["securitySchemes"]


def parameter(spec, path, name, method="get"):
    return next(p for p in spec["paths"][path][method]["parameters"] if p["name"] == name)


@pytest.mark.django_db
def test_the_document_states_the_limits_the_api_enforces(spec):
    limit = parameter(spec, "/api/registry/grids/", "limit")["schema"]
    offset = parameter(spec, "/api/pages/", "offset")["schema"]
    page_id = parameter(spec, "/api/pages/{page_id}/", "page_id")["schema"]
    order = parameter(spec, "/api/documents/", "order")["schema"]
    search = parameter(spec, "/api/pages/", "search")["schema"]["anyOf"][0]

    assert limit["maximum"] == 100
    assert search["pattern"] == "^[^\\u0000]*$"  # the NUL guard
    assert offset["maximum"] == page_id["maximum"] == 10**18 - 1
    assert {"const": "random", "type": "string"} in order["anyOf"]
    assert {
        "type": "array",
        "items": {"type": "string", "enum": ["-id", "-title", "id", "title"]},
    } in order["anyOf"]


@pytest.mark.django_db
def test_the_registry_states_the_form_of_codes_rings_and_periods(spec):
    cards = parameter(spec, "/api/registry/grids/{code}/contact-cards/", "code")["schema"]
    ring = parameter(spec, "/api/registry/service-points/", "ring")["schema"]
    period = parameter(spec, "/api/registry/rollups/", "period")["schema"]

    assert cards["pattern"] == r"^(?:\d{12}|\d{15}|\d{18})$"
    assert ring["enum"] == [5, 10, 15]
    assert period["pattern"].startswith("^[1-9]")


@pytest.mark.django_db
def test_an_id_that_names_no_page_answers_404_like_an_unknown_locale(client, world):
    for query in ({"child_of": 999999}, {"descendant_of": 999999}, {"locale": "xx"}):
        response = client.get("/api/pages/", query)

        assert response.status_code == 404, query
        assert response["Content-Type"] == PROBLEM
        [name] = query
        assert response.json()["detail"].startswith(f"查询参数 {name} "), query
        assert response.json()["errors"][0]["loc"] == ["query", name]


@pytest.mark.django_db
def test_an_unknown_locale_or_site_is_named_with_what_there_is(client, world):
    """Still a 404, as Wagtail answers it and as an id or code naming nothing does."""
    locale = client.get("/api/pages/", {"locale": "xx"}).json()["detail"]
    site = client.get("/api/pages/", {"site": "nosuch.example"}).json()["detail"]

    assert locale == "查询参数 locale 的值“xx”不是本站内容使用的语言。可选：zh-hans。"
    assert site.startswith("查询参数 site 的值“nosuch.example”不是本站的站点")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "listing",
    [
        "/api/registry/grids/",
        "/api/registry/service-points/",
        "/api/registry/teams/",
        "/api/pages/",
        "/api/images/",
        "/api/documents/",
    ],
)
def test_a_limit_above_the_maximum_is_refused_naming_limit_and_the_maximum(client, listing):
    answer = client.get(listing, {"limit": 100000})

    assert answer.status_code == 400
    assert answer["Content-Type"] == PROBLEM
    assert answer.json()["detail"] == "查询参数 limit 的值无效：不能大于 100。"
    [error] = answer.json()["errors"]
    assert error["loc"] == ["query", "limit"] and error["ctx"] == {"le": 100}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        (
            "order=nosuch",
            "查询参数 order 的值无效：不能按 nosuch 排序。可排序的字段：first_published_at、id、",
        ),
        (
            "type=content.CommunityPage&order=-nosuch",
            "不能按 -nosuch 排序。可排序的字段：achievements、",
        ),
        ("order=random&offset=5", "查询参数 order 为 random 时不能给出 offset。"),
        ("order=random&order=title", "查询参数 order 的值无效：random 不能与其他字段同用。"),
        (
            "search=停水&type=content.NoticePage&order=expiry_date",
            "查询参数 order 的值无效：搜索（search）时不能按 expiry_date 排序。",
        ),
    ],
)
def test_an_order_the_listing_refuses_is_named_in_chinese(client, world, query, sentence):
    answer = client.get(f"/api/pages/?{query}")

    assert answer.status_code == 422
    assert sentence in answer.json()["detail"]
    assert [error["loc"] for error in answer.json()["errors"]] == [["query", "order"]]


@pytest.mark.django_db
def test_an_order_says_which_fields_the_listing_orders_by(client):
    detail = client.get("/api/documents/?order=size").json()["detail"]

    assert detail == (
        "查询参数 order 的值无效：不能按 size 排序。"
        "可排序的字段：id、title（前加 - 为倒序），或单独一个 random。"
    )


@pytest.mark.django_db
def test_filters_that_cannot_go_together_are_named(client, world):
    answer = client.get("/api/pages/?child_of=root&descendant_of=root")

    assert answer.status_code == 422
    assert answer.json()["detail"] == "查询参数 child_of 与 descendant_of 不能同时给出。"


@pytest.mark.django_db
def test_an_address_under_api_that_names_no_operation_answers_a_problem_document(client):
    for url in ["/api/nothing-here/", "/api/registry/grids/410103%2F001/"]:
        response = client.get(url)

        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        assert response.json()["detail"] == "此地址没有对应的 API 接口。"


@pytest.mark.django_db
def test_contact_cards_of_a_district_are_not_found_with_a_chinese_reason(client, world):
    district = world["tree"]["district"][0]

    response = client.get(f"/api/registry/grids/{district.code}/contact-cards/")

    assert response.status_code == 404
    assert "请给出社区或三级网格的编码" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2026-01-01..2026-03-31", "0000", " 2026", "2026-13"])
def test_rollups__take_the_contracts_month_quarter_or_year_only(client, world, period):
    grid = world["tree"]["district"][0].code

    response = client.get("/api/registry/rollups/", {"grid": grid, "period": period})

    assert response.status_code == 400
    assert "请使用月份（2026-10）、季度（2026-Q3）或年份（2026）" in response.json()["detail"]


@pytest.mark.django_db
def test_the_document_lists_only_operations_an_address_can_reach(spec, client, admin_user):
    """The snippets API opens no snippet type (registry models are snippets in the admin
    only), so its paths take a type that can only be empty."""
    token = APIToken.create_token(user=admin_user, name="t")[1]

    people = client.get("/api/snippets/governance.person/", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert not [path for path in spec["paths"] if path.startswith("/api/snippets/")]
    assert people.status_code == 422


@pytest.mark.django_db
def test_an_unknown_grid_code_is_not_found_with_a_chinese_reason(client, world):
    for url in ["/api/registry/grids/410199/", "/api/registry/teams/?within=410199"]:
        response = client.get(url)

        assert response.status_code == 404
        assert response.json()["detail"] == "没有编码为“410199”的网格。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("/api/registry/grids/locate/", ["缺少查询参数 lat", "缺少查询参数 lon"]),
        ("/api/registry/grids.geojson", ["缺少查询参数 within"]),
        ("/api/registry/officials-stats/?period=2026-01", ["缺少查询参数 grid"]),
        ("/api/pages/?limit=many", ["查询参数 limit 的值无效：应为整数"]),
    ],
)
def test_a_missing_or_malformed_parameter_is_named_in_chinese(client, address, named):
    answer = client.get(address)
    assert answer.status_code == 422
    assert answer["Content-Type"].startswith(PROBLEM)
    problem = answer.json()
    for words in named:
        assert words in problem["detail"]
    assert problem["errors"] and all("loc" in error for error in problem["errors"])


@pytest.mark.django_db
def test_a_page_address_that_names_no_page_is_a_chinese_404(client):
    answer = client.get("/api/pages/find/?html_path=%FF")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "没有找到所请求的内容。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "sentence"),
    [
        ("/api/pages/?child_of=abc", "查询参数 child_of 的值无效："),
        ("/api/pages/?type=nope.Nope", "查询参数 type 的值无效：不是可选的值（可选：wagtailcore"),
        (
            "/api/pages/?search_operator=xor",
            "查询参数 search_operator 的值无效：不是可选的值（可选：and 或 or）。",
        ),
    ],
)
def test_a_pages_filter_is_named_as_the_reader_wrote_it_once(client, address, sentence):
    """Wagtail groups its filters in schemas (`filters.child_of`) and tries each type a value
    may have (`constrained-int`, `literal['root']`): the reader wrote `child_of`, once."""
    detail = client.get(address).json()["detail"]
    assert detail.startswith(sentence)
    assert detail.count("查询参数") == 1 and "filters" not in detail


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_method_the_address_does_not_take_is_a_problem_document_in_chinese(client, method):
    response = getattr(client, method)("/api/registry/grids/")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET"
    assert f"不接受 {method.upper()} 请求" in response.json()["detail"]


@pytest.mark.django_db
def test_a_write_without_a_token_is_told_in_chinese(client):
    response = client.delete("/api/pages/1/")

    assert response.status_code == 401
    assert "API 令牌" in response.json()["detail"]


@pytest.mark.django_db
def test_a_random_order_while_searching_is_named_random(client):
    response = client.get("/api/pages/", {"search": "停水", "order": "random"})

    assert response.status_code == 422
    assert "不能按 random 排序" in response.json()["detail"]
