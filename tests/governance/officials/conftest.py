import pytest

from governance.officials.services import workflow
from tests.governance.officials.evaluation_world import TODAY, build_evaluation_world


@pytest.fixture
def evaluation(db, monkeypatch):
    """Young officials scored over 2026-Q3; the officials' clock at 15 October 2026."""
    monkeypatch.setattr(workflow, "today", lambda: TODAY)
    return build_evaluation_world()
