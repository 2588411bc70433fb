"""WSGI entry point: `gunicorn --pythonpath site civicgrid.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings.production")

django_application = get_wsgi_application()

# Imported once Django is set up: the cache reads the apps' query parameters and settings.
from civicgrid.response_cache import FrontCache  # noqa: E402

# Warm answers for anonymous readers leave before Django builds a request; everything else
# goes on to Django, where the response cache is the first middleware.
application = FrontCache(django_application)
