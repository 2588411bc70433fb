"""Open311 GeoReport v2, JSON, at /api/open311/v2/ (in the same OpenAPI document as the rest).

Reads are public and publish no personal data and nothing a resident typed: a request shows
its category, its state (open/closed, with our own state in status_notes), the grid it is in
and who handles it. Posting needs an api_key (`python manage.py open311_key <name>`). Errors
are the spec's list of {code, description}."""

import datetime
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import WithJsonSchema

from civicgrid.security.counting import RateLimit, within_limits
from governance.events.models import Event
from governance.events.services.attachments import attachment_prepare
from governance.events.services.workflow import MoveRefused
from governance.resident_reports.open311.locating import LocationUnknown, grid_for_request
from governance.resident_reports.open311.schemas import (
    Open311Error,
    RequestCreatedOut,
    RequestOut,
    ServiceDefinitionOut,
    ServiceOut,
    TokenOut,
)
from governance.resident_reports.open311.shapes import (
    AttributeError_,
    answers_text,
    request_out,
    service_definition_out,
    service_out,
)
from governance.resident_reports.services.clients import client_for_key
from governance.resident_reports.services.filing import (
    category_groups,
    clean_description,
    reportable_categories,
    resident_report_file,
)
from governance.resident_reports.services.tracking import report_by_token

