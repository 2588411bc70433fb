"""make demo runs with DEBUG on: a resident still sees the site's own Chinese error pages."""

import pytest
from django.urls import path

from civicgrid.urls import urlpatterns as site_urls


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), *site_urls]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/no-such-page/", "/no-such-file.php"])
def test_debug__a_missing_page_shows_the_sites_404(client, debug, address):
    response = client.get(address)

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "Page not found" not in html and "URLconf" not in html


@pytest.mark.django_db
def test_debug__an_error_shows_the_sites_500(client, debug, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错了" in html and "Traceback" not in html


@pytest.mark.django_db
def test_debug__djangos_pages_come_back_when_asked(client, debug, settings):
    settings.PROJECT_ERROR_PAGES = False

    assert "URLconf" in client.get("/no-such-file.php").content.decode()
