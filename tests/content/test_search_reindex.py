"""`manage.py update_index` rebuilds the index through the backend's rebuilder, not its `add`:
a search cached before the rebuild must not outlive it."""

import io

import pytest
from django.core.management import call_command

from content.factories import add_notice, build_site
from content.models import NoticePage


@pytest.mark.django_db
def test_a_search_cached_before_update_index_sees_the_rebuilt_index(client, tree):
    notices = build_site(tree["district"][0])["notice_lists"][0]
    notice = add_notice(notices, "楼道清理", "<p>请各户清理楼道杂物。</p>")
    assert "楼道清理" not in client.get("/search/", {"q": "充电"}).content.decode()

    # Written around the ORM's signals (a script, a restore): the index does not know yet.
    NoticePage.objects.filter(pk=notice.pk).update(title="充电桩安装")
    call_command("update_index", stdout=io.StringIO())

    assert "充电桩安装" in client.get("/search/", {"q": "充电"}).content.decode()
