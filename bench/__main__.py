"""`make bench`: builds throwaway databases and runs every benchmark.

SQLite benchmarks run on a temporary file seeded with the demo data. Benchmarks that declare
NEEDS = "postgresql" run in a throwaway PostgreSQL database created through BENCH_PG_URL
(default postgres://postgres@127.0.0.1:5432/postgres); they are skipped with a note when no server
answers. `python -m bench home rollup` (or BENCH_ONLY=home,rollup) picks benchmarks by module
name; it may also name one that `make bench` leaves out (OPT_IN, e.g. `python -m bench city`).
"""

import importlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCHMARKS = [
    "home",
    "pages",
    "api",
    "imports",
    "hostile_files",
    "reports",
    "rollup",
    "event_figures",
    "event_inbox",
    "care",
    "locate",
    "http",
    "search",
]
# Run only when named: the simulated city takes many minutes and gigabytes (make bench-city).
OPT_IN = ["city"]
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def selected() -> list[str]:
    only = sys.argv[1:] or [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    unknown = set(only) - {*BENCHMARKS, *OPT_IN}
    if unknown:
        raise SystemExit(f"unknown benchmark: {', '.join(sorted(unknown))}")
    return [
        name for name in [*BENCHMARKS, *OPT_IN] if name in only or (not only and name in BENCHMARKS)
    ]


def needs(name: str) -> str:
    source = (PROJECT_DIR / "bench" / f"{name}.py").read_text()
    return "postgresql" if 'NEEDS = "postgresql"' in source else "sqlite"


def run_in_this_process(names: list[str], database_url: str, seed: bool) -> None:
    sys.path[:0] = [str(PROJECT_DIR / "site"), str(PROJECT_DIR)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0, interactive=False)
    if seed:
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").run()


def run_on_postgres(names: list[str]) -> None:
    import psycopg

    database = f"civicgrid_bench_{os.getpid()}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        print(f"== {', '.join(names)}: skipped, no PostgreSQL at {PG_ADMIN_URL} ({error})")
        return
    admin.execute(f"CREATE DATABASE {database}")
    try:
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
        env = {**os.environ, "BENCH_CHILD_URL": url, "BENCH_ONLY": ",".join(names)}
        subprocess.run([sys.executable, "-m", "bench"], env=env, check=True)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.close()


def main() -> int:
    names = selected()
    child_url = os.environ.get("BENCH_CHILD_URL")
    if child_url:
        run_in_this_process(names, child_url, seed=bool(os.environ.get("BENCH_SEED")))
        return 0
    sqlite_names = [name for name in names if needs(name) == "sqlite"]
    postgres_names = [name for name in names if needs(name) == "postgresql"]
    if sqlite_names:
        workdir = tempfile.mkdtemp(prefix="civicgrid-bench-")
        # Each group runs in its own process: Django's settings are fixed once per process.
        env = {**os.environ, "BENCH_CHILD_URL": f"sqlite:///{workdir}/bench.sqlite3"}
        env["BENCH_ONLY"] = ",".join(sqlite_names)
        env["BENCH_SEED"] = "1"
        subprocess.run([sys.executable, "-m", "bench"], env=env, check=True)
    if postgres_names:
        run_on_postgres(postgres_names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
