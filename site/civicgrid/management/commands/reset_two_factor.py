from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civicgrid.security.two_factor.policy import remove_two_factor


class Command(BaseCommand):
    help = "Remove a user's authenticator and backup codes (phone lost, no backup codes left)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(_("No such user: %(name)s") % {"name": username}) from None
        remove_two_factor(user)
        log(user, "civicgrid.two_factor.disable")
        self.stdout.write(
            _("Two-step verification is off for %(name)s: the password alone signs in next time.")
            % {"name": username}
        )
