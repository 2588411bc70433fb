"""六员 quick add at /admin/officials/duties/add/: the phone form a young official (or an editor
for them) fills in after the work: which duty, which day, what was done."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.officials.forms.duties import DutyLogForm
from governance.officials.forms.moves import run_move
from governance.officials.models import Duty
from governance.officials.views.pages import render_page
from governance.viewsets.scoped import is_record_id

DUTY_LOG_LIST = "wagtailsnippets_officials_dutylog:list"


def duty_add(request):
    form = DutyLogForm(request.POST or None, user=request.user)
    officials = form.fields["official"].queryset
    if not officials.exists():
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        status = run_move(form)
        if status is None:
            official = form.cleaned_data["official"]
            messages.success(
                request,
                _("%(duty)s logged for %(official)s.")
                % {"duty": Duty(form.cleaned_data["duty"]).label, "official": official},
            )
            return redirect(f"{reverse('officials_duty_add')}?official={official.pk}")
    else:
        chosen = request.GET.get("official", "")
        initial = officials.filter(pk=chosen).first() if is_record_id(chosen) else None
        initial = initial or officials.filter(user=request.user).first()
        if initial is None and len(officials[:2]) == 1:
            initial = officials.first()
        form.fields["official"].initial = initial
    return render_page(
        request,
        "officials/admin/duty_add.html",
        {"form": form, "list_url": reverse(DUTY_LOG_LIST)},
        status=status,
    )
