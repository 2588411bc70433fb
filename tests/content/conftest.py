"""A page tree over the test grid tree with a street approval workflow, and its editors."""

import pytest

from content.demo import page_editor_group, street_approval_workflow
from content.factories import build_site


@pytest.fixture
def site(tree):
    pages = build_site(tree["district"][0])
    street_approval_workflow(pages["streets"][0])
    return pages


@pytest.fixture
def editor_of(django_user_model):
    def make(page, username):
        user = django_user_model.objects.create_user(username, password="pw-editor-2026!")
        user.groups.add(page_editor_group(page))
        return user

    return make


@pytest.fixture
def community_editor(site, editor_of):
    return editor_of(site["communities"][0], "community_editor")


@pytest.fixture
def street_editor(site, editor_of):
    return editor_of(site["streets"][0], "street_editor")
