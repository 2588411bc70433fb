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

Wagtail's own English for the values it checks itself is said in Chinese too, naming the
parameter Pydantic could not place (Wagtail checks `order` in a validator of its own, so the
`loc` it reports is empty): a `limit` above the maximum (400, with the maximum), an `order`
field the listing cannot order by (422, with the fields it can), `random` with another field or
an offset, `child_of` with `descendant_of`, a field searching cannot order or filter by. An
unknown `locale` or `site` stays a 404, as Wagtail answers it and as an id or code naming
nothing does here, but its detail names the parameter (and, for a locale, the ones there are).
"""

import re
from functools import wraps

from django.http import Http404
from ninja.errors import HttpError, ValidationErrorContext
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import PathModel
from pydantic import ValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.schemas.params import TypeInjectingBodyModel
from wagtail.models import Locale

from governance.api.openapi import orderable_fields

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


def choices(error) -> str:
    """`（可选：a、b 或 c）` from the `expected` Pydantic states for a literal or an enum."""
    expected = str((error.get("ctx") or {}).get("expected", ""))
    values = re.findall(r"'([^']*)'", expected) or [v for v in re.split(r", | or ", expected) if v]
    if not values:
        return ""
    listed = "、".join(values[:-1]) + f" 或 {values[-1]}" if len(values) > 1 else values[0]
    return f"（可选：{listed}）"


ORDER = ("query", "order")
INVALID_ORDER = re.compile(r"invalid fields for model (?P<model>\w+): \[(?P<fields>.*)\]\.")
UNINDEXED = re.compile(r"Cannot (?P<verb>order|filter) by '(?P<field>[^']*)' while searching")


def said_by_wagtail(error) -> tuple[tuple, str] | None:
    """Where and what, in Chinese, for Wagtail's own checks of `order`, `child_of` and
    `search`, which Pydantic reports without the parameter (`loc` empty or `filters`)."""
    said = str(error.get("msg", "")).removeprefix("Value error, ")
    if match := INVALID_ORDER.fullmatch(said):
        named = "、".join(re.findall(r"'([^']*)'", match["fields"])) or match["fields"]
        sentence = f"查询参数 order 的值无效：不能按 {named} 排序。"
        if allowed := orderable_fields(match["model"]):
            sentence += f"可排序的字段：{'、'.join(allowed)}（前加 - 为倒序），或单独一个 random。"
        return ORDER, sentence
    if said == "random ordering cannot be combined with other fields.":
        return ORDER, "查询参数 order 的值无效：random 不能与其他字段同用。"
    if said == "random ordering with offset is not supported.":
        return ORDER, "查询参数 order 为 random 时不能给出 offset。"
    if said == "filtering by descendant_of with child_of is not supported.":
        return ("query", "child_of"), "查询参数 child_of 与 descendant_of 不能同时给出。"
    if match := UNINDEXED.match(said):
        field = match["field"]
        if match["verb"] == "order":
            field = "random" if field == "?" else field  # Django's name for a random order
            return ORDER, f"查询参数 order 的值无效：搜索（search）时不能按 {field} 排序。"
        return ("query", field), f"查询参数 {field} 无效：搜索（search）时不能按此字段筛选。"
    if said.endswith(" is not indexed for search."):
        return ("query", "search"), "查询参数 search 无效：这类内容不能搜索。"
    return None


def placed(error) -> dict:
    """The error with the parameter Wagtail's check was about as its `loc`."""
    if said := said_by_wagtail(error):
        return {**error, "loc": list(said[0])}
    return error


def chinese_detail(errors) -> str:
    """One sentence per problem: what is wrong and where."""
    sentences = {}
    for error in errors:
        if said := said_by_wagtail(error):
            sentences.setdefault(said[1], said[1])
            continue
        place = where(error.get("loc") or ())
        kind = error.get("type")
        if place in sentences:  # a value tried against each type it may have: said once
            continue
        if kind == "missing":
            sentences[place] = f"缺少{place}。"
        else:
            expected = EXPECTED.get(kind, error.get("msg", ""))
            if kind in ("literal_error", "enum"):
                expected += choices(error)
            sentences[place] = f"{place} 的值无效：{expected}。"
    return "".join(sentences.values()) or "请求的参数无效。"


LIMIT_TOO_HIGH = re.compile(r"limit cannot be higher than (?P<most>\d+)")
# What Wagtail's 404 says when `get_object_or_404` finds no locale or site of a filter's.
NO_SUCH = "No {} matches the given query."


def no_such_locale(value: str) -> str:
    codes = "、".join(
        Locale.objects.order_by("language_code").values_list("language_code", flat=True)
    )
    return f"查询参数 locale 的值“{value}”不是本站内容使用的语言。可选：{codes}。"


def no_such_site(value: str) -> str:
    return f"查询参数 site 的值“{value}”不是本站的站点（应为站点的主机名，可加 :端口）。"


def says_chinese(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def install(api) -> None:
    # Ninja keeps its handlers in a dict it offers no getter for.
    wagtail_not_found = api._exception_handlers[Http404]

    wagtail_refused = api._exception_handlers[HttpError]

    def handle_invalid(request, exc):
        errors = exc.errors() if isinstance(exc, ValidationError) else exc.errors
        if isinstance(exc, ValidationError):  # Pydantic's input hints are not the reader's
            errors = [{k: v for k, v in error.items() if k != "input"} for error in errors]
        if errors and all(error.get("type") == NOT_FOUND for error in errors):
            # Wagtail's loc is the filter's name (`child_of`): say it as the reader wrote it.
            errors = [{**e, "loc": ["query", *map(str, e.get("loc") or ())]} for e in errors]
            detail = "".join(f"{where(e['loc'])} 所指的页面不存在。" for e in errors)
            return problem_response(status=404, detail=detail, errors=errors)
        detail = chinese_detail(errors)
        return problem_response(status=422, detail=detail, errors=[placed(e) for e in errors])

    def handle_not_found(request, exc: Http404):
        said = str(exc)
        if said == NO_SUCH.format("Locale") and request.GET.get("locale"):
            detail = no_such_locale(request.GET["locale"])
            return problem_response(status=404, detail=detail, errors=[loc_of("locale")])
        if said == NO_SUCH.format("Site") and request.GET.get("site"):
            detail = no_such_site(request.GET["site"])
            return problem_response(status=404, detail=detail, errors=[loc_of("site")])
        if says_chinese(said):
            return wagtail_not_found(request, exc)
        return problem_response(status=404, detail=NOT_FOUND_DETAIL)

    def handle_refused(request, exc: HttpError):
        if match := LIMIT_TOO_HIGH.fullmatch(str(exc)):
            most = int(match["most"])
            error = {
                "type": "less_than_equal",
                "loc": ["query", "limit"],
                "msg": str(exc),
                "ctx": {"le": most},
            }
            detail = f"查询参数 limit 的值无效：不能大于 {most}。"
            return problem_response(status=exc.status_code, detail=detail, errors=[error])
        return wagtail_refused(request, exc)

    api.add_exception_handler(ValidationError, handle_invalid)
    api.add_exception_handler(NinjaValidationError, handle_invalid)
    api.add_exception_handler(Http404, handle_not_found)
    api.add_exception_handler(HttpError, handle_refused)


def loc_of(parameter: str) -> dict:
    return {"type": NOT_FOUND, "loc": ["query", parameter]}


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
