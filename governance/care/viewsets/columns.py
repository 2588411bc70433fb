from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from governance.permissions import scope_for
from governance.viewsets.columns import RecordTitleColumn


def name_for(request, resident) -> str:
    if request is not None and scope_for(request).sees_personal_data(resident.grid.path):
        return resident.name
    return resident.masked_name


class ResidentNameColumn(Column):
    """A resident's name in full for users holding personal_data on the grid; 王** otherwise.
    `accessor` reaches the resident from the row (a visit's resident)."""

    def __init__(self, name="name", *, resident=lambda row: row, **kwargs):
        kwargs.setdefault("label", _("name"))
        super().__init__(name, **kwargs)
        self.resident = resident

    def get_value(self, instance):
        resident = self.resident(instance)
        return resident.name if resident else _("(erased)")

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        resident = self.resident(instance)
        request = parent_context.get("request")
        if resident:
            context["value"] = name_for(request, resident)
        return context


class ResidentTitleColumn(RecordTitleColumn):
    """The listing's link to a resident, under the same rule for the name."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = name_for(parent_context.get("request"), instance)
        return context
