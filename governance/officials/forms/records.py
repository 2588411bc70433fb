"""The create and edit forms of the officials' listings. A need, a task or a project is created
by its workflow function (`create(by=...)`), never by `form.save()`: the form only collects
and checks, and every choice it offers is limited to the user's scope."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.events.selectors import users_below
from governance.forms import RegistryForm
from governance.models import GridLevel, Person, VolunteerTeam
from governance.officials.forms.owners import clean_deadline, deadline_fields
from governance.officials.models import (
    Need,
    NeedSource,
    NeedStatus,
    Task,
    TaskStatus,
    YoungOfficial,
)
from governance.officials.services import workflow
from governance.permissions import ADD, CHANGE, VIEW, scope_for

DEADLINE_FIELDS = deadline_fields()
# Needs from a visit or an event are raised from that record, which they then point to.
TYPED_SOURCES = [
    (value, label)
    for value, label in NeedSource.choices
    if value not in (NeedSource.VISIT, NeedSource.EVENT)
]


def check_item_applies(form, item_field: str, grid) -> None:
    """A responsibility item belongs to a list issued above the record's grid (or on it)."""
    item = form.cleaned_data.get(item_field)
    if item is not None and grid is not None and not grid.path.startswith(item.grid.path):
        form.add_error(
            item_field,
            _("Item %(number)s is on %(issuer)s's list, which does not cover %(grid)s.")
            % {"number": item.number, "issuer": item.grid.name, "grid": grid.name},
        )


