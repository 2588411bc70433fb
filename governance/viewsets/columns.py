"""Listing columns shared by the registry viewsets."""

from django.contrib.admin.utils import quote
from django.templatetags.l10n import unlocalize
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn

from governance.permissions import CHANGE, grid_path_of, scope_for


class RecordTitleColumn(TitleColumn):
    """Links to the edit form where the reader may change the record, else to its read-only
    page, so nobody is shown a link that ends in "permission denied"."""

    def __init__(self, name, *, url_namespace: str, **kwargs):
        super().__init__(name, **kwargs)
        self.url_namespace = url_namespace

    def get_link_url(self, instance, parent_context):
        may_change = scope_for(parent_context["request"]).allows(CHANGE, grid_path_of(instance))
        view = "edit" if may_change else "inspect"
        return reverse(f"{self.url_namespace}:{view}", args=[quote(instance.pk)])


class PhoneColumn(Column):
    """A phone in full only for users assigned at or above the person's grid; masked otherwise."""

    def __init__(self, name="phone", **kwargs):
        kwargs.setdefault("label", _("phone"))
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return instance.phone

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if instance.phone and not instance.phone_public:
            if request is None or not scope_for(request).sees_personal_data(instance.grid.path):
                context["value"] = instance.masked_phone
        return context


class ChildrenColumn(Column):
    """Links a node to the listing of its children (browsing the tree)."""

    def __init__(self, **kwargs):
        super().__init__("numchild", label=_("children"), **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.numchild:
            url = reverse("wagtailsnippets_governance_grid:list") + f"?parent={instance.pk}"
            context["value"] = format_html(
                '<a href="{}">{} ›</a>', url, _("%(count)d below") % {"count": instance.numchild}
            )
        return context


class ChangesColumn(Column):
    """What an edit changed, from the audit entry's data (personal values are never stored)."""

    cell_template_name = "governance/admin/cells/changes.html"

    def __init__(self, **kwargs):
        super().__init__("changes", label=_("changes"), **kwargs)

    def get_value(self, instance):
        return list((getattr(instance, "data", None) or {}).get("changes", {}).items())


class RolledUpColumn(Column):
    """A node's own figure; where it is empty (districts and communities rarely fill theirs in),
    the total of its subtree, marked as a total so nobody takes one for the other."""

    def __init__(self, name, *, total: str, **kwargs):
        super().__init__(name, **kwargs)
        self.total = total

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if not context["raw_value"]:
            context["value"] = format_html(
                '{} <small class="w-text-text-meta">{}</small>',
                unlocalize(getattr(instance, self.total)),
                _("total below"),
            )
        return context
