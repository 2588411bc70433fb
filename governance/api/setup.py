"""Wagtail's v3 API is the project's one API: our registry router joins it, and what every
operation answers besides success is made explicit (errors.py, writes.py, openapi.py)."""

from civicgrid.query_parameters import allow_api_query_parameters
from governance.api import errors, openapi
from governance.api.router import router
from governance.api.writes import refuse_writes_it_cannot_honour


def configure_api(api) -> None:
    api.title = "网格通 CivicGrid API"
    api.description = (
        "Public pages (Wagtail's v3 pages API) and public registry data: the grid tree, "
        "contact cards, the 15-minute service circle, volunteer teams and work tallies. "
        "Search (`?search=`) matches Chinese like the site's /search/. "
        "Every error is an application/problem+json ProblemDetail, declared on each operation."
    )
    api.add_router("/registry/", router)
    api.add_decorator(errors.answer_a_bad_address_not_a_crash, mode="view")
    api.add_decorator(refuse_writes_it_cannot_honour, mode="operation")
    errors.install(api)
    openapi.install(api)
    allow_api_query_parameters(lambda: openapi.query_parameter_names(api))
