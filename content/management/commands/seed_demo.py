import logging
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from content.demo import seed_pages
from governance.care.demo import seed_care
from governance.demo import seed_demo_users, seed_registry
from governance.events.demo import seed_events
from governance.officials.demo import seed_officials
from governance.officials.demo_lists import seed_responsibility_lists
from governance.resident_reports.demo import seed_resident_reports

# Saving pages and records queues their search-index and reference-index updates for the
# background worker. The demo runs them as it goes, so it is complete and searchable even
# before a worker starts (the worker still runs everything queued later).
RUN_TASKS_INLINE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Command(BaseCommand):
    help = "Builds the demo: places from the seed reports, fictional people, pages (idempotent)."

    @override_settings(TASKS=RUN_TASKS_INLINE)
    @transaction.atomic
    def handle(self, *args, **options):
        # Wagtail logs every page it creates ("Page created: …"): a screenful of English here.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        counts = seed_registry(today=timezone.localdate())
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "changeme")
        admin, _created = get_user_model().objects.get_or_create(
            username="admin",
            defaults={"email": "admin@example.com", "first_name": "演示管理员"},
        )
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.set_password(password)
        admin.save()
        demo_users = seed_demo_users(password)
        counts["events"] = seed_events(now=timezone.now(), password=password, admin=admin)
        counts["resident_reports"] = seed_resident_reports(now=timezone.now())
        counts["residents"] = seed_care(now=timezone.now())
        counts["responsibility_items"] = seed_responsibility_lists()
        counts["young_officials"] = seed_officials(now=timezone.now())
        seed_pages(timezone.localdate())
        summary = "，".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{summary}"))
        self.stdout.write(f"演示管理员：admin / {password}")
        self.stdout.write(f"按角色的演示用户（密码相同）：{'、'.join(demo_users)}")
