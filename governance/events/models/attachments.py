"""Photos and files on an event, or on the move that resolved it.

They show residents' homes and faces: kept in the private storage and served only through a
view that asks `may_see`, never from MEDIA_URL."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.events.models.events import Event, EventMove
from governance.models.imports import private_storage


class EventAttachment(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments"
    )
    move = models.ForeignKey(
        EventMove,
        verbose_name=_("move"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="events/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_image = models.BooleanField(_("photo"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event attachment")
        verbose_name_plural = _("event attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
