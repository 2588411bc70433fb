"""The residents' pages: 我要反映, the status page (by private link or by number and phone),
rating and reopening. Nothing here shows what a resident typed to anyone but its reporter's
status page, which shows states and official replies only."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from civicgrid.security.client_address import client_address
from civicgrid.security.counting import RateLimit, within_limits
from civicgrid.security.public_forms import Refused
from governance.events.services.workflow import MoveRefused
from governance.models import Grid, GridLevel
from governance.resident_reports.forms import LookupForm, RatingForm, ReopenForm, ReportForm
from governance.resident_reports.models import ResidentReport
from governance.resident_reports.private_answers import private, report_or_404
from governance.resident_reports.services.duplicates import form_sent_or_not, once_per_form
from governance.resident_reports.services.filing import resident_report_file
from governance.resident_reports.services.follow_up import (
    may_rate,
    may_reopen,
    resident_answer,
    resident_rate,
    resident_reopen,
)
from governance.resident_reports.services.hints import reports_like, similar_reports
from governance.resident_reports.services.tracking import (
    public_timeline,
    report_by_number_and_phone,
)

# The session remembers the reports a visitor looked up by number and phone, so the status
# page (and its rating form) works without the private link.
LOOKED_UP = "resident_reports_looked_up"


def limits():
    return {
        "address": RateLimit("report-address", settings.RESIDENT_REPORT_PER_ADDRESS, 3600),
        "phone": RateLimit("report-phone", settings.RESIDENT_REPORT_PER_PHONE, 3600),
        # Apart: a number typed as "127.0.0.1" must not spend that address's tries.
        "lookup_address": RateLimit(
            "report-lookup-address", settings.RESIDENT_LOOKUP_PER_HOUR, 3600
        ),
        "lookup_number": RateLimit("report-lookup-number", settings.RESIDENT_LOOKUP_PER_HOUR, 3600),
        # Every post counts here before the form (and its photos) is read: a flood of invalid
        # forms costs the server nothing but this count.
        "attempts": RateLimit(
            "report-attempt", settings.RESIDENT_REPORT_ATTEMPTS_PER_ADDRESS, 3600
        ),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request):
    community = Grid.objects.filter(
        level=GridLevel.COMMUNITY, code=request.GET.get("community", "")[:40]
    ).first()
    if request.method == "GET":
        return render(
            request, "resident_reports/form.html", {"form": ReportForm(community=community)}
        )

    if not within_limits((limits()["attempts"], client_address(request))):
        return render(
            request,
            "resident_reports/refused.html",
            {
                "reason": _("Too many reports from here in the last hour: please try again later."),
                "community": community,
            },
            status=429,
        )
    form = ReportForm(request.POST, request.FILES, community=community)
    try:
        notice = form.robot_check()
    except Refused:
        return render(
            request,
            "resident_reports/refused.html",
            {"reason": _("The form was not accepted."), "community": community},
            status=400,
        )
    status = 400
    if notice:
        messages.warning(request, notice)
    elif form.is_valid():
        data = form.cleaned_data
        phone = "" if data["anonymous"] else data["phone"]
        rates = limits()
        if not within_limits((rates["address"], client_address(request)), (rates["phone"], phone)):
            status = 429
            messages.error(
                request, _("Too many reports from here in the last hour: please try again later.")
            )
        else:
            stamp = form.data.get("shown", "")
            sent_before = once_per_form(stamp)
            if sent_before is not None:
                # The same form posted twice (a double tap): the second gets the first's link.
                return redirect(reverse("resident_reports:status", args=[sent_before]) + "?sent=1")
            try:
                filed = resident_report_file(
                    grid=data["report_grid"],
                    category=data["category"],
                    description=data["description"],
                    address=data.get("place", ""),
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    phone=phone,
                    name=data.get("name", ""),
                    anonymous=data["anonymous"],
                    photos=data.get("photos") or [],
                )
            except (ValidationError, MoveRefused) as error:
                form_sent_or_not(stamp, None)
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                form_sent_or_not(stamp, filed.token)
                return redirect(reverse("resident_reports:status", args=[filed.token]) + "?sent=1")
    form.fresh_stamp()
    return render(request, "resident_reports/form.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def similar(request):
    """The form's live hint (“附近已有人反映过类似问题”) as the grid and the kind are chosen:
    numbers, public states and dates only."""
    grid = Grid.objects.filter(code=request.GET.get("grid", "")[:40]).only("pk").first()
    category = request.GET.get("category", "")
    found = []
    if grid is not None and category.isascii() and category.isdigit() and len(category) < 10:
        found = reports_like(grid.pk, int(category))
    return JsonResponse(
        {
            "similar": [
                {
                    "number": r.number,
                    "state": r.state,
                    "reported_on": f"{timezone.localtime(r.reported_at):%Y-%m-%d}",
                }
                for r in found
            ]
        }
    )


def _status(request, report: ResidentReport, *, action_url: str, token: str = ""):
    event = report.event
    rating_form = reopen_form = None
    if request.method == "POST":
        kind = request.POST.get("form")
        try:
            if kind == "rate":
                rating_form = RatingForm(request.POST)
                if rating_form.is_valid():
                    resident_rate(
                        report,
                        answer=rating_form.cleaned_data["answer"],
                        comment=rating_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("Thank you for rating how it was handled."))
                    return redirect(action_url)
            elif kind == "reopen":
                reopen_form = ReopenForm(request.POST)
                if reopen_form.is_valid():
                    resident_reopen(report, reason=reopen_form.cleaned_data["reason"])
                    messages.success(request, _("The report has been reopened."))
                    return redirect(action_url)
        except MoveRefused as refused:
            messages.error(request, str(refused))
            return redirect(action_url)
    context = {
        "report": report,
        "event": event,
        "steps": public_timeline(report),
        "answer": resident_answer(event.rating),
        "action_url": action_url,
        "sent": request.GET.get("sent") == "1",
        "token": token,
        "similar": similar_reports(event) if request.GET.get("sent") == "1" else [],
        "rating_form": (rating_form or RatingForm()) if may_rate(report) else None,
        "reopen_form": (reopen_form or ReopenForm()) if may_reopen(report) else None,
    }
    status = (
        400 if (rating_form and rating_form.errors) or (reopen_form and reopen_form.errors) else 200
    )
    return private(render(request, "resident_reports/status.html", context, status=status))


@require_http_methods(["GET", "POST"])
def status_by_token(request, token: str):
    report = report_or_404(token)
    url = reverse("resident_reports:status", args=[token])
    return _status(request, report, action_url=url, token=token)


@require_http_methods(["GET", "POST"])
def status_by_number(request, number: str):
    report = (
        ResidentReport.objects.select_related("event__category", "event__grid")
        .filter(event__number=number, pk__in=request.session.get(LOOKED_UP, []))
        .first()
    )
    if report is None:
        return redirect("resident_reports:lookup")
    return _status(request, report, action_url=reverse("resident_reports:tracked", args=[number]))


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            number = form.cleaned_data["number"]
            rates = limits()
            if not within_limits(
                (rates["lookup_address"], client_address(request)),
                (rates["lookup_number"], number),
            ):
                status = 429
                messages.error(request, _("Too many lookups: please try again in an hour."))
            else:
                report = report_by_number_and_phone(number, form.cleaned_data["last_digits"])
                if report is not None:
                    looked_up = request.session.get(LOOKED_UP, [])
                    request.session[LOOKED_UP] = [*looked_up[-19:], report.pk]
                    return redirect("resident_reports:tracked", number=report.event.number)
                status = 404
                messages.error(request, _("No report matches this number and these phone digits."))
    return private(render(request, "resident_reports/lookup.html", {"form": form}, status=status))
