"""WSGI entry point: `gunicorn --pythonpath site civicgrid.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings.production")

application = get_wsgi_application()
