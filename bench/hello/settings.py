"""A bare Django project: the baseline of the HTTP benchmark (no middleware, no database, no
templates). It answers what Django itself costs per request under the same gunicorn."""

SECRET_KEY = "bench-hello-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.hello.urls"
WSGI_APPLICATION = "bench.hello.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
