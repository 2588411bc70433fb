"""Each district's ladder: which levels an event climbs through and the time allowed at each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.events.models.limits import HandlingLevel, TimeLimit
from governance.models import Grid, GridLevel


class LadderStep(TimeLimit):
    district = models.ForeignKey(
        Grid,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="ladder_steps",
        limit_choices_to={"level": GridLevel.DISTRICT},
    )
    level = models.SmallIntegerField(_("level"), choices=HandlingLevel.choices)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation ladder")
        ordering = ["district", "-level"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "level"],
                name="ladder_step_once_per_level",
                violation_error_message=_("This district's ladder already has this level."),
            )
        ]

    def __str__(self):
        return f"{self.district.name} · {self.get_level_display()} · {self.limit_label}"
