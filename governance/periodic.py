"""Work the background worker repeats on a timer, declared by the apps that own it.

Production may run the same work from cron instead (each job is also a management command);
the demo's `db_worker` runs every registered job in a thread, so `make demo` needs no cron.
The core knows no app: an app registers its job in its AppConfig.ready.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    #: seconds between two runs, read at each run so a changed setting applies at once
    every: Callable[[], float]
    run: Callable[[], object]


_JOBS: dict[str, PeriodicJob] = {}


def register(job: PeriodicJob) -> PeriodicJob:
    _JOBS[job.name] = job
    return job


def jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())
