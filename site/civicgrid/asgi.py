"""ASGI entry point: `uvicorn --app-dir site civicgrid.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings.production")

application = get_asgi_application()
