"""People who carry a role on a grid node (网格力量)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.phones import PhoneField
from governance.text import validate_visible_text

from .grids import Grid


class Role(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    contact_card_order = models.PositiveSmallIntegerField(
        _("position on the contact card"),
        null=True,
        blank=True,
        help_text=_("Leave empty for roles that are not printed on residents' contact cards."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def mask_name(name: str) -> str:
    """王**: the family name, and two stars whatever the length (the length would tell)."""
    return f"{name[0]}**" if name else ""


def mask_phone(phone: str) -> str:
    """138****0000: keeps the carrier prefix and the last four digits."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


class PersonQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def public_contacts(self):
        return self.active().filter(phone_public=True)

    def in_subtree(self, node):
        return self.filter(grid__path__startswith=node.path)


class Person(models.Model):
    name = models.CharField(_("name"), validators=[validate_visible_text], max_length=40)
    phone = PhoneField(_("phone"), max_length=20, blank=True)
    phone_public = models.BooleanField(
        _("phone is public"),
        default=False,
        help_text=_("Public phones are printed on contact cards and public pages."),
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="people"
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="people"
    )
    unit = models.CharField(
        _("home unit"),
        max_length=100,
        blank=True,
        help_text=_("The unit the person comes from, e.g. 市司法局 for an official sent down."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["grid__path", "role__sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="person_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.role}）"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def public_phone(self) -> str:
        return self.phone if self.phone_public else ""
