"""The small forms of the events admin: one per move, the quick report and bulk assign.

Each move form hands its cleaned data to the workflow function of the same move; the forms
only collect and check input, the workflow decides."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from governance.events.models import (
    Department,
    Event,
    EventCategory,
    EventPriority,
    EventSource,
    MoveAction,
    Rating,
    ReplyTemplate,
)
from governance.events.selectors import assignable_users, handler_paths
from governance.events.services import workflow
from governance.events.services.attachments import (
    attachment_check_size,
    attachment_prepare,
    attachment_store,
)
from governance.models import Grid, GridLevel
from governance.permissions import ADD, scope_for


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos (or, unless `photos_only`, PDF files), each checked (type, size) and
    re-encoded before anything is saved: the cleaned value is a list of `PreparedFile`s.

    With `deferred`, cleaning makes only the checks that cost nothing and keeps the uploads; the
    form calls `prepare()` once everything else is valid (a public form, where decoding photos
    for a post that is refused anyway is what a flood would cost)."""

    def __init__(
        self,
        *,
        photos_only: bool = False,
        max_files: int | None = None,
        deferred: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        accept = "image/jpeg,image/png,image/webp" + ("" if photos_only else ",.pdf")
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)
        self.photos_only = photos_only
        self.max_files = max_files or settings.EVENT_ATTACHMENT_MAX_FILES
        self.deferred = deferred

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise ValidationError(
                _("At most %(count)d files at a time.") % {"count": self.max_files}
            )
        if self.required and not files:
            raise ValidationError(self.error_messages["required"])
        if self.deferred:
            for upload in files:
                attachment_check_size(upload)
            return files
        return self.prepare(files)

    def prepare(self, files) -> list:
        return [attachment_prepare(upload, photos_only=self.photos_only) for upload in files]


def save_photos(event, prepared_files, *, by, move=None):
    for prepared in prepared_files:
        attachment_store(prepared, event=event, by=by, move=move)


TOLD_TO_THE_REPORTER = _(
    "The reporter reads this on their status page: write it for them, without the names or "
    "phones of staff or residents."
)


class MoveForm(forms.Form):
    """Base of the move forms: `event` and `user` in, `move()` calls the workflow."""

    action = ""
    label = ""
    reason_label = _("Note")
    reason_required = False
    reason_help = ""

    def __init__(self, *args, event: Event, user, **kwargs):
        self.event, self.user = event, user
        super().__init__(*args, prefix=self.action, **kwargs)
        self.fields["note"] = forms.CharField(
            label=self.reason_label,
            required=self.reason_required,
            help_text=self.reason_help,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def move(self):
        raise NotImplementedError


class AcceptForm(MoveForm):
    action, label = MoveAction.ACCEPT, _("Accept")

    def move(self):
        workflow.event_accept(self.event, by=self.user, note=self.cleaned_data["note"])


class RejectForm(MoveForm):
    action, label = MoveAction.REJECT, _("Do not accept")
    reason_label, reason_required = _("Reason"), True
    reason_help = TOLD_TO_THE_REPORTER

    def move(self):
        workflow.event_reject(self.event, by=self.user, reason=self.cleaned_data["note"])


class DuplicateForm(MoveForm):
    action, label = MoveAction.DUPLICATE, _("Mark as duplicate")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"] = forms.CharField(
            label=_("Number of the original event"), max_length=20
        )
        self.order_fields(["original", "note"])

    def clean_original(self):
        number = self.cleaned_data["original"].strip().upper()
        original = workflow.visible_events(self.user).filter(number=number).first()
        if original is None:
            raise ValidationError(
                _("No event you can see has the number %(number)s.") % {"number": number}
            )
        return original

    def move(self):
        workflow.event_mark_duplicate(
            self.event,
            by=self.user,
            original=self.cleaned_data["original"],
            note=self.cleaned_data["note"],
        )


