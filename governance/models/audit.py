"""The registry's audit trail: Wagtail's log entries plus the grid path of the record.

Keeping the path on the entry lets the site-wide log be filtered by node and scoped to the
reader's subtree, even for records that have since been deleted.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from governance.permissions import VIEW, grid_path_of, scope_for


class RegistryLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), grid_path=grid_path_of(instance) or "")
        return super().log_action(instance, action, **kwargs)

    def log_many(self, instances, action, *, user=None, uuid=None, data_of=None) -> int:
        """Entries for many records in one statement: an import writes tens of thousands of rows,
        and building a model instance per entry for bulk_create took longer than the import's
        own writes. Values common to all entries are prepared for the database once."""
        instances = list(instances)
        if not instances:
            return 0
        connection = connections[self.db]
        content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=False)
        common = {
            "content_type_id": content_type.pk,
            "action": action,
            "timestamp": timezone.now(),
            "user_id": user.pk if user is not None else None,
            "uuid": uuid,
        }
        fields = [f for f in self.model._meta.concrete_fields if not f.primary_key]
        prepared = {
            f.attname: f.get_db_prep_save(common.get(f.attname, f.get_default()), connection)
            for f in fields
        }
        data_field = self.model._meta.get_field("data")

        def row(instance):
            values = {
                "label": self.get_instance_title(instance)[:255],
                "object_id": str(instance.pk),
                "grid_path": grid_path_of(instance) or "",
                "data": data_field.get_db_prep_save(
                    data_of(instance) if data_of is not None else {}, connection
                ),
            }
            return [values.get(f.attname, prepared[f.attname]) for f in fields]

        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(self.model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [row(instance) for instance in instances])
        return len(instances)

    def viewable_by_user(self, user):
        """Wagtail's site history asks this: entries of the user's subtrees only."""
        return scope_for(user).restrict(self.all(), VIEW, path_field="grid_path")

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )


class RegistryLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    grid_path = models.CharField(_("grid path"), max_length=255, blank=True, db_index=True)

    objects = RegistryLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("registry log entry")
        verbose_name_plural = _("registry log entries")

    def __str__(self):
        return f"RegistryLogEntry {self.pk}: {self.action} on {self.object_verbose_name}"

    @property
    def changes(self) -> dict:
        return (self.data or {}).get("changes", {})
