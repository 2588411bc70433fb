"""Listing columns of the officials' lists."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column

from governance.officials.services import workflow


class OverdueColumn(Column):
    """The deadline, with a red 已逾期 badge on an open task past it (no query: the row's own
    status and date)."""

    def __init__(self, name="due_on", **kwargs):
        kwargs.setdefault("label", _("deadline"))
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.is_overdue(workflow.today()):
            context["value"] = format_html(
                '{} <span class="events-badge">{}</span>',
                instance.due_on,
                pgettext_lazy("task", "Overdue"),
            )
        return context


class NameColumn(Column):
    """Whoever a row names (an owner, a claimant, a collector), or a dash."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "—" if value in (None, "") else value
