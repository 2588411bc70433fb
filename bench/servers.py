"""The site and the bare hello project under gunicorn, as production serves them, for the
benchmarks that measure over real HTTP (bench/http.py, bench/city.py).

The site runs with production settings (bench/site_settings.py) on the benchmark's PostgreSQL
database and a Redis database of its own (BENCH_REDIS_URL, emptied at the start of a run). Saves
that must invalidate what gunicorn caches go through a writer process with the same settings
(bench/writer.py), so their version bumps land in the same Redis."""

import contextlib
import http.client
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", "2"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# Collected once and kept: collectstatic skips unchanged files on the next run.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", PROJECT_DIR / "var" / "bench-static"))


def missing_tools() -> str:
    """Why the HTTP benchmarks cannot run here, or "" when they can."""
    if importlib.util.find_spec("gunicorn") is None:
        return "gunicorn is not installed"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # any failure means no usable Redis
        return f"no Redis at {REDIS_URL} ({error})"
    return ""


def empty_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def site_environment(database_url: str, personal_data_key: str) -> dict[str, str]:
    """The environment production needs, pointed at the benchmark's database and Redis."""
    scratch = tempfile.mkdtemp(prefix="civicgrid-http-")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.site_settings",
        "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR / "site"), str(PROJECT_DIR)]),
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "PERSONAL_DATA_KEY": personal_data_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        # Served as plain http on the loopback: no redirect to https.
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(STATIC_ROOT),
        "MEDIA_ROOT": f"{scratch}/media",
        "PRIVATE_MEDIA_ROOT": f"{scratch}/private",
    }


def collect_static(environment: dict[str, str]) -> None:
    """ManifestStaticFilesStorage answers 500 for any {% static %} missing from its manifest."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=PROJECT_DIR,
        env=environment,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(base_url: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """One anonymous GET: no cookies, no Authorization."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(wsgi: str, environment: dict[str, str], *, ready_path: str = "/"):
    """Serves `wsgi` with WORKERS sync workers on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            wsgi,
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=PROJECT_DIR,
        env=environment,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(process, base_url, ready_path)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_ready(process: subprocess.Popen, base_url: str, path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            get(base_url, path)
        except OSError:
            time.sleep(0.2)
            continue
        # Any answer will do: /healthz says 503 while the demo's queued tasks wait for a worker.
        return
    raise RuntimeError(f"{base_url} did not answer within 60 s")


class Writer:
    """A process with the site's settings that saves records on request (bench/writer.py)."""

    def __init__(self, environment: dict[str, str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.writer"],
            cwd=PROJECT_DIR,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def save_person_in(self, code: str) -> None:
        """Saves one person of the subtree at `code`, as an editor's save in the admin would."""
        self.process.stdin.write(f"save-person {code}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"writer: {answer or 'exited'}")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()
