from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from governance.resources.registry import RESOURCES, TYPE_LABELS
from governance.services.exports import registry_export, render


class Command(BaseCommand):
    help = "Exports a registry type to .xlsx or .csv (by the file's extension)."

    def add_arguments(self, parser):
        parser.add_argument("type", choices=sorted(RESOURCES))
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="export what this user may see (default: everything, unmasked)"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in {"xlsx", "csv"}:
            raise CommandError("文件名须以 .xlsx 或 .csv 结尾")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"用户不存在：{options['user']}")
        dataset = registry_export(type_key=options["type"], user=user)
        path.write_bytes(render(dataset, file_format, sheet_title=TYPE_LABELS[options["type"]]))
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(dataset)} 行到 {path}"))
