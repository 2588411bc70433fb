from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.officials.models import ScoringRule


class ScoringRuleViewSet(SnippetViewSet):
    """积分规则: the district's shared settings (its administrators and superusers only, by the
    policy the app registers)."""

    model = ScoringRule
    icon = "cog"
    menu_order = 90
    search_backend_name = None
    list_display = [
        "name",
        Column("get_basis_display", label=_("counts")),
        Column("get_duty_display", label=_("duty")),
        Column("points", label=_("points")),
        Column("monthly_cap", label=_("monthly maximum")),
        BooleanColumn("is_active", label=_("in use")),
    ]