class AssignForm(MoveForm):
    action, label = MoveAction.ASSIGN, _("Assign")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = forms.ModelChoiceField(
            label=_("Assign to"), queryset=assignable_users(self.event)
        )
        self.order_fields(["assignee", "note"])

    def move(self):
        workflow.event_assign(
            self.event,
            by=self.user,
            assignee=self.cleaned_data["assignee"],
            note=self.cleaned_data["note"],
        )


class EscalateForm(MoveForm):
    action, label = MoveAction.ESCALATE, _("Pass up")
    reason_label, reason_required = _("Reason"), True

    def move(self):
        workflow.event_escalate(self.event, by=self.user, reason=self.cleaned_data["note"])


class ToDepartmentForm(MoveForm):
    action, label = MoveAction.TO_DEPARTMENT, _("Send to a department")
    reason_label, reason_required = _("Reason"), True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"] = forms.ModelChoiceField(
            label=_("Functional department"),
            queryset=Department.objects.filter(
                is_active=True, district__path=self.event.grid_path[: Grid.steplen]
            ),
        )
        self.order_fields(["department", "note"])

    def move(self):
        workflow.event_send_to_department(
            self.event,
            by=self.user,
            department=self.cleaned_data["department"],
            reason=self.cleaned_data["note"],
        )


class SendDownForm(MoveForm):
    action, label = MoveAction.SEND_DOWN, _("Send down")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        below = [
            path
            for path in handler_paths(self.event.grid_path)
            if len(path) > len(self.event.handling_path)
        ]
        self.fields["target"] = forms.ModelChoiceField(
            label=_("Send down to"), queryset=Grid.objects.filter(path__in=below)
        )
        self.order_fields(["target", "note"])

    def move(self):
        workflow.event_send_down(
            self.event,
            by=self.user,
            target=self.cleaned_data["target"],
            note=self.cleaned_data["note"],
        )


class ReturnForm(MoveForm):
    action, label = MoveAction.RETURN, _("Return")
    reason_label, reason_required = _("Reason"), True

    def move(self):
        workflow.event_return(self.event, by=self.user, reason=self.cleaned_data["note"])


class ResolveForm(MoveForm):
    action, label = MoveAction.RESOLVE, _("Resolve")
    reason_label, reason_required = _("Result"), True
    reason_help = TOLD_TO_THE_REPORTER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"] = PhotosField()

    def move(self):
        workflow.event_resolve(self.event, by=self.user, result=self.cleaned_data["note"])
        resolution = self.event.moves.filter(action=MoveAction.RESOLVE).last()
        save_photos(self.event, self.cleaned_data["photos"], by=self.user, move=resolution)


