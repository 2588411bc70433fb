"""Fuzz the public API with schemathesis against our own OpenAPI document: no 500s, and every
response conforms to the schema.

CI runs a fixed sequence of examples so that a red build always means a change broke something;
FUZZ_RANDOM=1 draws new examples each run to hunt for more (that is how %00 was found).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from content.factories import add_notice, build_site
from governance.factories import PersonFactory, RoleFactory, ServicePointFactory, make_tree


@pytest.fixture
def wsgi_app_in_test_transaction():
    """The WSGI handler closes database connections after each request; inside a test's
    transaction that would drop the connection (PostgreSQL). Django's own test client
    switches this off the same way."""
    from django.core import signals
    from django.db import close_old_connections

    from civicgrid.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, wsgi_app_in_test_transaction):
    application = wsgi_app_in_test_transaction

    tree = make_tree(streets=1, communities=2, grids=2)
    site = build_site(tree["district"][0])
    add_notice(site["notice_lists"][0], "小区停水通知")
    PersonFactory(
        grid=tree["grid"][0],
        role=RoleFactory(name="网格长", contact_card_order=1),
        phone_public=True,
    )
    ServicePointFactory(grid=tree["grid"][0])
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    # The public, anonymous surface: every read endpoint of pages and the registry.
    # Snippets answer only to API tokens and list no registry type: nothing public there.
    return schema.include(method="GET").exclude(path_regex=r"revisions|/actions/|whoami|snippets")


def test_public_api_conforms_to_its_schema(api_schema):
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            derandomize=os.environ.get("FUZZ_RANDOM") != "1",
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            # What we promise: no server error, and every response matches the document.
            # (Wagtail's own pages endpoints answer bad query strings with an undocumented
            # 422, which schemathesis's status-code checks would flag; that is upstream.)
            case.call_and_validate(
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
            )

        check()
        checked.append(operation.label)

    assert len(checked) >= 10, checked
