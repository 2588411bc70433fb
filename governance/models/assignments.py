"""Who works on which part of the tree: a user or group is assigned grid nodes with a role."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .grids import Grid


class AccessRole(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STREET_EDITOR = "street_editor", _("Street editor")
    COMMUNITY_EDITOR = "community_editor", _("Community editor")
    GRID_WORKER = "grid_worker", _("Grid worker")
    ANALYST = "analyst", _("Analyst (read-only, reports)")
    ASSESSOR = "assessor", _("Assessor (scores young officials)")


class Assignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grid_assignments",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grid_assignments",
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("access role"), max_length=20, choices=AccessRole.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grid assignment")
        verbose_name_plural = _("grid assignments")
        ordering = ["grid__path", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(group__isnull=True))
                | (Q(user__isnull=True) & Q(group__isnull=False)),
                name="assignment_user_xor_group",
                violation_error_message=_("Assign either a user or a group, not both."),
            ),
            models.UniqueConstraint(
                fields=["user", "grid", "role"], name="assignment_unique_user_grid_role"
            ),
        ]

    def __str__(self):
        who = self.user or self.group
        return f"{who} · {self.get_role_display()} · {self.grid.name}"
