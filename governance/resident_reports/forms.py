"""The public report form and the forms on the status page. Plain HTML forms: they work in the
WeChat browser without script; script only adds a photo preview and the location button."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from civicgrid.security.public_forms import RobotTrapMixin
from governance.events.forms import PhotosField
from governance.geo.locate import grid_at
from governance.models import Grid, GridLevel
from governance.resident_reports.services.filing import (
    DESCRIPTION_MAX,
    category_groups,
    clean_coordinate,
    clean_description,
    clean_phone,
    group_of,
    reportable_categories,
)
from governance.resident_reports.services.follow_up import COMMENT_MAX, ResidentRating


class GridByCode(forms.ModelChoiceField):
    def label_from_instance(self, grid):
        return grid.name


class CategoryChoice(forms.ModelChoiceField):
    """A kind of problem named with its group (市容环境 · 垃圾清运): a flat list of leaves and
    their parents read alike."""

    def label_from_instance(self, category):
        if category.depth == 1:
            return category.name
        if not hasattr(self, "_groups"):
            self._groups = category_groups()
        group = group_of(category, self._groups)
        return f"{group} · {category.name}" if group else category.name


class ReportForm(RobotTrapMixin, forms.Form):
    community = GridByCode(
        label=_("Community"),
        queryset=Grid.objects.filter(level=GridLevel.COMMUNITY).order_by("path"),
        to_field_name="code",
        empty_label=_("Choose your community"),
    )
    grid = GridByCode(
        label=_("Grid"),
        queryset=Grid.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Not sure"),
        help_text=_("Leave it if you are not sure: the building below finds the grid."),
    )
    place = forms.CharField(
        label=_("Building or address"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. building 33, unit 2")}),
    )
    category = CategoryChoice(
        label=_("Kind of problem"),
        queryset=reportable_categories(),
        empty_label=_("Choose one"),
    )
    description = forms.CharField(
        label=_("What is wrong"),
        # Checked by clean_description, which says how long the text is.
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX}),
    )
    photos = PhotosField(
        photos_only=True,
        deferred=True,
        max_files=settings.RESIDENT_REPORT_MAX_PHOTOS,
        label=_("Photos"),
        help_text=_("Up to %(count)d photos. Where and with what phone they were taken is removed.")
        % {"count": settings.RESIDENT_REPORT_MAX_PHOTOS},
    )
    photos.widget.attrs["data-max-files"] = settings.RESIDENT_REPORT_MAX_PHOTOS
    latitude = forms.CharField(widget=forms.HiddenInput, required=False)
    longitude = forms.CharField(widget=forms.HiddenInput, required=False)
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_("No name and no phone are kept: keep the private link to follow the report."),
    )
    name = forms.CharField(label=_("Your name"), max_length=40, required=False)
    phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        required=False,
        help_text=_("Only the staff handling the report see it; we tell you there how it goes."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, community: Grid | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = community
        if self.is_bound:
            # Read before the fields are cleaned: a NUL would reach PostgreSQL, which refuses it.
            code = self.data.get("community", "")
            if len(code) <= 40 and "\x00" not in code:
                chosen = Grid.objects.filter(level=GridLevel.COMMUNITY, code=code).first()
            else:
                chosen = None
        elif community is not None:
            self.initial["community"] = community.code
        if chosen is not None:
            self.fields["grid"].queryset = (
                Grid.objects.filter(path__startswith=chosen.path, level__gte=GridLevel.GRID)
                .exclude(pk=chosen.pk)
                .order_by("path")
            )
        else:
            del self.fields["grid"]

    def clean_description(self):
        try:
            return clean_description(self.cleaned_data["description"])
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community")
        if community is None:
            return cleaned
        if not self.errors:
            try:
                cleaned["photos"] = self.fields["photos"].prepare(cleaned.get("photos") or [])
            except ValidationError as refused:
                self.add_error("photos", refused)
        cleaned["report_grid"] = (
            cleaned.get("grid")
            or self.grid_for_place(community, (cleaned.get("place") or "").strip())
            or self.grid_for_location(community, cleaned.get("latitude"), cleaned.get("longitude"))
            # The community's staff pass it on: a resident is not refused for not knowing it.
            or community
        )
        return cleaned

    @staticmethod
    def grid_for_place(community: Grid, place: str) -> Grid | None:
        """The one grid of the community that covers the building or address typed."""
        if place:
            grids = Grid.objects.filter(path__startswith=community.path, level=GridLevel.GRID)
            found = [grid for grid in grids if grid.matches_place(place)]
            if len(found) == 1:
                return found[0]
        return None

    @staticmethod
    def grid_for_location(community: Grid, latitude, longitude) -> Grid | None:
        """The grid of the community whose boundary holds the shared location."""
        latitude, longitude = (
            clean_coordinate(latitude, -90, 90),
            clean_coordinate(longitude, -180, 180),
        )
        if latitude is None or longitude is None:
            return None
        grid = grid_at(latitude, longitude)
        return grid if grid is not None and grid.path.startswith(community.path) else None


class RatingForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("How was it handled?"), choices=ResidentRating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not solved?"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


NUMBER = re.compile(r"[A-Z]{2}\d{8}-\d{4,6}")


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Report number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "SJ20261206-0001", "autocapitalize": "characters"}
        ),
    )
    last_digits = forms.CharField(
        label=_("Last four digits of your phone"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4}
        ),
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip().upper()
        if not NUMBER.fullmatch(number):
            raise ValidationError(_("A report number looks like SJ20261206-0001."))
        return number

    def clean_last_digits(self):
        digits = self.cleaned_data["last_digits"].strip()
        if not (len(digits) == 4 and digits.isascii() and digits.isdigit()):
            raise ValidationError(_("Type the last four digits of the phone you gave."))
        return digits
