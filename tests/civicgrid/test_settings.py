import json
import os
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
PERSONAL_DATA_KEY = "L9GgmPKp5qg7SMf91j05SzmVD9CICyot1zM4AmGtLlM="


def run(args, **env):
    return subprocess.run(
        args,
        cwd=PROJECT_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ui_is_chinese_in_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_import_site__is_still_the_standard_library_module():
    result = run([sys.executable, "-c", "import site, sys; print(site.__file__)"])

    assert result.returncode == 0
    assert str(PROJECT_DIR) not in result.stdout
    assert "site.py" in result.stdout


def test_production_profile__check_deploy_prints_no_warnings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="civicgrid.settings.production",
        SECRET_KEY="x7!" + "k" * 60 + "Qz#9",
        PERSONAL_DATA_KEY=PERSONAL_DATA_KEY,
        ALLOWED_HOSTS="grid.example.cn",
        DATABASE_URL=f"sqlite:///{PROJECT_DIR / 'unused-check.sqlite3'}",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_production_profile__refuses_to_start_without_secret_key():
    result = run(
        [sys.executable, "manage.py", "check"],
        DJANGO_SETTINGS_MODULE="civicgrid.settings.production",
        SECRET_KEY="",
        PERSONAL_DATA_KEY=PERSONAL_DATA_KEY,
        ALLOWED_HOSTS="grid.example.cn",
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_without_redis__the_default_cache_counts_atomically():
    """Sign-in counts are shared by web processes and the worker: the cache must not lose any."""
    result = run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        DJANGO_SETTINGS_MODULE="civicgrid.settings.dev",
        REDIS_URL="",
    )

    assert result.stdout.strip().splitlines()[-1] == "civicgrid.cache.FileBasedCache"


def test_production_profile__the_documented_gunicorn_command_serves_the_site(tmp_path):
    """The README serves with gunicorn: it must be installed by the project's own dependencies."""
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    assert any(name.startswith("gunicorn") for name in project["dependencies"])

    server = subprocess.Popen(
        [
            Path(sys.executable).parent / "gunicorn",
            "--pythonpath",
            "site",
            "civicgrid.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--no-control-socket",
        ],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "civicgrid.settings.production",
            "SECRET_KEY": "x7!" + "k" * 60 + "Qz#9",
            "PERSONAL_DATA_KEY": PERSONAL_DATA_KEY,
            "ALLOWED_HOSTS": "grid.example.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        },
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        address = next(
            line.split("Listening at: ")[1].split()[0]
            for line in server.stderr
            if "Listening at: " in line
        )
        request = urllib.request.Request(
            f"{address}/healthz",
            headers={"Host": "grid.example.cn", "X-Forwarded-Proto": "https"},
        )
        try:
            response = urllib.request.urlopen(request, timeout=60)
        except urllib.error.HTTPError as refused:  # the empty database has no task queue
            response = refused
        body = json.loads(response.read())
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert response.headers["Server"] == "gunicorn"
    assert body["database"] == "ok"
