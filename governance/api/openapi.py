"""Declare in the OpenAPI document the error answers every operation really gives.

Django Ninja documents what a view returns. The errors come from elsewhere: Wagtail's exception
handlers, Ninja's validation, authentication, our middleware (api_headers.py). So one pass over
the generated document declares them for Wagtail's operations and ours alike, each as an
application/problem+json ProblemDetail, and states the bounds our middleware and Wagtail's
paginator enforce, so that a client (or a fuzzer) knows a refused value is invalid.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from wagtail.api.v3.auth import AllowAnonymous
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail
from wagtail.api.v3.registry import registry
from wagtail.api.validators import OrderingValidator
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from civicgrid.api_headers import MAX_NUMBER_DIGITS
from governance.api.writes import required_fields_the_api_cannot_write

PROBLEM_REF = "#/components/schemas/ProblemDetail"
NO_NUL = "^[^\\u0000]*$"
# Keywords that already restrict a string to a form without NUL.
FORMED = {"pattern", "enum", "const", "format"}
LARGEST_NUMBER = 10**MAX_NUMBER_DIGITS - 1

ANSWERS = {
    304: "Not Modified: the If-None-Match ETag or the If-Modified-Since time still holds.",
    400: (
        "Bad Request: a value the operation refuses (the detail says which and why), a limit "
        f"above the maximum, a number of more than {MAX_NUMBER_DIGITS} digits or a NUL "
        "character in the address, or a body that is not a JSON object or names a field that "
        "cannot be written."
    ),
    401: "Unauthorized: the operation needs an API token (Authorization: Bearer …).",
    403: "Forbidden: the token's user lacks the permission this operation needs.",
    404: "Not Found: nothing matches an id, code or name given in the address or the body.",
    422: (
        "Unprocessable Entity: a parameter or body field is missing or has the wrong type or "
        "form; `errors` lists each with its location (`loc`)."
    ),
}


# Wagtail's public listings and what each lets `order` name, as its routers ask
# OrderingValidator (snippets differ per type and answer only to API tokens). The routers
# are named, not imported: they build their schemas only once every app is ready.
ORDERED_LISTINGS = {
    "pages_list": (lambda: Page, "wagtail.api.v3.schemas.pages.BASE_PAGE_READ_FIELDS"),
    "documents_list": (
        get_document_model,
        "wagtail.documents.api.v3.router.BASE_DOCUMENT_READ_FIELDS",
    ),
    "images_list": (get_image_model, "wagtail.images.api.v3.router.BASE_IMAGE_READ_FIELDS"),
    "redirects_list": (
        lambda: Redirect,
        "wagtail.contrib.redirects.api.v3.router.BASE_REDIRECT_READ_FIELDS",
    ),
}
ORDER_RULES = (
    "Field names, `-` before a name for descending order, or `random` alone, which takes no "
    "offset. With `search`, only fields the model indexes as filter fields can order."
)
PAGE_ORDER_RULES = " With a single `type`, that type's API fields may be named too."
# Rules between parameters, which OpenAPI cannot state but in words.
PARAMETER_NOTES = {
    ("pages_list", "child_of"): "a page id or `root`; not together with descendant_of",
    ("pages_list", "descendant_of"): "a page id or `root`; not together with child_of",
}


def declare_error_answers(document: dict) -> dict:
    leave_out_unreachable_paths(document)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["ProblemDetail"] = problem_schema()
    schemes = components.get("securitySchemes", {})
    anonymous = AllowAnonymous.__name__
    schemes.pop(anonymous, None)
    for operations in document["paths"].values():
        for method, operation in operations.items():
            make_anonymous_access_optional(operation, anonymous)
            operation_id = operation["operationId"]
            for parameter in operation.get("parameters", []):
                bound_numbers(parameter)
                exclude_nul(parameter)
                if parameter["name"] == "order" and operation_id in ORDERED_LISTINGS:
                    name_orderable_fields(parameter, operation_id)
                if note := PARAMETER_NOTES.get((operation_id, parameter["name"])):
                    parameter["description"] = note
            declare_answers(operation, error_statuses(method, operation))
    forbid_unknown_body_fields(document)
    offer_only_page_types_the_api_can_create(document)
    return document


def leave_out_unreachable_paths(document: dict) -> None:
    """Wagtail's snippets API, with no snippet type open to it (the registry's models are
    not), documents its paths with a type that can only be empty: no address reaches them."""
    document["paths"] = {
        path: item
        for path, item in document["paths"].items()
        if not any(
            parameter["in"] == "path" and parameter["schema"].get("const") == ""
            for operation in item.values()
            for parameter in operation.get("parameters", [])
        )
    }


def problem_schema() -> dict:
    schema = ProblemDetail.model_json_schema(mode="serialization")
    schema["description"] = (
        "An error (RFC 9457 problem details). `detail` says what is wrong, in Chinese where "
        "the project wrote it; `errors` lists invalid inputs for a 422."
    )
    return schema


def declare_answers(operation: dict, statuses) -> None:
    """Adds the problem answers to those the operation declares itself. Ninja keys its own by
    number; an operation with its own error shape (Open311's list) keeps it, and gains the
    problem document our middleware and Ninja may answer with instead."""
    responses = {str(status): value for status, value in operation["responses"].items()}
    for status in sorted(statuses):
        own = responses.get(str(status))
        if own is None:
            responses[str(status)] = answer(status)
        elif "content" in own and status != 304:
            own["content"].setdefault(PROBLEM_JSON, {"schema": {"$ref": PROBLEM_REF}})
    operation["responses"] = responses


def answer(status: int) -> dict:
    if status == 304:
        return {"description": ANSWERS[status]}
    return {
        "description": ANSWERS[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }


def make_anonymous_access_optional(operation: dict, anonymous: str) -> None:
    """Ninja writes Wagtail's AllowAnonymous fallback as a security scheme of its own; OpenAPI
    spells "a token is optional" as an empty requirement."""
    if "security" in operation:
        operation["security"] = [
            {} if anonymous in requirement else requirement for requirement in operation["security"]
        ]


def requires_token(operation: dict) -> bool:
    security = operation.get("security", [])
    return bool(security) and {} not in security


def error_statuses(method: str, operation: dict) -> set[int]:
    has_inputs = bool(operation.get("parameters")) or "requestBody" in operation
    statuses = {400}
    if method == "get":
        statuses.add(304)
    if requires_token(operation):
        statuses |= {401, 403}
    if has_inputs:
        statuses.add(404)
    if validates_input(operation):
        statuses.add(422)
    return statuses


def validates_input(operation: dict) -> bool:
    """Ninja answers 422 for a body it cannot read as the schema, a missing required query
    parameter, or a value that is not of the parameter's type or among its choices. Free text
    in the address always passes (our own checks of its form answer 400 or 404)."""
    if "requestBody" in operation:
        return True
    return any(
        (parameter["in"] != "path" and parameter.get("required"))
        or not is_free_text(parameter["schema"])
        for parameter in operation.get("parameters", [])
    )


def is_free_text(schema: dict) -> bool:
    alternatives = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    return all(s.get("type") == "string" and not {"enum", "const"} & s.keys() for s in alternatives)


def bound_numbers(parameter: dict) -> None:
    """State the bounds that are enforced without Ninja knowing: our middleware refuses any
    number of more than 18 digits, and Wagtail's paginator any limit above its maximum."""
    schema = parameter["schema"]
    for alternative in schema.get("anyOf", [schema]):
        if alternative.get("type") != "integer":
            continue
        largest = LARGEST_NUMBER
        if parameter["name"] == "limit" and settings.WAGTAILAPI_LIMIT_MAX is not None:
            largest = settings.WAGTAILAPI_LIMIT_MAX
        alternative["maximum"] = min(alternative.get("maximum", largest), largest)
        if not {"minimum", "exclusiveMinimum"} & alternative.keys():
            alternative["minimum"] = -LARGEST_NUMBER


def exclude_nul(parameter: dict) -> None:
    """Our middleware (security/input_guard.py) refuses an address holding a NUL character."""
    schema = parameter["schema"]
    for alternative in [schema, *schema.get("anyOf", []), schema.get("items", {})]:
        if alternative.get("type") == "string" and not FORMED.intersection(alternative):
            alternative["pattern"] = NO_NUL


def name_orderable_fields(parameter: dict, operation_id: str) -> None:
    """Wagtail refuses (422) an order field the listing's model does not expose."""
    model, base_fields = ORDERED_LISTINGS[operation_id]
    allowed = allowed_order(model(), base_fields)
    for alternative in parameter["schema"].get("anyOf", []):
        if alternative.get("type") == "array":
            alternative["items"] = {"type": "string", "enum": sorted(allowed - {"random"})}
    rules = ORDER_RULES + (PAGE_ORDER_RULES if operation_id == "pages_list" else "")
    parameter["description"] = rules


def allowed_order(model, base_fields: str) -> set[str]:
    return OrderingValidator(
        model=model, fields=[], base_fields=import_string(base_fields), db_fields_only=True
    ).allowed_fields


def orderable_fields(object_name: str) -> list[str]:
    """The fields `order` may name on a listing of the model Wagtail's refusal names by its
    object name (a page type's own, with a single `type`); none if no listing has it."""
    for model, base_fields in ORDERED_LISTINGS.values():
        listed = model()
        for candidate in [Page, *get_page_models()] if listed is Page else [listed]:
            if candidate._meta.object_name == object_name:
                allowed = allowed_order(candidate, base_fields)
                return sorted(name for name in allowed if name[0] != "-" and name != "random")
    return []


def forbid_unknown_body_fields(document: dict) -> None:
    """writes.py refuses a field that a JSON body's schema does not declare, at any depth: the
    document says so (`additionalProperties: false`) on each object a body is read into. A
    schema that answers share is left as it is (what the server sends may grow)."""
    schemas = document["components"]["schemas"]
    operations = [op for item in document["paths"].values() for op in item.values()]
    bodies = [
        op["requestBody"]["content"]["application/json"]
        for op in operations
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]
    answers = {id(node) for node in reachable([op["responses"] for op in operations], schemas)}
    for node in reachable(bodies, schemas):
        if node.get("type") == "object" and "properties" in node and id(node) not in answers:
            node["additionalProperties"] = False


def offer_only_page_types_the_api_can_create(document: dict) -> None:
    """writes.py refuses to create a page type whose required fields the API cannot write;
    the create body offers the other types only."""
    uncreatable = {}
    for model in get_page_models():
        registration = registry.get(model._meta.label)
        if registration and registration.create_schema:
            if required_fields_the_api_cannot_write(model):
                uncreatable[registration.create_schema.__name__] = model._meta.label
    create = document["paths"]["/api/pages/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    body["oneOf"] = [
        member for member in body["oneOf"] if member["$ref"].rsplit("/", 1)[1] not in uncreatable
    ]
    create["description"] = (
        "Page types whose required fields the API cannot write are not offered: "
        f"{', '.join(sorted(uncreatable.values()))}."
    )


def reachable(node, schemas: dict, seen: set | None = None):
    """Every mapping in `node`, following each component $ref once."""
    seen = set() if seen is None else seen
    if isinstance(node, list):
        for item in node:
            yield from reachable(item, schemas, seen)
    elif isinstance(node, dict):
        yield node
        if (ref := node.get("$ref", "")).startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                yield from reachable(schemas[name], schemas, seen)
        for value in node.values():
            yield from reachable(value, schemas, seen)


def install(api) -> None:
    """Wrap the API's own document generation, which its openapi.json view calls."""
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        return declare_error_answers(generate(**kwargs))

    api.get_openapi_schema = get_openapi_schema


def query_parameter_names(api) -> dict[str, set[str]]:
    """{path: the query parameters its operations read} (the response cache keys by these)."""
    document = api.get_openapi_schema()
    return {
        path: {
            parameter["name"]
            for operation in operations.values()
            if isinstance(operation, dict)
            for parameter in operation.get("parameters", [])
            if parameter.get("in") == "query"
        }
        for path, operations in document["paths"].items()
    }
