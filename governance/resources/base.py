"""The shared machinery of registry spreadsheets: natural keys, cached lookups, duplicate rows,
unchanged-row detection, row validation and the audit trail, all without a query per row."""

import dataclasses
import hashlib
from uuid import UUID, uuid4

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader

from governance.audit import PERSONAL_FIELDS, display_value
from governance.models import Grid, RegistryLogEntry
from governance.permissions import EXPORT, IMPORT, scope_for
from governance.resources.results import LeanResult
from governance.resources.widgets import LookupWidget
from governance.spreadsheets.cells import normalise_text, unneutralise
from governance.versioning import bump_for_records, bump_subtrees, stored_paths

# import-export numbers data rows from 1; in the sheet the titles take row 1.
HEADER_ROWS = 1
PROGRESS_EVERY = 500
# The log action of every row an import writes; the audit log's filter offers it as "Imported".
IMPORT_ACTION = "civicgrid.import"
# How many rows of each kind the preview shows with their changed cells.
SAMPLES_PER_KIND = 5


def key_text(value) -> str:
    """A natural-key cell as the widgets will clean it (so exported keys match on re-import)."""
    return unneutralise(normalise_text(value))


def sheet_row(row_number: int) -> int:
    return row_number + HEADER_ROWS


@dataclasses.dataclass
class ImportAudit:
    """The import job a real import's log entries name; one uuid groups them as one action."""

    user: object = None
    job_id: int | None = None
    file_name: str = ""
    uuid: UUID = dataclasses.field(default_factory=uuid4)

    def entry_data(self, created: bool, changes: dict) -> dict:
        data = {"import_job": self.job_id, "file": self.file_name, "created": created}
        if changes:
            data["changes"] = changes
        return data


