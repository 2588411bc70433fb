from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
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
            raise CommandError(f"没有用户名为 {username} 的用户") from None
        remove_two_factor(user)
        log(user, "civicgrid.two_factor.disable")
        self.stdout.write(f"已关闭 {username} 的两步验证;该用户下次登录只需密码。")
