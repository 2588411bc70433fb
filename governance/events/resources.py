"""The events spreadsheet (`import_registry events` / `export_registry events`).

Export: every event the user may export, the reporter's contact masked where the user may not
see personal data. Import: another platform's finished events, matched on its own number
(原平台编号) so a re-import updates them; rows go through `event_record_imported`.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import Widget

from governance.events.models import (
    DONE_STATES,
    Event,
    EventCategory,
    EventSource,
    EventState,
    Rating,
)
from governance.events.services import workflow
from governance.events.services.history import (
    IMPORTABLE_STATES,
    event_record_imported,
    moved_here_since_import,
    settled_state,
)
from governance.permissions import EXPORT
from governance.resources.base import RegistryResource
from governance.resources.chunks import in_chunks
from governance.resources.fields import grid_code_field, names_in_column, text
from governance.resources.widgets import ChoiceWidget, LookupWidget, TextWidget
from governance.spreadsheets.cells import EXCEL_EPOCH, normalise_number_text, normalise_text

DATETIME_PATTERN = re.compile(
    r"^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?"
    r"(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?)?$"
)


class DateTimeWidget(Widget):
    """Local date and time: 2026-05-01 14:30, 2026/5/1 14:30, 2026年5月1日, or an Excel value."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            moment = value
        elif isinstance(value, datetime.date):
            moment = datetime.datetime.combine(value, datetime.time())
        elif isinstance(value, (int, float)) and 1 <= value < 100000:
            moment = datetime.datetime.combine(EXCEL_EPOCH, datetime.time()) + datetime.timedelta(
                days=float(value)
            )
        else:
            text_value = normalise_number_text(value)
            match = DATETIME_PATTERN.match(text_value)
            try:
                if not match:
                    raise ValueError
                moment = datetime.datetime(*(int(part or 0) for part in match.groups()))
            except ValueError:
                raise ValueError(
                    _("“%(value)s” is not a date and time: write 2026-10-01 14:30.")
                    % {"value": text_value}
                ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment.replace(microsecond=0))
        return moment

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


ON_THE_SPOT, CLOSED_LOOP = "自行处置", "闭环流转"


class HandlingWidget(Widget):
    """处置方式: 自行处置 (resolved where accepted) or 闭环流转 (passed up first)."""

    def clean(self, value, row=None, **kwargs):
        text_value = normalise_text(value)
        if text_value == "":
            return None
        if text_value not in (ON_THE_SPOT, CLOSED_LOOP):
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": text_value, "allowed": f"{ON_THE_SPOT}、{CLOSED_LOOP}"}
            )
        return text_value == CLOSED_LOOP

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else (CLOSED_LOOP if value else ON_THE_SPOT)


class RatingWidget(ChoiceWidget):
    def __init__(self):
        choices = [(value, label) for value, label in Rating.choices]
        super().__init__(choices, default=None)
        for value in Rating.values:
            self.by_text[str(value)] = value


