"""Fuzz the page writes (create, update, delete) with an API token, with every check: no
server error, every answer documented, and nothing accepted that the document calls invalid."""

import pytest
from wagtail.models import APIToken

from content.factories import add_notice, build_site
from governance.factories import make_tree
from tests.api.fuzzing import failures_of, load_schema


@pytest.fixture
def editor_token(db, django_user_model):
    site = build_site(make_tree(streets=1, communities=1, grids=1)["district"][0])
    add_notice(site["notice_lists"][0], "小区停水通知")
    editor = django_user_model.objects.create_superuser("fuzz", "fuzz@example.com", "pw-fuzz-1!")
    return APIToken.create_token(user=editor, name="fuzz")[1]


def test_page_writes_conform_to_the_schema(editor_token, wsgi_app):
    schema = load_schema(
        wsgi_app, max_examples=8, headers={"Authorization": f"Bearer {editor_token}"}
    )
    schema = schema.include(
        path_regex=r"^/api/pages/(\{page_id\}/)?$", method=["POST", "PATCH", "DELETE"]
    )
    assert len(list(schema.get_all_operations())) == 3

    failures = failures_of(schema)

    assert not failures, "\n".join(failures)