class ScopedChoicesForm(RegistryForm):
    """Limits the young-official, person and team fields to those the user may see. Fields
    the workflow sets once (the grid, the owner) are only on the create form."""

    official_fields = ()
    team_fields = ()
    person_fields = ()
    create_only = ("grid",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            for name in self.create_only:
                self.fields.pop(name, None)
        if self.for_user is None:
            return
        scope = scope_for(self.for_user)
        for names, queryset, path in (
            (self.official_fields, YoungOfficial.objects.all(), "person__grid__path"),
            (self.person_fields, Person.objects.all(), "grid__path"),
            (self.team_fields, VolunteerTeam.objects.all(), "grid__path"),
        ):
            for name in names:
                if name in self.fields:
                    self.fields[name].queryset = scope.restrict(queryset, VIEW, path_field=path)


class NeedForm(ScopedChoicesForm):
    official_fields = ("collected_by",)
    create_only = ("grid", "collected_by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source" in self.fields:
            self.fields["source"].choices = TYPED_SOURCES
        if self.instance._state.adding and "collected_by" in self.fields:
            self.fields["collected_by"].initial = workflow.official_of(self.for_user)
            self.fields["collected_by"].help_text = _(
                "Left empty: your own young-official record, if you have one."
            )

    def clean(self):
        data = super().clean()
        check_item_applies(self, "responsibility", data.get("grid") or self.instance_grid())
        return data

    def instance_grid(self):
        return self.instance.grid if self.instance.grid_id else None

    def create(self, *, by) -> Need:
        data = self.cleaned_data
        return workflow.need_record(
            by=by,
            grid=data["grid"],
            title=data["title"],
            description=data.get("description", ""),
            source=data.get("source") or NeedSource.TYPED,
            source_note=data.get("source_note", ""),
            responsibility=data.get("responsibility"),
            collected_on=data.get("collected_on"),
            collected_by=data.get("collected_by"),
        )


class TaskForm(ScopedChoicesForm):
    """A task not triaged from a need: one owner of three kinds, a deadline in working days."""

    working_days = DEADLINE_FIELDS["working_days"]
    due_on = DEADLINE_FIELDS["due_on"]

    official_fields = ("owner_official",)
    person_fields = ("owner_person",)
    team_fields = ("owner_team",)
    create_only = (
        "grid",
        "owner_official",
        "owner_person",
        "owner_team",
        "working_days",
        "due_on",
    )

    def clean(self):
        data = super().clean()
        check_item_applies(
            self, "responsibility", data.get("grid") or getattr(self.instance, "grid", None)
        )
        if not self.instance._state.adding:
            return data
        owners = [data.get(name) for name in ("owner_official", "owner_person", "owner_team")]
        chosen = [owner for owner in owners if owner is not None]
        if len(chosen) != 1:
            self.add_error(None, _("A task has one owner: a young official, a person or a team."))
        else:
            data["owner"] = chosen[0]
        data["deadline"] = clean_deadline(self, data)
        return data

    def _post_clean(self):
        # The new task is checked whole by the workflow; its model rules (one owner, a
        # deadline) would only repeat the form's own messages here.
        if not self.instance._state.adding:
            super()._post_clean()

    def create(self, *, by) -> Task:
        data = self.cleaned_data
        working_days, due_on = data["deadline"]
        return workflow.task_create(
            by=by,
            grid=data["grid"],
            title=data["title"],
            owner=data["owner"],
            due_on=due_on or workflow.task_deadline(working_days),
            description=data.get("description", ""),
            responsibility=data.get("responsibility"),
        )


class ProjectForm(ScopedChoicesForm):
    """领题: the claimant (one young official or one team), the problem and the goal, its
    milestones, and the needs and tasks of the user's grids it takes up."""

    official_fields = ("claimed_by_official",)
    team_fields = ("claimed_by_team",)
    create_only = ("grid", "claimed_by_official", "claimed_by_team", "claimed_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        scope = scope_for(self.for_user)
        if "needs" in self.fields:
            needs = Need.objects.exclude(status__in=(NeedStatus.DECLINED, NeedStatus.MERGED))
            self.fields["needs"].queryset = scope.restrict(
                needs.select_related("grid"), CHANGE, path_field="grid__path"
            ).order_by("-collected_on")
        if "tasks" in self.fields:
            tasks = Task.objects.exclude(status=TaskStatus.CANCELLED)
            self.fields["tasks"].queryset = scope.restrict(
                tasks.select_related("grid"), CHANGE, path_field="grid__path"
            ).order_by("-created_on")

    def clean(self):
        data = super().clean()
        if not self.instance._state.adding:
            return data
        claimants = [data.get("claimed_by_official"), data.get("claimed_by_team")]
        chosen = [claimant for claimant in claimants if claimant is not None]
        if len(chosen) != 1:
            self.add_error(None, _("A project is claimed by one young official or one team."))
        else:
            data["claimant"] = chosen[0]
        return data

    def _post_clean(self):
        if not self.instance._state.adding:
            super()._post_clean()

    def milestones(self) -> list[tuple[str, object]]:
        formset = self.formsets.get("milestones")
        if formset is None:
            return []
        return [
            (row.cleaned_data["title"], row.cleaned_data["due_on"])
            for row in formset.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]

    def create(self, *, by):
        data = self.cleaned_data
        return workflow.project_claim(
            by=by,
            grid=data["grid"],
            title=data["title"],
            problem=data["problem"],
            goal=data["goal"],
            claimant=data["claimant"],
            milestones=self.milestones(),
            needs=list(data.get("needs") or ()),
            tasks=list(data.get("tasks") or ()),
            claimed_on=data.get("claimed_on"),
        )


class YoungOfficialForm(RegistryForm):
    """A person of the user's grids joins the programme, with the account they sign in with
    (one of the staff working under the user)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        scope = scope_for(self.for_user)
        action = ADD if self.instance._state.adding else CHANGE
        if "person" in self.fields:
            self.fields["person"].queryset = scope.restrict(
                Person.objects.all(), action, path_field="grid__path"
            )
        if "user" in self.fields:
            # Staff under the user, and whoever the record already names.
            below = users_below(self.for_user)
            self.fields["user"].queryset = below.model.objects.filter(
                Q(pk__in=below.values("pk")) | Q(pk=self.instance.user_id)
            ).order_by("username")


class ResponsibilityItemForm(RegistryForm):
    """Items are issued by a district or a street the user may write to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "grid" in self.fields:
            self.fields["grid"].queryset = self.fields["grid"].queryset.filter(
                level__in=(GridLevel.DISTRICT, GridLevel.STREET)
            )


class DutyLogEditForm(RegistryForm):
    """Corrections to an entry: the official and the grid stay as logged."""

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > workflow.today():
            raise ValidationError(_("A duty cannot be logged for a day still to come."))
        return day
