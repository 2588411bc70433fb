"""The default scoring rules the data migration writes, as data an administrator edits."""

from decimal import Decimal

import pytest

from governance.officials.defaults import add_default_rules
from governance.officials.models import ScoreBasis, ScoringRule

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_the_default_rules():
    rules = {
        rule.name: (rule.basis, rule.points, rule.monthly_cap, rule.is_active)
        for rule in ScoringRule.objects.all()
    }

    assert rules == {
        "走访": (ScoreBasis.VISIT, Decimal("2"), Decimal("20"), True),
        "收集需求": (ScoreBasis.NEED, Decimal("3"), Decimal("30"), True),
        "按期办结任务": (ScoreBasis.TASK_ON_TIME, Decimal("5"), None, True),
        "项目节点": (ScoreBasis.MILESTONE, Decimal("4"), None, True),
        "六员履职": (ScoreBasis.DUTY, Decimal("1"), Decimal("10"), True),
        "群众评价": (ScoreBasis.MANUAL, Decimal("10"), None, True),
        "工作实绩": (ScoreBasis.MANUAL, Decimal("20"), None, True),
    }
    assert [rule.name for rule in ScoringRule.objects.all()][:2] == ["走访", "收集需求"]


def test_the_defaults_never_overwrite_an_administrators_rules():
    ScoringRule.objects.all().delete()
    ScoringRule.objects.create(name="入户走访", basis=ScoreBasis.VISIT, points=Decimal("1"))

    assert add_default_rules(ScoringRule) == 0
    assert list(ScoringRule.objects.values_list("name", flat=True)) == ["入户走访"]


def test_the_defaults_come_back_into_an_empty_table():
    ScoringRule.objects.all().delete()

    assert add_default_rules(ScoringRule) == 7
    assert ScoringRule.objects.filter(basis=ScoreBasis.MANUAL).count() == 2
