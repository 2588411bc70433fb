from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel

from governance.care import crypto
from governance.care.id_numbers import birth_date_of, mask_id_number, sex_of
from governance.care.models.households import Household
from governance.models import Grid
from governance.models.people import mask_name, mask_phone
from governance.phones import PhoneField
from governance.text import validate_visible_text

CLOCK_FIELDS = frozenset({"care_cycle_days", "last_visited_on", "next_visit_due"})


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    GRANDCHILD = "grandchild", _("grandchild")
    SIBLING = "sibling", _("brother or sister")
    TENANT = "tenant", _("tenant")
    OTHER = "other", _("other relation")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class ResidentQuerySet(models.QuerySet):
    def in_ledger(self):
        """Residents with a special group today (the care ledger, 关爱台账)."""
        return self.filter(care_cycle_days__isnull=False)

    def with_id_number(self, number: str):
        return self.filter(id_number_digest=crypto.lookup_digest(number))


class Resident(ClusterableModel):
    """A resident (居民) of a household. The ID number is stored only encrypted; its keyed hash
    finds a resident by the exact number; the masked form is kept for listings, which never
    decrypt."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="residents"
    )
    # The household's grid, kept beside it so the one permission policy scopes residents the
    # way it scopes every registry record (`grid__path`).
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    name = models.CharField(_("full name"), max_length=50, validators=[validate_visible_text])
    id_number_encrypted = models.TextField(_("encrypted ID number"), editable=False, blank=True)
    id_number_digest = models.CharField(
        _("ID number lookup hash"), max_length=64, editable=False, blank=True
    )
    # Only the year is kept beside the token: with the full birth date and the mask's last
    # four characters in clear, a copy of the table would give the number back.
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, editable=False
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, editable=False)
    phone = PhoneField(_("phone"), max_length=20, blank=True)
    relation = models.CharField(
        _("relation to the head"), max_length=20, choices=Relation.choices, default=Relation.HEAD
    )
    notes = models.TextField(_("notes"), blank=True)
    # The care ledger's clock, kept exact by services/ledger.py: the shortest visit cycle of the
    # resident's special groups today (None: not in the ledger), the last visit, and the day the
    # next visit is due. The due list and coverage read these instead of every visit.
    care_cycle_days = models.PositiveSmallIntegerField(
        _("visit cycle (days)"), null=True, editable=False
    )
    last_visited_on = models.DateField(_("last visited"), null=True, editable=False)
    next_visit_due = models.DateField(_("next visit due"), null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["household__grid__path", "household_id", "id"]
        indexes = [models.Index(fields=["next_visit_due", "grid"], name="care_resident_due")]
        constraints = [
            # One resident per ID number; residents without one (a newborn, a foreign
            # passport) are not compared.
            models.UniqueConstraint(
                fields=["id_number_digest"],
                condition=~models.Q(id_number_digest=""),
                name="care_resident_one_per_id_number",
            )
        ]

    def __str__(self):
        # Titles, breadcrumbs, choosers and log entries show 王**: whoever may see the name in
        # full sees it in the record's own fields.
        return self.masked_name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted) if self.id_number_encrypted else ""

    @id_number.setter
    def id_number(self, number: str) -> None:
        """A number already cleaned by `id_numbers.clean_id_number`, or "" for none."""
        if not number:
            self.id_number_encrypted = ""
            self.id_number_digest = ""
            self.birth_year = None
            self.sex = ""
            return
        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_digest = crypto.lookup_digest(number)
        self.birth_year = birth_date_of(number).year
        self.sex = sex_of(number)

    def masked_id_number(self) -> str:
        """4101**********1234, from the decrypted number: nothing of it is stored in clear."""
        return mask_id_number(self.id_number) if self.id_number_encrypted else ""

    def birth_date_from_id_number(self):
        return birth_date_of(self.id_number) if self.id_number_encrypted else None

    # Labelled like fields, for the admin's record pages and listings.
    masked_id_number.short_description = _("ID number")
    birth_date_from_id_number.short_description = _("birth date")
    id_number_masked = property(masked_id_number)
    birth_date = property(birth_date_from_id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    def save(self, *args, **kwargs):
        if self.household_id:
            self.grid_id = self.household.grid_id
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The ledger's clock belongs to services/ledger.py: a form or a script holding an
            # older copy of the resident must not write its stale clock back.
            kwargs["update_fields"] = [
                *(
                    field.name
                    for field in self._meta.concrete_fields
                    if not field.primary_key and field.name not in CLOCK_FIELDS
                ),
                "memberships",
            ]
        super().save(*args, **kwargs)
