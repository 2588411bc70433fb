from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyCheck(models.Model):
    """One sample encrypted with the key in use when the first ID number was stored: start-up
    decrypts it to tell a wrong key before anyone reads a record (checks.py)."""

    sample = models.TextField(_("encrypted sample"))

    class Meta:
        verbose_name = _("personal-data key check")
        verbose_name_plural = _("personal-data key checks")

    def __str__(self):
        return "KeyCheck"
