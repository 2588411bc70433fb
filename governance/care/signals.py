"""Keeping the ledger's clock exact and erasing a resident's words with them."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from governance.care.models import CareGroup, CareMembership, Resident, Visit
from governance.care.services import ledger
from governance.models import RegistryLogEntry


def membership_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        ledger.refresh([instance.resident_id])


def visit_changed(sender, instance, **kwargs):
    if instance.resident_id and not kwargs.get("raw"):
        ledger.refresh([instance.resident_id])


def group_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        ledger.refresh(instance.caremembership_set.values_list("resident_id", flat=True))


def erase_visit_words(sender, instance, **kwargs):
    """A resident erased for good takes what was said at their visits along; the visits stay,
    anonymous, so past months' 走访人次 do not change."""
    Visit.objects.filter(resident=instance).update(findings="", needs="")


def erase_audit_words(sender, instance, **kwargs):
    """The audit trail keeps that a resident's record was made, changed and deleted, but no
    longer whose: the entries' titles and changed values go with the record."""
    # Read now: Django clears the instance's pk once the delete is done.
    resident_id = str(instance.pk)
    transaction.on_commit(
        lambda: RegistryLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Resident), object_id=resident_id
        ).update(label=f"#{resident_id}", data={})
    )


def connect() -> None:
    post_save.connect(membership_changed, sender=CareMembership, dispatch_uid="care-membership")
    post_delete.connect(membership_changed, sender=CareMembership, dispatch_uid="care-membership-d")
    post_save.connect(visit_changed, sender=Visit, dispatch_uid="care-visit")
    post_delete.connect(visit_changed, sender=Visit, dispatch_uid="care-visit-d")
    post_save.connect(group_changed, sender=CareGroup, dispatch_uid="care-group")
    pre_delete.connect(erase_visit_words, sender=Resident, dispatch_uid="care-erase")
    post_delete.connect(erase_audit_words, sender=Resident, dispatch_uid="care-erase-audit")
