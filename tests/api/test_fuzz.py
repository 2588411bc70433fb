"""Fuzz the public API with schemathesis against our own OpenAPI document, with every check
(`--checks all`): no server errors, every answer documented and conforming, no valid request
refused, no invalid request accepted."""

import pytest

from content.factories import add_notice, build_site
from governance.factories import PersonFactory, RoleFactory, ServicePointFactory, make_tree
from tests.api.fuzzing import failures_of, load_schema


@pytest.fixture
def public_data(db):
    tree = make_tree(streets=1, communities=2, grids=2)
    site = build_site(tree["district"][0])
    add_notice(site["notice_lists"][0], "小区停水通知")
    PersonFactory(
        grid=tree["grid"][0],
        role=RoleFactory(name="网格长", contact_card_order=1),
        phone_public=True,
    )
    ServicePointFactory(grid=tree["grid"][0])


def test_public_api_conforms_to_its_schema(public_data, wsgi_app):
    schema = load_schema(wsgi_app, max_examples=15)
    # The public, anonymous surface: every read endpoint of pages and the registry.
    schema = schema.include(method="GET").exclude(path_regex=r"revisions|/actions/|whoami")
    assert len(list(schema.get_all_operations())) >= 10

    failures = failures_of(schema)

    assert not failures, "\n".join(failures)
