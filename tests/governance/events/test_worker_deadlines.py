"""The demo's worker runs the deadlines pass on its own timer: no cron needed."""

from governance import periodic
from governance.management.commands import db_worker


def test_the_events_app_registers_its_deadlines_pass_with_the_worker(settings):
    settings.EVENT_DEADLINES_EVERY_SECONDS = 120
    job = next(job for job in periodic.jobs() if job.name == "event-deadlines")

    assert job.every() == 120


def test_worker__runs_each_job_when_due_and_survives_a_failing_one(monkeypatch):
    runs = []

    def broken():
        raise RuntimeError("database is locked")

    monkeypatch.setattr(
        periodic,
        "_JOBS",
        {
            "ok": periodic.PeriodicJob("ok", lambda: 60, lambda: runs.append("ok")),
            "broken": periodic.PeriodicJob("broken", lambda: 60, broken),
        },
    )
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    command = db_worker.Command()

    due = command.run_due_jobs({}, 1000.0)
    assert dict(due) == {"ok": 1060.0, "broken": 1060.0}
    command.run_due_jobs(due, 1030.0)  # not due yet
    due = command.run_due_jobs(due, 1060.0)

    assert runs == ["ok", "ok"]
    assert due == {"ok": 1120.0, "broken": 1120.0}
