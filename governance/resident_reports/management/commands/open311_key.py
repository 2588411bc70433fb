"""python manage.py open311_key <client name>: a new Open311 client; its key on the last line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance.resident_reports.services.clients import open311_client_create


class Command(BaseCommand):
    help = "Creates an Open311 client and prints its api_key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client's name, e.g. 郑好办小程序")

    def handle(self, *args, name, **options):
        try:
            client, key = open311_client_create(name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("Open311 client “%(name)s” created. Its key is shown only this once:")
            % {"name": client.name}
        )
        self.stdout.write(key)
