from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "governance.officials"
    label = "officials"
    verbose_name = _("Young officials and the three lists")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from governance.events.permissions import EventSettingsPolicy
        from governance.officials.models import (
            DutyLog,
            ManualScore,
            Need,
            Project,
            ResponsibilityItem,
            ScoringRule,
            Task,
            YoungOfficial,
        )
        from governance.officials.permissions import AssessPolicy, ResponsibilityPolicy
        from governance.permissions import GridScopedPermissionPolicy

        for model in (Need, Task, Project, YoungOfficial, DutyLog):
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        register_permission_policy(ResponsibilityItem, ResponsibilityPolicy(ResponsibilityItem))
        register_permission_policy(ManualScore, AssessPolicy(ManualScore))
        # The rules are the district's shared settings, like the events' categories.
        register_permission_policy(ScoringRule, EventSettingsPolicy(ScoringRule))
