"""考评打分 at /admin/officials/officials/<id>/marks/?month=2026-10: the hand-scored items of one
official and one month, for users holding the assess action on the official's grid. Reached
from the leaderboard and the evaluation sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.officials.forms.marks import MarksForm
from governance.officials.services import workflow
from governance.officials.services.marks import manual_rules, marks_of, marks_save, may_assess
from governance.officials.views.choosing import Refusal, month_from, official_from, refusal_response
from governance.permissions import scope_for


def marks(request, pk):
    try:
        official = official_from(request, scope_for(request), pk)
        if official.user_id is not None and official.user_id == request.user.pk:
            raise Refusal(_("You may not score your own work."), 403)
        if not may_assess(request.user, official):
            raise Refusal(
                _("You may not score %(name)s: scoring needs the assess right on %(grid)s.")
                % {"name": official.person.name, "grid": official.grid.name},
                403,
            )
        today = workflow.today()
        month = month_from(request.GET.get("month"), default=today)
        if month > today:
            raise Refusal(_("A month that has not begun cannot be scored yet."), 400)
        posted = official.person.start_date
        if posted is not None and month < posted.replace(day=1):
            raise Refusal(
                _("%(name)s was posted only from %(day)s: earlier months cannot be scored.")
                % {"name": official.person.name, "day": f"{posted:%Y-%m-%d}"},
                400,
            )
    except Refusal as refusal:
        return refusal_response(request, refusal)

    rules = manual_rules()
    form = MarksForm(request.POST or None, rules=rules, given=marks_of(official, month))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                marks_save(
                    by=request.user,
                    official=official,
                    month=month,
                    marks=form.marks(),
                    # A form without the stamp (an older page, a script) is not checked.
                    seen=form.cleaned_data["seen"] if "seen" in form.data else None,
                )
            except PermissionDenied as denied:
                return refusal_response(request, Refusal(str(denied), 403))
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Marks for %(name)s, %(month)s saved.")
                    % {"name": official.person.name, "month": f"{month.year}年{month.month}月"},
                )
                sheet = reverse("officials_evaluation", args=[official.pk])
                return redirect(f"{sheet}?period={month:%Y-%m}")
        else:
            status = 400
    return TemplateResponse(
        request,
        "officials/admin/marks.html",
        {
            "official": official,
            "month": month,
            "form": form,
            "sheet_url": reverse("officials_evaluation", args=[official.pk])
            + f"?period={month:%Y-%m}",
        },
        status=status,
    )
