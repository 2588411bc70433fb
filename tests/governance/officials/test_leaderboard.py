"""积分排行 in the admin: /admin/officials/leaderboard/?grid=<code>&period=<period>."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from governance.models import AccessRole
from governance.officials.factories import make_official
from governance.officials.models import YoungOfficial

pytestmark = pytest.mark.django_db

URL = "/admin/officials/leaderboard/"


def rows(html: str) -> list[str]:
    start = html.index("<tbody>", html.index("officials-eval__table"))
    return html[start : html.index("</tbody>", start)].split("<tr>")[1:]


def test_a_street_editor_sees_the_streets_officials_ranked_with_each_rules_points(
    client, evaluation
):
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])

    answer = client.get(URL, {"grid": "410101001", "period": "2026-Q3"})

    assert answer.status_code == 200
    html = answer.content.decode()
    first, second = rows(html)
    assert "王小明" in first and "市司法局" in first and "华府1号网格" in first
    assert ">58</strong>" in first and ">20<" not in first  # 走访 3×2 + 20 (capped) = 26
    assert ">26<" in first and ">6<" in first  # 走访, 收集需求
    assert "赵敏" in second and ">6</strong>" in second
    assert "孙强" not in html  # 二街道
    wang = evaluation.officials["wang"]
    assert f'href="/admin/officials/officials/{wang.pk}/evaluation/?period=2026-Q3"' in html
    # An editor of the street holds the assess right: each row offers the marks screen.
    assert f"/admin/officials/officials/{wang.pk}/marks/?month=2026-09" in html
    for rule in (
        "走访",
        "收集需求",
        "按期办结任务",
        "项目节点",
        "六员履职",
        "群众评价",
        "工作实绩",
    ):
        assert f">{rule}<" in html
    assert "2026年第3季度" in html and 'value="2026-Q3" selected' in html


def test_without_parameters_the_board_is_of_the_users_root_this_month(client, evaluation):
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])

    html = client.get(URL).content.decode()

    assert 'value="2026-10" selected' in html  # the clock stands in October 2026
    assert 'value="410101001" selected' in html
    assert "王小明" in html and "赵敏" in html


def test_a_community_editor_sees_the_board_without_scoring(client, evaluation):
    client.force_login(evaluation.users[AccessRole.COMMUNITY_EDITOR])

    html = client.get(URL, {"period": "2026-Q3"}).content.decode()

    assert "王小明" in html and "赵敏" not in html  # 华府社区 only
    assert "/marks/" not in html


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"grid": "410101002"}, 403, "二街道 不在您负责的网格范围内"),
        ({"grid": "410109"}, 404, "没有统一编码为“410109”的网格"),
        ({"period": "2026-13"}, 400, "不存在第 13 月"),
        ({"period": "2026-01-01..2026-02-01"}, 400, "2026-Q3"),
        ({"period": "明年"}, 400, "不是有效的统计期"),
    ],
)
def test_a_node_outside_the_scope_or_a_bad_period_is_refused_in_chinese(
    client, evaluation, params, status, words
):
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])

    answer = client.get(URL, params)

    assert answer.status_code == status
    assert words in answer.content.decode()


def test_the_query_count_does_not_grow_with_the_officials(
    client, evaluation, django_assert_max_num_queries
):
    client.force_login(evaluation.users[AccessRole.STREET_EDITOR])
    params = {"grid": "410101001", "period": "2026-Q3"}
    client.get(URL, params)  # warm the session and the scope
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)
    for number in range(15):
        make_official(evaluation.nodes["g1112"], name=f"钱{number}")
    with django_assert_max_num_queries(len(few)):
        html = client.get(URL, params).content.decode()
    assert html.count("钱") == 15
    assert YoungOfficial.objects.count() == 18


def test_the_leaderboard_downloads_as_a_workbook(client, evaluation):
    client.force_login(evaluation.users[AccessRole.ANALYST])

    answer = client.get(URL + "export/", {"grid": "410101001", "period": "2026-Q3"})

    assert answer.status_code == 200
    assert "filename*=UTF-8''" in answer["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.title == "积分排行"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "一街道 年轻干部积分排行"
    assert values[1][:2] == ("考评期", "2026年第3季度")
    header = values[3]
    assert header[:4] == ("排名", "姓名", "派出单位", "所在网格") and header[-1] == "总分"
    assert values[4][:4] == (1, "王小明", "市司法局", "华府1号网格") and values[4][-1] == 58
    assert values[5][1] == "赵敏"


def test_the_menu_offers_the_leaderboard_to_staff_with_a_grid(
    client, evaluation, django_user_model
):
    client.force_login(evaluation.users[AccessRole.GRID_WORKER])
    assert URL in client.get("/admin/").content.decode()

    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))
    assert URL not in client.get("/admin/").content.decode()
