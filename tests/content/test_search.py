import pytest

from content.factories import add_notice, build_site
from content.search.chinese import index_terms, query_terms

NOTICE_BODIES = {
    "华府小区停水通知": "因自来水管网维修，华府小区部分楼栋将于周六停水一天，请居民提前储水。",
    "消防通道清理": "网格巡查发现楼道消防通道堆放纸箱废品，存在较大安全隐患，请各户及时清理。",
    "行道树防治": "园林养护人员将对沿街病虫害行道树进行化学防治，作业期间请勿在树下停车。",
    "改水施工": "经居民协商通过的一户一表改水方案已开始施工，施工期间可能短时停水。",
    "网格议事会": "议题为楼院停车秩序与充电桩安装，欢迎居民代表参加并提出意见建议。",
    "红色自管会": "东方花园红色自管会招募楼栋长和志愿者，参与楼院卫生和安全巡查。",
    "暖心驿站": "暖心驿站为环卫工人和快递小哥提供热饭、饮水和手机充电服务。",
    "随手拍指南": "发现路灯损坏等问题可以随手拍上报，三级网格就地处置，闭环办结。",
    "重点人群走访": "网格员每月对低保特困和孤寡残障家庭开展循环走访并建立台账。",
    "合伙人招募": "社区联合社会组织和资源单位招募社区合伙人，丰富文体活动。",
}
# (two-character word from the middle of a body, the notice it must find)
QUERIES = [
    ("停水", "华府小区停水通知"),
    ("管网", "华府小区停水通知"),
    ("储水", "华府小区停水通知"),
    ("纸箱", "消防通道清理"),
    ("隐患", "消防通道清理"),
    ("废品", "消防通道清理"),
    ("养护", "行道树防治"),
    ("病虫", "行道树防治"),
    ("作业", "行道树防治"),
    ("协商", "改水施工"),
    ("一表", "改水施工"),
    ("秩序", "网格议事会"),
    ("充电", "网格议事会"),
    ("招募", "红色自管会"),
    ("巡查", "红色自管会"),
    ("环卫", "暖心驿站"),
    ("热饭", "暖心驿站"),
    ("路灯", "随手拍指南"),
    ("闭环", "随手拍指南"),
    ("低保", "重点人群走访"),
    ("台账", "重点人群走访"),
    ("文体", "合伙人招募"),
    ("资源", "合伙人招募"),
]


@pytest.fixture
def notices(tree):
    site = build_site(tree["district"][0])
    index = site["notice_lists"][0]
    return {
        title: add_notice(index, title, f"<p>{body}</p>") for title, body in NOTICE_BODIES.items()
    }


def test_index_terms__chinese_as_characters_and_pairs():
    assert index_terms("小区停水") == "小 区 停 水 小区 区停 停水"
    assert query_terms("停水通知") == "停水 水通 通知"
    assert query_terms("Wi-Fi 驿站") == "驿站 wi fi"


@pytest.mark.django_db
@pytest.mark.parametrize("word, title", QUERIES)
def test_search__a_two_character_word_from_the_middle_of_a_body_finds_the_notice(
    client, notices, word, title
):
    body = NOTICE_BODIES[title]
    assert word in body and not body.startswith(word)

    html = client.get("/search/", {"q": word}).content.decode()

    assert title in html
    assert f"<mark>{word}</mark>" in html


@pytest.mark.django_db
def test_search__a_word_that_is_nowhere_finds_nothing(client, notices):
    html = client.get("/search/", {"q": "火箭"}).content.decode()

    assert "找到 0 条" in html


@pytest.mark.django_db
def test_search__filters_by_page_type(client, notices):
    only_communities = client.get("/search/", {"q": "停水", "type": "community"}).content.decode()
    only_notices = client.get("/search/", {"q": "停水", "type": "notice"}).content.decode()

    assert "华府小区停水通知" not in only_communities
    assert "华府小区停水通知" in only_notices


@pytest.mark.django_db
def test_search__drafts_are_not_found(client, notices):
    notices["暖心驿站"].unpublish()

    html = client.get("/search/", {"q": "热饭"}).content.decode()

    assert "找到 0 条" in html


@pytest.mark.django_db
def test_search__escapes_the_query(client, notices):
    html = client.get("/search/", {"q": "<script>停水"}).content.decode()

    assert "<script>停水" not in html


@pytest.mark.django_db
def test_search__an_unencoded_chinese_query_is_read_as_sent(client, notices):
    """curl and some apps send UTF-8 unencoded; the WSGI server passes its bytes as Latin-1."""
    html = client.get("/search/?q=停水").content.decode()

    assert "华府小区停水通知" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written, asked", [("33号楼", "33栋"), ("33栋", "33号楼"), ("３３幢", "33座")]
)
def test_search__a_building_is_found_however_its_number_is_written(tree, client, written, asked):
    site = build_site(tree["district"][0])
    add_notice(
        site["notice_lists"][0], "加装电梯公示", f"<p>华府小区{written}加装电梯意见征询。</p>"
    )

    html = client.get("/search/", {"q": asked}).content.decode()

    assert "加装电梯公示" in html


@pytest.mark.django_db
def test_search__a_building_number_is_matched_whole(tree, client):
    site = build_site(tree["district"][0])
    add_notice(
        site["notice_lists"][0], "加装电梯公示", "<p>华府路3号院，华府小区33号楼加装电梯。</p>"
    )

    html = client.get("/search/", {"q": "3栋"}).content.decode()

    assert "找到 0 条" in html


LONG_QUERY = " ".join(f"{n:x}" for n in range(600))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/pages/", "/admin/pages/search/", "/admin/documents/"])
def test_search__a_query_of_hundreds_of_words_is_answered(admin_client, notices, url):
    parameter = "search" if url.startswith("/api/") else "q"

    response = admin_client.get(url, {parameter: LONG_QUERY})

    assert response.status_code == 200


@pytest.mark.django_db
def test_search__a_query_of_hundreds_of_chinese_pairs_is_answered(client, notices):
    response = client.get("/api/pages/", {"search": "停水" + "的" * 900})

    assert response.status_code == 200
