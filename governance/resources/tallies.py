"""The registry spreadsheet of work tallies: a value per grid, tally kind and period."""

from django.utils.translation import gettext_lazy
from import_export.fields import Field

from governance.models import TallyEntry, TallyKind
from governance.periods import Period
from governance.permissions import EXPORT
from governance.resources.base import RegistryResource, key_text
from governance.resources.chunks import in_chunks
from governance.resources.fields import grid_code_field, grid_name_field, names_in_column, text
from governance.resources.widgets import (
    IntegerWidget,
    LookupWidget,
    TextWidget,
)
from governance.spreadsheets.cells import normalise_text


class TallyEntryResource(RegistryResource):
    key_fields = ("grid", "kind", "period")
    compared_attributes = ("grid_id", "kind_id", "period_start", "period_end", "value", "note")
    unchecked_attributes = ("grid", "kind", "entered_by")

    grid = grid_code_field()
    grid_name = grid_name_field()
    kind = Field(
        attribute="kind",
        column_name="统计项",
        widget=LookupWidget(
            "kinds",
            "name",
            gettext_lazy(
                "Tally kind “%(value)s” does not exist: "
                "add it under Registry lists › Tally kinds first."
            ),
        ),
    )
    unit = Field(attribute="kind__unit", column_name="单位", readonly=True, widget=TextWidget())
    period = Field(attribute="period", column_name="统计期", widget=TextWidget())
    value = Field(attribute="value", column_name="数值", widget=IntegerWidget())
    note = text("note", "备注")

    class Meta(RegistryResource.Meta):
        model = TallyEntry
        fields = ("grid", "grid_name", "kind", "unit", "period", "value", "note")

    def load_lookups(self):
        return {
            "grids": self.import_grids_by_code(),
            "kinds": {k.name: k for k in TallyKind.objects.all()},
        }

    def row_key(self, row):
        code = key_text(row.get("网格编码"))
        kind = key_text(row.get("统计项"))
        try:
            period = Period.parse(normalise_text(row.get("统计期")))
            return (code, kind, period.start, period.end)
        except ValueError:
            return (code, kind, normalise_text(row.get("统计期")))

    def instance_key(self, entry):
        return (entry.grid.code, entry.kind.name, entry.period_start, entry.period_end)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        entries = self.known(TallyEntry.objects.select_related("grid", "kind"))
        return in_chunks(entries, "grid__code", codes)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute != "period":
            return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        if field.column_name not in row:
            return None
        period = Period.parse(normalise_text(row[field.column_name]))
        instance.period_start, instance.period_end = period.start, period.end
        return None

    def dehydrate_period(self, entry):
        if Period.whole_month(entry.period_start, entry.period_end):
            return f"{entry.period_start:%Y-%m}"
        return f"{entry.period_start:%Y-%m-%d}..{entry.period_end:%Y-%m-%d}"

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if new and self.user is not None:
            instance.entered_by = self.user

    def export_queryset(self):
        entries = TallyEntry.objects.select_related("grid", "kind").order_by(
            "grid__path", "kind__sort_order", "period_start"
        )
        return self.restrict(entries, EXPORT)
