"""A resident's report (the event plus how its reporter follows it) and the Open311 clients."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.events.models import Event


class Open311Client(models.Model):
    """A front end allowed to post requests (a mini program, a city platform)."""

    name = models.CharField(_("client name"), max_length=80, unique=True)
    # Only the key's hash is kept: a leaked database does not leak working keys.
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key ends with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResidentReport(models.Model):
    event = models.OneToOneField(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="resident_report",
        primary_key=True,
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    client = models.ForeignKey(
        Open311Client,
        verbose_name=_("Open311 client"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("resident's report")
        verbose_name_plural = _("residents' reports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.event.number


class PublishedCase(models.Model):
    """A resolved event that staff chose to show on its community's page, in words they checked:
    nothing a resident typed is public until someone publishes it here."""

    event = models.OneToOneField(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="published_case",
        primary_key=True,
    )
    title = models.CharField(_("public title"), max_length=100)
    reply = models.TextField(_("official reply"), max_length=2000)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("published case")
        verbose_name_plural = _("published cases")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title
