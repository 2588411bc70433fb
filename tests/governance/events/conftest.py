import datetime

import pytest
from django.utils import timezone

from governance.events.services import workflow


class Clock:
    """The workflow's clock, held still and moved by hand."""

    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at

    def advance(self, **delta):
        self.at += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    # A Monday in an ordinary working week (2026-11-23).
    fixed = Clock(timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 0)))
    monkeypatch.setattr(workflow, "now", fixed)
    return fixed
