"""Admin forms: every grid and person field offers only what the user's scope allows."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.widgets import AdminSnippetChooser

from governance.audit import describe_changes
from governance.models import Grid, GridLevel, Person
from governance.permissions import ADD, CHANGE, VIEW, scope_for
from governance.services.grids import grid_insert


class RegistryForm(WagtailAdminModelForm):
    """Limits `grid` to nodes the user may write to, and person fields to people they may see."""

    grid_field_names = ("grid",)
    person_field_names = ("leader", "members")
    #: the right the user needs on a grid to pick it (None: add or change, by the form's mode)
    grid_action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        scope = scope_for(self.for_user)
        action = self.grid_action or (ADD if self.instance._state.adding else CHANGE)
        for name in self.grid_field_names:
            if name in self.fields:
                self.fields[name].queryset = scope.visible_grids(action)
        for name in self.person_field_names:
            if name in self.fields:
                self.fields[name].queryset = scope.restrict(
                    Person.objects.all(), VIEW, path_field="grid__path"
                )

    def save(self, commit=True):
        if not self.instance._state.adding:
            self.instance._audit_changes = describe_changes(self)
        return super().save(commit=commit)


class GridForm(RegistryForm):
    """Places a new node under a parent; the tree position of an existing node stays put."""

    parent = forms.ModelChoiceField(
        label=_("parent grid"),
        queryset=Grid.objects.all(),
        required=False,
        widget=AdminSnippetChooser(Grid),
        help_text=_("Leave empty only for a district."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields.pop("parent", None)
        elif self.for_user is not None:
            self.fields["parent"].queryset = scope_for(self.for_user).visible_grids(ADD)

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding:
            parent = cleaned.get("parent")
            self.instance._intended_parent = parent
            scope = scope_for(self.for_user) if self.for_user is not None else None
            if parent is None and scope is not None and not scope.is_superuser:
                self.add_error("parent", _("Only a superuser can create a district."))
        return cleaned

    def save(self, commit=True):
        grid = self.instance
        if not grid._state.adding:
            return super().save(commit=commit)
        return grid_insert(grid, self.cleaned_data.get("parent"))


def initial_for_new_grid(parent: Grid | None) -> dict:
    if parent is None:
        return {}
    level = min(parent.level + 1, GridLevel.MICRO)
    return {"parent": parent, "level": level, "code": parent.code}