router = Router(tags=["open311"])
ERRORS = {400: list[Open311Error], 403: list[Open311Error], 404: list[Open311Error]}
STATUS = WithJsonSchema({"type": "string", "enum": ["open", "closed"]})
WHEN = WithJsonSchema({"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]})
MAX_RESULTS = 1000
DEFAULT_DAYS = 90


def error(status: int, description: str):
    return Status(status, [{"code": status, "description": description}])


def resident_requests():
    return Event.objects.filter(resident_report__isnull=False).select_related(
        "category", "grid", "handling_grid", "handling_department"
    )


@router.get(
    "/services.json",
    response=list[ServiceOut],
    summary="Open311: the kinds of problems residents may report",
    operation_id="open311_services",
)
def services(request, jurisdiction_id: str | None = None):
    categories = reportable_categories().prefetch_related("attributes")
    groups = category_groups()
    return [service_out(category, groups) for category in categories]


@router.get(
    "/services/{service_code}.json",
    response={200: ServiceDefinitionOut, **ERRORS},
    summary="Open311: the questions (attributes) of one service",
    operation_id="open311_service_definition",
)
def service_definition(request, service_code: str, jurisdiction_id: str | None = None):
    category = reportable_categories().filter(code=service_code).first()
    if category is None:
        return error(404, _("No service has the code “%(code)s”.") % {"code": service_code})
    return Status(200, service_definition_out(category))


def parse_when(value: str, *, end: bool = False) -> datetime.datetime:
    when = parse_datetime(value)
    if when is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        when = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    # PostgreSQL refuses offsets beyond ±15:59 that Python parses ("-20:16"): hand it UTC.
    return when.astimezone(datetime.UTC)


@router.get(
    "/requests.json",
    response={200: list[RequestOut], **ERRORS},
    summary="Open311: requests, newest first (at most 1,000; the last 90 days unless dated)",
    operation_id="open311_requests",
)
def requests_list(
    request,
    service_request_id: str | None = Query(None, description="ids, comma-separated"),
    service_code: str | None = None,
    status: Annotated[str | None, STATUS] = None,
    start_date: Annotated[str | None, WHEN] = None,
    end_date: Annotated[str | None, WHEN] = None,
    jurisdiction_id: str | None = None,
):
    events = resident_requests()
    if service_request_id:
        numbers = [n.strip().upper() for n in service_request_id.split(",") if n.strip()]
        events = events.filter(number__in=numbers[:MAX_RESULTS])
    if service_code:
        events = events.filter(category__code=service_code)
    if status is not None:
        if status not in ("open", "closed"):
            return error(400, _("status is open or closed, not “%(value)s”.") % {"value": status})
        events = events.open() if status == "open" else events.exclude(pk__in=Event.objects.open())
    try:
        start = parse_when(start_date) if start_date is not None else None
        end = parse_when(end_date, end=True) if end_date is not None else None
    except (ValueError, OverflowError):
        return error(400, _("start_date and end_date are dates like 2026-12-06T08:00:00+08:00."))
    if start is None and end is None and not service_request_id:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    if start:
        events = events.filter(reported_at__gte=start)
    if end:
        events = events.filter(reported_at__lte=end)
    return Status(
        200, [request_out(event) for event in events.order_by("-reported_at")[:MAX_RESULTS]]
    )


@router.get(
    "/requests/{service_request_id}.json",
    response={200: list[RequestOut], **ERRORS},
    summary="Open311: one request (a list of one, as the spec has it)",
    operation_id="open311_request",
)
def request_detail(request, service_request_id: str, jurisdiction_id: str | None = None):
    event = resident_requests().filter(number=service_request_id.upper()).first()
    if event is None:
        return error(404, _("No request has the id “%(id)s”.") % {"id": service_request_id})
    return Status(200, [request_out(event)])


@router.get(
    "/tokens/{token}.json",
    response={200: list[TokenOut], **ERRORS},
    summary="Open311: the request a token stands for",
    operation_id="open311_token",
)
def token_detail(request, response: HttpResponse, token: str, jurisdiction_id: str | None = None):
    # Reached by a secret token: never kept by our response cache nor a shared one.
    response["Cache-Control"] = "private, no-store"
    report = report_by_token(token)
    if report is None:
        return error(404, _("No request has this token."))
    return Status(200, [{"token": token, "service_request_id": report.event.number}])


FORM_FIELDS = {
    "api_key": "the client's key (from `python manage.py open311_key <name>`)",
    "service_code": "a service_code of services.json",
    "lat": "latitude (WGS84); with long, finds the grid by its boundary",
    "long": "longitude (WGS84)",
    "address_string": "a building or address a grid covers, e.g. 33号楼",
    "address_id": "the code of a grid (address_id of a request)",
    "description": "what is wrong (at most 2,000 characters)",
    "first_name": "the reporter's given name (kept private)",
    "last_name": "the reporter's family name (kept private)",
    "phone": "the reporter's phone (kept private; told how the request goes)",
    "email": "not kept",
    "device_id": "not kept",
    "account_id": "not kept",
    "media_url": "not fetched: send photos as `media` files (multipart) instead",
}


@router.post(
    "/requests.json",
    response={200: list[RequestCreatedOut], **ERRORS, 429: list[Open311Error]},
    summary="Open311: post a request",
    description=(
        "Form fields as in GeoReport v2 (`application/x-www-form-urlencoded`, or "
        "`multipart/form-data` with up to three `media` photos), answers to the service's "
        "questions as `attribute[<code>]`. A location is required: address_id, lat and long "
        "inside a grid's boundary, or an address_string one grid covers."
    ),
    operation_id="open311_post_request",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                media: {
                    "schema": {
                        "type": "object",
                        "required": ["api_key", "service_code", "description"],
                        "properties": {
                            name: {"type": "string", "description": text}
                            for name, text in FORM_FIELDS.items()
                        },
                    }
                }
                for media in ("application/x-www-form-urlencoded", "multipart/form-data")
            },
        }
    },
)
def post_request(request):
    data = request.POST
    # PostgreSQL text cannot hold NUL: refused here, before any value reaches a query.
    if any("\x00" in key or "\x00" in "".join(values) for key, values in data.lists()):
        return error(400, _("A field contains a NUL character, which is not allowed."))
    client = client_for_key(data.get("api_key", ""))
    if client is None:
        return error(403, _("api_key is missing or not valid."))
    limit = RateLimit("open311-client", settings.OPEN311_REQUESTS_PER_HOUR, 3600)
    if not within_limits((limit, str(client.pk))):
        return error(429, _("Too many requests from this client in the last hour."))
    category = reportable_categories().filter(code=data.get("service_code", "")).first()
    if category is None:
        return error(400, _("service_code names no service of services.json."))
    try:
        description = clean_description(data.get("description", ""))
        grid = grid_for_request(data)
        extra = answers_text(category, data)
        media = request.FILES.getlist("media")
        if len(media) > settings.RESIDENT_REPORT_MAX_PHOTOS:
            # Counted before any is decoded: twenty photos refused cost nothing.
            raise ValidationError(
                _("At most %(count)d photos.") % {"count": settings.RESIDENT_REPORT_MAX_PHOTOS}
            )
        photos = [attachment_prepare(f, photos_only=True) for f in media]
        name = f"{data.get('last_name', '')}{data.get('first_name', '')}"
        filed = resident_report_file(
            grid=grid,
            category=category,
            description=description + extra,
            address=data.get("address_string", ""),
            latitude=data.get("lat"),
            longitude=data.get("long"),
            phone=data.get("phone", ""),
            name=name,
            photos=photos,
            client=client,
        )
    except (LocationUnknown, AttributeError_) as refused:
        return error(400, str(refused))
    except ValidationError as invalid:
        return error(400, " ".join(invalid.messages))
    except MoveRefused as refused:
        return error(400, str(refused))
    notice = _("Received: %(grid)s handles it.") % {"grid": filed.report.event.grid}
    created = {
        "service_request_id": filed.report.event.number,
        "token": filed.token,
        "service_notice": notice,
        "account_id": None,
    }
    return Status(200, [created])
