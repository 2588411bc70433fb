"""Admin forms: every grid and person field offers only what the user's scope allows."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import MultipleChooserPanel
from wagtail.admin.panels.base import get_form_for_model
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.permissions import policy_registry
from wagtail.snippets.widgets import AdminSnippetChooser

from governance.geo.neighbours import reference_shapes
from governance.geo.shapes import BoundaryError, to_shape
from governance.models import Grid, Person
from governance.models.grids import DEEPEST_LEVEL, validate_boundary
from governance.permissions import ADD, CHANGE, VIEW, scope_for
from governance.services.grids import grid_check_new, grid_create
from governance.viewsets.scoped import is_record_id

SEEN_FIELD = "seen_updated_at"


def save_stamp(moment) -> str:
    return moment.isoformat() if moment is not None else ""


class RegistryForm(WagtailAdminModelForm):
    """Limits `grid` to nodes the user may write to, and person fields to people they may see.

    An edit form carries the record's save time as it was opened (a hidden field Wagtail renders
    outside the panels), and a save is refused when someone saved the record since: two
    editors drawing one boundary, or an import applied while a form was open, must not be
    overwritten in silence."""

    grid_field_names = ("grid",)
    person_field_names = ("leader", "person")
    #: the right the user needs on a grid to pick it (None: add or change, by the form's mode)
    grid_action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_no_record_by_forged_ids()
        if self.guards_stale_saves():
            self.fields[SEEN_FIELD] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=save_stamp(self.instance.updated_at),
            )
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
        self.hide_edit_links_the_user_cannot_follow()

    def name_no_record_by_forged_ids(self):
        """A chooser's value that is no record id (`grid=abc`) reads as an id that names
        nothing: the field says the choice is invalid, where the chooser redrawing the form
        would have raised a ValueError (a 500)."""
        if not self.is_bound:
            return
        submitted = {
            self.add_prefix(name): self.data.get(self.add_prefix(name))
            for name, field in self.fields.items()
            if isinstance(field.widget, BaseChooser)
        }
        forged = [
            key
            for key, value in submitted.items()
            if value not in (None, "") and not is_record_id(value)
        ]
        if forged:
            self.data = self.data.copy()
            for key in forged:
                self.data[key] = "0"

    def guards_stale_saves(self) -> bool:
        has_stamp = any(f.name == "updated_at" for f in self.instance._meta.concrete_fields)
        return has_stamp and not self.instance._state.adding

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(SEEN_FIELD)
        if seen and self.guards_stale_saves():
            records = type(self.instance).objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                # Held until the save commits: a second save waits here, then sees this one.
                records = records.select_for_update()
            current = records.values_list("updated_at", flat=True).first()
            if current is not None and save_stamp(current) != seen:
                raise ValidationError(
                    _(
                        "Someone else saved this record after you opened it: open it again "
                        "and check before saving."
                    )
                )
        return cleaned

    def hide_edit_links_the_user_cannot_follow(self):
        """A chooser shows "edit this role" next to its choice; a grid worker may not edit
        roles, and the link would only send them back to the dashboard."""
        for field in self.fields.values():
            if isinstance(field.widget, BaseChooser):
                policy = policy_registry.get_by_type(field.widget.model_class)
                if not policy.user_has_permission(self.for_user, CHANGE):
                    field.widget.show_edit_link = False


class ScopedMultipleChooserPanel(MultipleChooserPanel):
    """Rows picked with a chooser (team members): each row's form is a RegistryForm that gets
    the user, so a forged id outside the user's part of the tree is refused, not saved."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=RegistryForm,
            fields=formset["fields"],
            widgets=formset["widgets"],
        )
        formset["inherit_kwargs"] = ["for_user"]
        return options


class OptionalJSONField(forms.JSONField):
    """An empty JSON value shows as an empty box, not as the word null."""

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


class GridForm(RegistryForm):
    """Places a new node under a parent; the tree position of an existing node stays put."""

    class Meta(RegistryForm.Meta):
        field_classes = {"boundary": OptionalJSONField}

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
        self.show_the_neighbours()

    def intended_parent(self) -> Grid | None:
        """The parent of the node: its own, or the one being chosen for a new node (only
        among the grids the field offers, so a forged id shows nothing)."""
        if not self.instance._state.adding:
            return self.instance.get_parent() if self.instance.depth > 1 else None
        field = self.fields["parent"]
        value = self.data.get(self.add_prefix("parent")) if self.is_bound else None
        if not self.is_bound:
            value = self.initial.get("parent")
        if isinstance(value, Grid):
            value = value.pk
        if not is_record_id(value or ""):
            return None
        return field.queryset.filter(pk=value).first()

    def show_the_neighbours(self):
        """The boundary's map draws the parent and the siblings beside the shape."""
        widget = getattr(self.fields.get("boundary"), "widget", None)
        if not hasattr(widget, "reference"):
            return
        if "parent" in self.fields:
            widget.parent_input = self["parent"].auto_id
        parent = self.intended_parent()
        if parent is None and self.instance._state.adding:
            return
        widget.reference = reference_shapes(parent, leave_out=self.instance)
        for grid in (self.instance, parent):
            if grid is not None and grid.longitude is not None and grid.latitude is not None:
                widget.centre = (grid.longitude, grid.latitude)
                break

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and not self.errors:
            try:
                grid_check_new(
                    code=cleaned.get("code"),
                    level=cleaned.get("level"),
                    parent=cleaned.get("parent"),
                    user=self.for_user,
                )
            except ValidationError as error:
                self.add_error(None, error)
            self.check_inside_the_parent(cleaned.get("boundary"), cleaned.get("parent"))
        return cleaned

    def check_inside_the_parent(self, boundary, parent):
        """A new node's boundary must lie inside the parent chosen in this form (an existing
        node's is checked by Grid.clean, which knows its parent). A malformed shape is left to
        Grid.clean, so its message shows once."""
        if not boundary or parent is None:
            return
        try:
            to_shape(boundary)
        except BoundaryError:
            return
        try:
            validate_boundary(boundary, parent=parent)
        except ValidationError as error:
            self.add_error(None, error)

    def save(self, commit=True):
        if not self.instance._state.adding:
            return super().save(commit=commit)
        return grid_create(
            grid=self.instance, parent=self.cleaned_data.get("parent"), user=self.for_user
        )


def initial_for_new_grid(parent: Grid | None) -> dict:
    if parent is None:
        return {}
    level = min(parent.level + 1, DEEPEST_LEVEL)
    return {"parent": parent, "level": level, "code": parent.code}