class EventResource(RegistryResource):
    key_fields = ("external_number",)
    compared_attributes = (
        "category_id",
        "title",
        "description",
        "address",
        "grid_id",
        "reported_at",
        "resolved_at",
        "state",
        "escalated",
        "rating",
    )
    # Foreign keys come from cached lookups; the rest is derived by event_record_imported.
    unchecked_attributes = (
        "category",
        "grid",
        "number",
        "handling_level",
        "grid_path",
        "escalated",
        "state",
    )

    number = Field(attribute="number", column_name="事件编号", readonly=True, widget=TextWidget())
    external_number = text("external_number", "原平台编号")
    category = Field(
        attribute="category",
        column_name="事件类别",
        widget=LookupWidget(
            "categories",
            "name",
            gettext_lazy(
                "Event category “%(value)s” does not exist: add it under the event categories "
                "first."
            ),
        ),
    )
    title = text("title", "标题")
    description = text("description", "描述")
    address = text("address", "地址")
    grid = grid_code_field("所属网格编码")
    grid_name = Field(
        attribute="grid__name", column_name="网格名称", readonly=True, widget=TextWidget()
    )
    source = Field(
        attribute="source",
        column_name="来源",
        readonly=True,
        widget=ChoiceWidget(EventSource.choices),
    )
    reported_at = Field(attribute="reported_at", column_name="上报时间", widget=DateTimeWidget())
    resolved_at = Field(attribute="resolved_at", column_name="办结时间", widget=DateTimeWidget())
    state = Field(attribute="state", column_name="状态", widget=ChoiceWidget(EventState.choices))
    escalated = Field(attribute="escalated", column_name="处置方式", widget=HandlingWidget())
    rating = Field(attribute="rating", column_name="满意度", widget=RatingWidget())
    handling = Field(column_name="当前办理", readonly=True, widget=TextWidget())
    deadline = Field(
        attribute="deadline", column_name="办理时限", readonly=True, widget=DateTimeWidget()
    )
    reporter_name = Field(column_name="报告人", readonly=True, widget=TextWidget())
    reporter_phone = Field(column_name="报告人电话", readonly=True, widget=TextWidget())

    class Meta(RegistryResource.Meta):
        model = Event
        use_bulk = False
        fields = (
            "number",
            "external_number",
            "category",
            "title",
            "description",
            "address",
            "grid",
            "grid_name",
            "source",
            "reported_at",
            "resolved_at",
            "state",
            "escalated",
            "rating",
            "handling",
            "deadline",
            "reporter_name",
            "reporter_phone",
        )

    @property
    def required_columns(self):
        return ["原平台编号", "事件类别", "标题", "所属网格编码", "上报时间", "状态"]

    # -- import ---------------------------------------------------------------------------------
    def load_lookups(self):
        categories = list(EventCategory.objects.all())
        names = [category.name for category in categories]
        return {
            "grids": self.import_grids_by_code(),
            # A name used twice in the tree would be ambiguous: such a category is not matched.
            "categories": {c.name: c for c in categories if names.count(c.name) == 1},
        }

    def instance_key(self, event):
        return (event.external_number,)

    def existing_queryset(self, dataset):
        numbers = names_in_column(dataset, "原平台编号")
        events = Event.objects.filter(is_imported=True).select_related("grid", "category")
        return in_chunks(self.known(events), "external_number", numbers)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.state = settled_state(instance.state, instance.rating)
        if instance.state not in DONE_STATES and instance.escalated is None:
            instance.escalated = False  # as event_record_imported stores it

    def check_instance(self, event, new):
        errors = {}
        now = workflow.now()
        if not event.external_number:
            errors["external_number"] = _("This column may not be empty.")
        if not new and moved_here_since_import(event):
            errors["external_number"] = _(
                "Event %(number)s has been handled here since it was imported; "
                "a re-import may not overwrite it."
            ) % {"number": event.number}
        if event.state not in IMPORTABLE_STATES:
            errors["state"] = _("Only finished events can be imported: %(allowed)s.") % {
                "allowed": "、".join(str(EventState(s).label) for s in IMPORTABLE_STATES)
            }
        if event.reported_at and event.reported_at > now:
            errors["reported_at"] = _("The time lies in the future.")
        if event.state in DONE_STATES:
            if event.resolved_at is None:
                errors["resolved_at"] = _("A resolved event needs the time it was resolved.")
            elif event.reported_at and event.resolved_at < event.reported_at:
                errors["resolved_at"] = _("It was resolved before it was reported.")
            elif event.resolved_at > now:
                errors["resolved_at"] = _("The time lies in the future.")
            if event.escalated is None:
                errors["escalated"] = _("Write %(on_the_spot)s or %(closed_loop)s.") % {
                    "on_the_spot": ON_THE_SPOT,
                    "closed_loop": CLOSED_LOOP,
                }
        elif event.state == EventState.REJECTED:
            if event.resolved_at is not None:
                errors["resolved_at"] = _("An event not accepted has no time of resolution.")
            if event.rating is not None:
                errors["rating"] = _("An event not accepted cannot be rated.")
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        event_record_imported(event=instance, by=self.user)

    # -- export ---------------------------------------------------------------------------------
    def dehydrate_escalated(self, event):
        # Only a finished event has been handled one way or the other.
        if event.state not in DONE_STATES:
            return ""
        return CLOSED_LOOP if event.escalated else ON_THE_SPOT

    def dehydrate_handling(self, event):
        return workflow.node_label(event)

    def sees_contact(self, event) -> bool:
        return self.scope is None or self.scope.sees_personal_data(event.grid_path)

    def dehydrate_reporter_name(self, event):
        return event.reporter_name if self.sees_contact(event) else event.masked_reporter_name

    def dehydrate_reporter_phone(self, event):
        return event.reporter_phone if self.sees_contact(event) else event.masked_reporter_phone

    def export_queryset(self):
        events = Event.objects.select_related(
            "category", "grid", "handling_grid", "handling_department"
        ).order_by("-reported_at", "-pk")
        if self.scope is None:
            return events
        return self.scope.restrict(events, EXPORT, path_field="grid_path")