class NaturalKeyLoader(BaseInstanceLoader):
    """Finds the existing records of a whole file in one query, keyed as clerks know them."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = resource.existing_by_key(dataset) if dataset is not None else {}

    def get_instance(self, row):
        return self.instances.get(self.resource.key_of(row))


class RegistryResource(resources.ModelResource):
    #: resource field names that identify a record (its natural key)
    key_fields: tuple[str, ...] = ()
    #: model attributes compared to tell an unchanged row, and written by bulk updates
    compared_attributes: tuple[str, ...] = ()
    #: attributes clean_fields skips: foreign keys from cached lookups (checking them would
    #: query per row) and values check_instance derives
    unchecked_attributes: tuple[str, ...] = ()
    #: rows imported at a time (None: the whole file at once); what a file keeps across its
    #: chunks is set up once by start_file
    rows_per_chunk: int | None = 2000

    class Meta:
        use_bulk = True
        batch_size = 2000
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = False
        instance_loader_class = NaturalKeyLoader

    def __init__(self, *, user=None):
        super().__init__()
        self.user = user
        self.scope = scope_for(user) if user is not None else None
        self.lookups: dict[str, dict] = {}
        self.keyed_row, self.row_key_found = None, ()
        self.import_fields = None
        self.widget_checked: frozenset[str] | None = None
        self.first_row_of_key: dict[bytes, int] = {}
        #: the numbers (among the rows under the titles) of the chunk's rows, by position
        self.row_numbers: list[int] = []
        #: the file's dry run: import-export's own flag is per chunk and always off, for the
        #: rows of earlier chunks to stay visible to later ones; registry_import rolls back
        self.dry_run = False
        self.progress = None  # callable(rows_done) for long imports
        self.audit: ImportAudit | None = None  # set when the import writes
        self.samples: dict[str, list[dict]] = {"new": [], "updated": []}
        self.unlogged: list = []  # rows saved one by one (no bulk), logged in batches
        #: about the file as a whole, found while importing; they do not reject it
        self.warnings: list[str] = []
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.resource = self

    # -- who may touch which grids -------------------------------------------------------------
    def grids_for(self, action) -> "Grid.objects":
        grids = Grid.objects.all()
        if self.scope is None:
            return grids
        return self.scope.restrict(grids, action, path_field="path")

    def restrict(self, queryset, action=EXPORT):
        if self.scope is None:
            return queryset
        path_field = "path" if queryset.model is Grid else "grid__path"
        return self.scope.restrict(queryset, action, path_field=path_field)

    def import_grids_by_code(self) -> dict[str, Grid]:
        return {
            grid.code: grid for grid in self.grids_for(IMPORT).only("id", "code", "path", "name")
        }

    # -- hooks for each type -------------------------------------------------------------------
    def column_help(self) -> dict[str, str]:
        """Notes for the template's 填写说明 beyond the shared ones, by column title (a data
        format, so written in Chinese)."""
        return {}

    def load_lookups(self) -> dict[str, dict]:
        """Lookups for the whole file, loaded once."""
        return {}

    def place_of(self, row_number: int) -> str:
        """How the report names a row that is not a spreadsheet row (a map file's feature);
        "" for spreadsheets, whose rows are named by number."""
        return ""

    def row_key(self, row) -> tuple:
        return tuple(key_text(row.get(self.fields[name].column_name)) for name in self.key_fields)

    def key_of(self, row) -> tuple:
        """`row_key`, worked out once per row: the duplicate check and the loader both ask."""
        if self.keyed_row is not row:
            self.keyed_row, self.row_key_found = row, self.row_key(row)
        return self.row_key_found

    def instance_key(self, instance) -> tuple:
        raise NotImplementedError

    def existing_queryset(self, dataset):
        raise NotImplementedError

    def check_instance(self, instance, new: bool) -> None:
        """Extra rules for one row; raise ValidationError with a field-keyed dict."""

    def export_queryset(self):
        raise NotImplementedError

    # -- import-export hooks -------------------------------------------------------------------
    def get_result_class(self):
        return LeanResult

    def get_import_fields(self):
        # Asked for every row; the columns are the same for the whole file.
        if self.import_fields is None:
            self.import_fields = super().get_import_fields()
        return self.import_fields

    def get_import_id_fields(self):
        return list(self.key_fields)

    def existing_by_key(self, dataset) -> dict[tuple, object]:
        return {self.instance_key(obj): obj for obj in self.existing_queryset(dataset)}

    def start_file(self, *, dry_run: bool) -> None:
        """Once per file, before its first chunk."""
        self.dry_run = dry_run
        self.lookups = self.load_lookups()
        self.first_row_of_key = {}
        model = self._meta.model
        self.last_pk_before_file = (
            model.objects.order_by("-pk").values_list("pk", flat=True).first()
        )

    def known(self, queryset):
        """`queryset`'s records that existed before this file. A later chunk's row with the key
        of a record an earlier chunk wrote is a duplicate anyway; loading those records again
        would make every chunk slower and larger than the last."""
        if self.last_pk_before_file is None:
            return queryset.none()
        return queryset.filter(pk__lte=self.last_pk_before_file)

    def import_chunk(self, chunk):
        """Imports one chunk of the file; the caller holds the file's transaction and rolls it
        back on a dry run or any problem."""
        self.row_numbers = chunk.numbers
        return self.import_data(
            chunk.dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )

    def import_row(self, row, instance_loader, **kwargs):
        # The hooks see the row's number in the file, not in its chunk.
        kwargs["row_number"] = self.row_numbers[kwargs["row_number"] - 1]
        return super().import_row(row, instance_loader, **kwargs)

    def first_row_with(self, key: tuple, row_number: int) -> int:
        """The first row of the file with the natural key `key`, kept across chunks. Keys are
        kept as 16-byte digests: the keys themselves would be the largest thing a city-wide
        file leaves in memory."""
        digest = hashlib.blake2b(repr(key).encode(), digest_size=16).digest()
        return self.first_row_of_key.setdefault(digest, row_number)

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self.key_of(row)
        first = self.first_row_with(key, row_number)
        if first != row_number:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "Duplicate of row %(row)d: the same record appears twice in the file."
                    )
                    % {"row": sheet_row(first)}
                }
            )

    def after_import_row(self, row, row_result, row_number=None, **kwargs):
        if self.progress is not None and row_number and row_number % PROGRESS_EVERY == 0:
            self.progress(row_number)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._import_snapshot = self.snapshot(instance)
            # The related records as loaded, so a change can name what it replaced for free.
            instance._import_related = dict(instance._state.fields_cache)

    def snapshot(self, instance) -> tuple:
        return tuple(getattr(instance, name) for name in self.compared_attributes)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        before = getattr(instance, "_import_snapshot", None)
        return before is not None and before == self.snapshot(instance)

    def checked_by_widgets(self) -> frozenset[str]:
        """Attributes whose widget already held the value to its model field's rules
        (`holds_rules_of`): clean_fields checked a person's phone twice more per row."""
        if self.widget_checked is None:
            model_fields = {field.name: field for field in self._meta.model._meta.fields}
            self.widget_checked = frozenset(
                field.attribute
                for field in self.fields.values()
                if not field.readonly
                and field.attribute in model_fields
                and hasattr(field.widget, "holds_rules_of")
                and field.widget.holds_rules_of(model_fields[field.attribute])
            )
        return self.widget_checked

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=False):
        errors = dict(import_validation_errors or {})
        exclude = {*errors, *self.unchecked_attributes, *self.checked_by_widgets()}
        exclude.update(("path", "depth", "numchild"))
        new = instance._state.adding
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            try:
                self.check_instance(instance, new)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if hasattr(instance, "updated_at"):
            instance.updated_at = timezone.now()

    def changed_cells(self, instance) -> dict[str, list[str]]:
        """{column: [before, after]} for the cells a row changes in an existing record; personal
        values only as "changed", as in the admin's edit log."""
        before = getattr(instance, "_import_snapshot", None)
        if before is None:
            return {}
        related = getattr(instance, "_import_related", {})
        changes = {}
        after = self.snapshot(instance)
        # A type's snapshot may end with more than its attributes (a service point's amenities).
        for name, old, new in zip(self.compared_attributes, before, after, strict=False):
            if old == new:
                continue
            attribute = name.removesuffix("_id")
            if attribute != name:
                old, new = related.get(attribute, old), getattr(instance, attribute)
            column = self.column_of(attribute)
            if attribute in PERSONAL_FIELDS:
                changes[column] = [_("(hidden)"), _("(changed)")]
                continue
            choices = dict(instance._meta.get_field(attribute).flatchoices)
            changes[column] = [
                display_value(choices.get(old, old)),
                display_value(choices.get(new, new)),
            ]
        return changes

    def keep_sample(self, instance, new: bool, row_number) -> None:
        kept = self.samples["new" if new else "updated"]
        if len(kept) < SAMPLES_PER_KIND:
            kept.append(
                {
                    "row": sheet_row(row_number or 0),
                    "place": self.place_of(row_number) if row_number else "",
                    "record": str(instance),
                    "changes": getattr(instance, "_import_changes", {}),
                }
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create:
            instance._import_changes = self.changed_cells(instance)
        self.keep_sample(instance, is_create, kwargs.get("row_number"))
        super().save_instance(instance, is_create, row, **kwargs)
        if self.audit is not None and not self._meta.use_bulk:
            self.unlogged.append(instance)
            if len(self.unlogged) >= self._meta.batch_size:
                self.log_unlogged()

    def log_writes(self, instances) -> None:
        """One log entry per written row, inserted in bulk (a query per row would double the
        import's time)."""
        written = [instance for instance in instances if instance.pk is not None]
        if self.audit is None or not written:
            return
        audit = self.audit
        RegistryLogEntry.objects.log_many(
            written,
            IMPORT_ACTION,
            user=audit.user,
            uuid=audit.uuid,
            data_of=lambda instance: audit.entry_data(
                not hasattr(instance, "_import_snapshot"),
                getattr(instance, "_import_changes", {}),
            ),
        )

    def log_unlogged(self) -> None:
        self.log_writes(self.unlogged)
        self.unlogged = []

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        batch = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        self.log_writes(batch)
        if not self.dry_run:
            bump_for_records(self._meta.model, batch)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        batch = list(self.update_instances)
        model = self._meta.model
        if not self.dry_run:
            # Where the rows were before: a record moved to another grid leaves that one too.
            bump_subtrees(stored_paths(model, [record.pk for record in batch]))
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        self.log_writes(batch)
        if not self.dry_run:
            bump_for_records(model, batch)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        self.log_unlogged()

    def get_bulk_update_fields(self):
        fields = list(self.compared_attributes)
        if hasattr(self._meta.model, "updated_at"):
            fields.append("updated_at")
        return fields

    def column_of(self, attribute: str) -> str:
        if attribute == NON_FIELD_ERRORS:
            return ""
        for field in self.fields.values():
            if field.attribute == attribute and not field.readonly:
                return field.column_name
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    @property
    def required_columns(self) -> list[str]:
        return [self.fields[name].column_name for name in self.key_fields]

    @property
    def known_columns(self) -> list[str]:
        return [field.column_name for field in self.fields.values()]

    @property
    def imported_columns(self) -> set[str]:
        """Columns whose cells the import reads (read-only ones are there for people)."""
        return {field.column_name for field in self.fields.values() if not field.readonly}

    def export_rows(self, queryset=None):
        return self.export(queryset if queryset is not None else self.export_queryset())
