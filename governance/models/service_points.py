"""Service points of the 15-minute service circle, including warm stations (暖心驿站)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.text import validate_visible_text

from .grids import Grid


class ServicePointKind(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=40, unique=True, help_text=_("Used in addresses and the API.")
    )
    is_warm_station = models.BooleanField(
        _("warm station"),
        default=False,
        help_text=_("Points of this kind are listed with their services for outdoor workers."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("service point kind")
        verbose_name_plural = _("service point kinds")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Amenity(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class WalkingRing(models.IntegerChoices):
    FIVE = 5, _("Within 5 minutes' walk")
    TEN = 10, _("Within 10 minutes' walk")
    FIFTEEN = 15, _("Within 15 minutes' walk")


class ServicePointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_subtree(self, node):
        return self.filter(grid__path__startswith=node.path)


class ServicePoint(models.Model):
    name = models.CharField(_("name"), validators=[validate_visible_text], max_length=100)
    kind = models.ForeignKey(
        ServicePointKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="service_points"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    walking_minutes = models.PositiveSmallIntegerField(
        _("walking ring"), choices=WalkingRing.choices, default=WalkingRing.FIFTEEN
    )
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    phone = models.CharField(
        _("public phone"),
        max_length=40,
        blank=True,
        help_text=_("The point's own public number, never a person's private phone."),
    )
    amenities = models.ManyToManyField(
        Amenity, verbose_name=_("services offered"), blank=True, related_name="service_points"
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("open"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["walking_minutes", "kind__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="service_point_unique_per_grid")
        ]

    def __str__(self):
        return self.name
