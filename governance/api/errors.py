"""Error answers of Wagtail's v3 API, corrected and said in Chinese.

A validation error keeps its machine-readable `errors` (type, loc, msg) and gains a `detail`
that names, in Chinese, each parameter that is missing or malformed and where it was expected:
Wagtail's own says only "Validation failed". A 404 whose message is the framework's English
("No Page matches the given query.") says so in Chinese.

An id that names no page answers 404, as an unknown code, locale or site already does:
Wagtail reports `?child_of=` (`ancestor_of`, `descendant_of`, `translation_of`) naming no page
as a 422 validation error of type `does_not_exist`, though the value is well formed and only
the object is missing.

A PATCH whose page id is not a number answers Ninja's 422 for it, not a 500.
"""

from functools import wraps

from django.http import Http404
from ninja.errors import ValidationError as NinjaValidationError
from ninja.errors import ValidationErrorContext
from ninja.params.models import PathModel
from pydantic import ValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.schemas.params import TypeInjectingBodyModel

NOT_FOUND = "does_not_exist"


PLACES = {"query": "查询参数", "path": "地址中的", "body": "请求体字段", "header": "请求头"}
NOT_FOUND_DETAIL = "没有找到所请求的内容。"


def where(location) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] == "query" and len(parts) > 1:
        # Wagtail groups query parameters in schemas (`filters.child_of`) and Pydantic adds the
        # type it tried and the list index (`constrained-int`, `literal['root']`, `0`): the
        # reader wrote the last plain name.
        names = [part for part in parts[1:] if part.isidentifier()]
        return f"{PLACES['query']} {names[-1] if names else parts[1]}"
    if parts and parts[0] in PLACES:
        return f"{PLACES[parts[0]]} {'.'.join(parts[1:]) or parts[0]}"
    return f"字段 {'.'.join(parts)}" if parts else "请求"


# Pydantic's error types a reader meets most, said plainly; any other keeps Pydantic's words.
EXPECTED = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期，如 2026-01-31",
    "date_from_datetime_parsing": "应为日期，如 2026-01-31",
    "datetime_parsing": "应为日期时间，如 2026-01-31T08:00:00+08:00",
    "string_too_long": "太长",
    "greater_than_equal": "太小",
    "greater_than": "太小",
    "less_than_equal": "太大",
    "less_than": "太大",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
}


def chinese_detail(errors) -> str:
    """One sentence per problem: what is wrong and where."""
    sentences = {}
    for error in errors:
        place = where(error.get("loc") or ())
        kind = error.get("type")
        if place in sentences:  # a value tried against each type it may have: said once
            continue
        if kind == "missing":
            sentences[place] = f"缺少{place}。"
        else:
            sentences[place] = f"{place} 的值无效：{EXPECTED.get(kind, error.get('msg', ''))}。"
    return "".join(sentences.values()) or "请求的参数无效。"


def says_chinese(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def install(api) -> None:
    # Ninja keeps its handlers in a dict it offers no getter for.
    wagtail_not_found = api._exception_handlers[Http404]

    def handle_invalid(request, exc):
        errors = exc.errors() if isinstance(exc, ValidationError) else exc.errors
        if errors and all(error.get("type") == NOT_FOUND for error in errors):
            return problem_response(status=404, detail=" ".join(e["msg"] for e in errors))
        if isinstance(exc, ValidationError):  # Pydantic's input hints are not the reader's
            errors = [{k: v for k, v in error.items() if k != "input"} for error in errors]
        return problem_response(status=422, detail=chinese_detail(errors), errors=errors)

    def handle_not_found(request, exc: Http404):
        if says_chinese(str(exc)):
            return wagtail_not_found(request, exc)
        return problem_response(status=404, detail=NOT_FOUND_DETAIL)

    api.add_exception_handler(ValidationError, handle_invalid)
    api.add_exception_handler(NinjaValidationError, handle_invalid)
    api.add_exception_handler(Http404, handle_not_found)


def answer_a_bad_address_not_a_crash(run):
    """A Django Ninja view decorator. Wagtail's type-injecting bodies (the PATCH of a page or
    a snippet) look the id in the address up to choose the body's schema before Ninja has
    checked it, so a page id that is not a number crashed. When the operation crashes and its
    address is invalid, the answer is the 422 Ninja gives for that address. Authentication
    has run by then, so a request without a token still gets its 401."""
    operation = run.__self__
    if not any(issubclass(model, TypeInjectingBodyModel) for model in operation.models):
        return run
    address = [model for model in operation.models if issubclass(model, PathModel)]

    @wraps(run)
    def checked(request, *args, **kwargs):
        try:
            return run(request, *args, **kwargs)
        except Exception:
            problems = []
            for model in address:
                try:
                    model.resolve(request, operation.api, kwargs)
                except ValidationError as error:
                    problems.append(
                        ValidationErrorContext(pydantic_validation_error=error, model=model)
                    )
            if not problems:
                raise
            error = operation.api.validation_error_from_error_contexts(problems)
            return operation.api.on_exception(request, error)

    return checked
