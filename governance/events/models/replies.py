"""Editable replies staff send residents (FixMyStreet's response templates)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.text import validate_visible_text


class ReplyTemplate(models.Model):
    title = models.CharField(_("title"), max_length=60, validators=[validate_visible_text])
    text = models.TextField(_("reply text"), max_length=2000)
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title
