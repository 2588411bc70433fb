from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from governance.groups import ensure_staff_groups


class Command(BaseCommand):
    help = "Creates the staff groups and their permissions (also done by every migrate)."

    def handle(self, *args, **options):
        groups = ensure_staff_groups()
        self.stdout.write(
            _("Staff groups ready: %(names)s") % {"names": "、".join(g.name for g in groups)}
        )
