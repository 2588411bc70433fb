def test_home__renders_in_chinese(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "社区网格化治理服务平台" in html
    assert 'name="viewport"' in html


def test_home__loads_nothing_from_other_hosts(client, home_page):
    html = client.get("/").content.decode()

    assert "//cdn" not in html
    assert "https://" not in html.split("<body")[0]
    assert "fonts.googleapis" not in html


def test_missing_page__is_a_chinese_404(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