class ReplyForm(MoveForm):
    action, label = MoveAction.REPLY, _("Reply to the reporter")
    reason_label = _("Reply")
    reason_help = TOLD_TO_THE_REPORTER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"] = forms.ModelChoiceField(
            label=_("Reply template"),
            queryset=ReplyTemplate.objects.filter(is_active=True),
            required=False,
            help_text=_("Leave the reply empty to send the template's text."),
        )
        self.order_fields(["template", "note"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("note") and cleaned.get("template"):
            cleaned["note"] = cleaned["template"].text
        if not cleaned.get("note"):
            raise ValidationError(_("Write a reply or choose a template."))
        return cleaned

    def move(self):
        workflow.event_reply(self.event, by=self.user, text=self.cleaned_data["note"])


class RateForm(MoveForm):
    action, label = MoveAction.RATE, _("Record the rating")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"] = forms.TypedChoiceField(
            label=_("Rating"), choices=Rating.choices, coerce=int
        )
        self.order_fields(["rating", "note"])

    def move(self):
        workflow.event_rate(
            self.event,
            by=self.user,
            rating=self.cleaned_data["rating"],
            note=self.cleaned_data["note"][:200],
        )


class CloseForm(MoveForm):
    action, label = MoveAction.CLOSE, _("Close")

    def move(self):
        workflow.event_close(self.event, by=self.user, note=self.cleaned_data["note"])


class ReopenForm(MoveForm):
    action, label = MoveAction.REOPEN, _("Reopen")
    reason_label, reason_required = _("Reason"), True

    def move(self):
        workflow.event_reopen(self.event, by=self.user, reason=self.cleaned_data["note"])


MOVE_FORMS = {
    form.action: form
    for form in (
        AcceptForm,
        AssignForm,
        ResolveForm,
        EscalateForm,
        ToDepartmentForm,
        SendDownForm,
        ReturnForm,
        ReplyForm,
        RateForm,
        CloseForm,
        ReopenForm,
        RejectForm,
        DuplicateForm,
    )
}


# Where a quick report may come from; imports and the API set their own sources.
REPORTABLE_SOURCES = (
    EventSource.QUICK_NOTE,
    EventSource.PATROL,
    EventSource.RESIDENT,
    EventSource.HOTLINE,
)


class QuickReportForm(forms.Form):
    """随手记: what, where, a photo; three short sections that fit three phone screens."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=EventCategory.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("What happened"), max_length=100)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=EventPriority.choices, initial=EventPriority.NORMAL
    )
    # Who raised it, when a resident or the hotline did: personal data, shown in full only to
    # those holding personal_data on the grid.
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (value, label) for value, label in EventSource.choices if value in REPORTABLE_SOURCES
        ],
        initial=EventSource.QUICK_NOTE,
        required=False,
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=40, required=False)
    reporter_phone = forms.RegexField(
        label=_("Reporter's phone"),
        regex=r"^[0-9+\- ]{3,30}$",
        required=False,
        error_messages={"invalid": _("A phone number holds digits, spaces, + and - only.")},
    )
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none(), required=False)
    address = forms.CharField(
        label=_("Building or address"),
        max_length=200,
        required=False,
        help_text=_(
            "Without a grid chosen, the grid is found from the building, as on the contact card."
        ),
    )
    photos = PhotosField()
    resolved = forms.BooleanField(label=_("Already handled on the spot"), required=False)
    result = forms.CharField(
        label=_("Result"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        grids = scope_for(user).visible_grids(ADD).filter(level__gte=GridLevel.COMMUNITY)
        self.fields["grid"].queryset = grids.order_by("path")
        own = list(grids.filter(level=GridLevel.GRID)[:2])
        if len(own) == 1:
            self.fields["grid"].initial = own[0].pk

    def find_grid(self, place: str) -> Grid:
        candidates = scope_for(self.user).visible_grids(ADD).filter(level=GridLevel.GRID)
        found = [grid for grid in candidates if grid.matches_place(place)]
        if not found:
            raise ValidationError(
                {
                    "address": _("No grid of yours covers “%(place)s”: choose the grid.")
                    % {"place": place}
                }
            )
        if len(found) > 1:
            raise ValidationError(
                {
                    "address": _("Several grids cover “%(place)s” (%(grids)s): choose one.")
                    % {"place": place, "grids": "、".join(grid.name for grid in found[:5])}
                }
            )
        return found[0]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("grid"):
            place = (cleaned.get("address") or "").strip()
            if not place:
                raise ValidationError({"grid": _("Choose the grid or type the building.")})
            cleaned["grid"] = self.find_grid(place)
        if cleaned.get("resolved") and not (cleaned.get("result") or "").strip():
            self.add_error("result", _("Describe how it was handled."))
        return cleaned

    def report(self) -> Event:
        data = self.cleaned_data
        fields = {
            "grid": data["grid"],
            "category": data["category"],
            "title": data["title"],
            "description": data["description"],
            "priority": data["priority"],
            "address": data["address"],
            "source": data["source"] or EventSource.QUICK_NOTE,
            "reporter_name": data["reporter_name"].strip(),
            "reporter_phone": data["reporter_phone"].strip(),
        }
        if data["resolved"]:
            event = workflow.event_report_resolved_on_the_spot(
                by=self.user, result=data["result"], **fields
            )
        else:
            event = workflow.event_report(by=self.user, **fields)
        save_photos(event, data["photos"], by=self.user)
        return event


class BulkAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
