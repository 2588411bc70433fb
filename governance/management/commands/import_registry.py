from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance import registry_types
from governance.services.imports import registry_import
from governance.spreadsheets.reading import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Imports a registry spreadsheet (.xlsx or .csv; boundaries: .geojson, .json or .kml). "
        "The file applies whole or not at all; "
        "rejected rows are printed and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", choices=registry_types.keys())
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--user",
            help="import with this user's rights (default: the operator, unrestricted)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No such user: %(name)s") % {"name": options["user"]})
        try:
            files = registry_types.get(options["type"]).files
            sheet = files.read(path.read_bytes(), path.name)
            report = registry_import(
                type_key=options["type"],
                sheet=sheet,
                user=user,
                dry_run=options["dry_run"],
                progress=lambda done: self.stderr.write(
                    _("… %(count)d rows") % {"count": done}, ending="\r"
                ),
            )
        except (SpreadsheetError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        for line in report.warnings:
            self.stderr.write(self.style.WARNING(line))
        if files.by_feature:
            summary = _(
                "%(total)d features: %(new)d new, %(updated)d updated, %(unchanged)d "
                "unchanged, %(errors)d with errors"
            )
        else:
            summary = _(
                "%(total)d rows: %(new)d new, %(updated)d updated, %(unchanged)d unchanged, "
                "%(errors)d with errors"
            )
        summary %= {
            "total": report.total,
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": report.error_rows,
        }
        if not report.ok:
            for line in report.lines():
                self.stderr.write(line)
            raise CommandError(
                _("File rejected, nothing written. %(summary)s") % {"summary": summary}
            )
        if options["dry_run"]:
            done = _("Check passed (nothing written): %(summary)s")
        else:
            done = _("Import finished: %(summary)s")
        self.stdout.write(self.style.SUCCESS(done % {"summary": summary}))
