from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance import registry_types
from governance.models import Grid
from governance.services.exports import registry_export, render


class Command(BaseCommand):
    help = (
        "Exports a registry type to .xlsx or .csv (boundaries: .geojson), by the file's extension."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", choices=registry_types.keys())
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="export what this user may see (default: everything, unmasked)"
        )
        parser.add_argument(
            "--reason", default="", help="why (required for types holding personal data)"
        )
        parser.add_argument("--within", help="only the subtree of the grid with this code")

    def handle(self, *args, **options):
        path = Path(options["file"])
        file_format = path.suffix.lower().lstrip(".")
        registry_type = registry_types.get(options["type"])
        formats = registry_type.files.export_formats
        if file_format not in formats:
            raise CommandError(
                _("The file name must end in %(suffixes)s.")
                % {"suffixes": "、".join(f".{name}" for name in formats)}
            )
        within = None
        if options["within"]:
            within = Grid.objects.filter(code=options["within"]).first()
            if within is None:
                raise CommandError(
                    _("No grid has the code %(code)s.") % {"code": options["within"]}
                )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No such user: %(name)s") % {"name": options["user"]})
        reason = (options["reason"] or "").strip()
        if registry_type.asks_reason and not reason:
            raise CommandError(
                _("Exporting %(label)s asks for a reason: give --reason.")
                % {"label": registry_type.label}
            )
        if len(reason) > 200:
            raise CommandError(_("The reason may have at most 200 characters."))
        try:
            dataset = registry_export(type_key=options["type"], user=user, within=within)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        label = registry_type.label
        path.write_bytes(render(dataset, file_format, sheet_title=label))
        if registry_type.on_export is not None:
            registry_type.on_export(user, registry_type, len(dataset), reason)
        self.stdout.write(
            self.style.SUCCESS(
                _("Exported %(count)d rows to %(path)s") % {"count": len(dataset), "path": path}
            )
        )
