"""`gunicorn bench.hello.wsgi`: the bare baseline served like the site."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.hello.settings")

application = get_wsgi_application()
