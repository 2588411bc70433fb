"""Scores computed from the records under the rules in force (models/scoring.py says how).

One grouped query per kind of record covers every official of a leaderboard at once, so a
street's board costs the same handful of queries whether it ranks five officials or five
hundred. What counts, per basis:
- a visit: a care visit recorded under the official's sign-in account;
- a need: a need the official collected, unless it was merged into another (a duplicate) or
  declined (an editor, not the official, triages);
- a task on time: a task the official owns, done on or before its deadline, in the month done;
- a milestone: a milestone reached in a project the official claimed;
- a six-duty entry: an entry of the official's log (of the rule's duty, when it names one);
- an assessor's item: the marks given for the month, never above the rule's points.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from governance.care.models import Visit
from governance.officials.models import (
    DutyLog,
    ManualScore,
    Milestone,
    Need,
    NeedStatus,
    ScoreBasis,
    ScoringRule,
    Task,
    TaskStatus,
    YoungOfficial,
)
from governance.periods import Period

# (official id, basis, duty or "", first day of month) -> how many records
Counts = dict[tuple[int, str, str, datetime.date], int]


@dataclass
class RuleLine:
    rule: ScoringRule
    count: int | None  # None for an assessor's item
    points: Decimal


@dataclass
class Evaluation:
    official: YoungOfficial
    period: Period
    # first day of month -> the rules' lines for that month
    months: dict[datetime.date, list[RuleLine]] = field(default_factory=dict)

    def month_total(self, month: datetime.date) -> Decimal:
        return sum((line.points for line in self.months.get(month, ())), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return sum((self.month_total(month) for month in self.months), Decimal("0"))

    def by_rule(self) -> list[RuleLine]:
        """The period's lines, one per rule, summed over the months."""
        merged: dict[int, RuleLine] = {}
        for lines in self.months.values():
            for line in lines:
                total = merged.setdefault(
                    line.rule.pk,
                    RuleLine(line.rule, None if line.count is None else 0, Decimal("0")),
                )
                if line.count is not None:
                    total.count += line.count
                total.points += line.points
        return list(merged.values())


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def _day_range(period: Period, field_name: str) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


def _aware_range(period: Period, field_name: str) -> Q:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def record_counts(officials: list[YoungOfficial], period: Period) -> Counts:
    counts: Counts = defaultdict(int)
    ids = [official.pk for official in officials]
    official_by_user = {o.user_id: o.pk for o in officials if o.user_id is not None}

    def add(rows, who, basis, duty=lambda row: ""):
        for row in rows:
            key = (who(row), basis, duty(row), _month(row["month"]))
            counts[key] += row["n"]
            if key[2]:  # a rule naming no duty counts every duty: keep that total too
                counts[(key[0], basis, "", key[3])] += row["n"]

    add(
        Visit.objects.filter(
            _aware_range(period, "visited_at"), visited_by__in=list(official_by_user)
        )
        .annotate(month=TruncMonth("visited_at"))
        .values("visited_by", "month")
        .annotate(n=Count("pk")),
        lambda row: official_by_user[row["visited_by"]],
        ScoreBasis.VISIT,
    )
    add(
        Need.objects.filter(_day_range(period, "collected_on"), collected_by__in=ids)
        .exclude(status__in=(NeedStatus.MERGED, NeedStatus.DECLINED))
        .annotate(month=TruncMonth("collected_on"))
        .values("collected_by", "month")
        .annotate(n=Count("pk")),
        lambda row: row["collected_by"],
        ScoreBasis.NEED,
    )
    add(
        Task.objects.filter(
            _day_range(period, "done_on"),
            owner_official__in=ids,
            status=TaskStatus.DONE,
            done_on__lte=F("due_on"),
        )
        .annotate(month=TruncMonth("done_on"))
        .values("owner_official", "month")
        .annotate(n=Count("pk")),
        lambda row: row["owner_official"],
        ScoreBasis.TASK_ON_TIME,
    )
    add(
        Milestone.objects.filter(
            _day_range(period, "done_on"), project__claimed_by_official__in=ids
        )
        .annotate(month=TruncMonth("done_on"))
        .values("project__claimed_by_official", "month")
        .annotate(n=Count("pk")),
        lambda row: row["project__claimed_by_official"],
        ScoreBasis.MILESTONE,
    )
    add(
        DutyLog.objects.filter(_day_range(period, "done_on"), official__in=ids)
        .annotate(month=TruncMonth("done_on"))
        .values("official", "duty", "month")
        .annotate(n=Count("pk")),
        lambda row: row["official"],
        ScoreBasis.DUTY,
        lambda row: row["duty"],
    )
    return counts


def _manual_marks(officials, period: Period) -> dict[tuple[int, int, datetime.date], Decimal]:
    marks = ManualScore.objects.filter(
        official__in=[o.pk for o in officials], month__in=period.months()
    ).values_list("official", "rule", "month", "points")
    return {(official, rule, month): points for official, rule, month, points in marks}


def evaluate(officials: list[YoungOfficial], period: Period, rules=None) -> list[Evaluation]:
    """Every official's evaluation for the period, month by month, in the order given."""
    rules = list(ScoringRule.objects.filter(is_active=True) if rules is None else rules)
    counts = record_counts(officials, period)
    marks = _manual_marks(officials, period)
    evaluations = []
    for official in officials:
        evaluation = Evaluation(official, period)
        for month in period.months():
            lines = []
            for rule in rules:
                if rule.basis == ScoreBasis.MANUAL:
                    given = marks.get((official.pk, rule.pk, month), Decimal("0"))
                    lines.append(RuleLine(rule, None, min(given, rule.points)))
                    continue
                count = counts.get((official.pk, rule.basis, rule.duty, month), 0)
                points = rule.points * count
                if rule.monthly_cap is not None:
                    points = min(points, rule.monthly_cap)
                lines.append(RuleLine(rule, count, points))
            evaluation.months[month] = lines
        evaluations.append(evaluation)
    return evaluations


def evaluation_for(official: YoungOfficial, period: Period) -> Evaluation:
    return evaluate([official], period)[0]


def officials_under(path: str, period: Period):
    """The young officials posted under `path` at some time in the period."""
    return (
        YoungOfficial.objects.filter(person__grid__path__startswith=path)
        .filter(Q(person__start_date__isnull=True) | Q(person__start_date__lte=period.end))
        .filter(Q(person__end_date__isnull=True) | Q(person__end_date__gte=period.start))
        .select_related("person__grid", "user")
    )


@dataclass
class BoardRow:
    rank: int
    evaluation: Evaluation


def leaderboard(path: str, period: Period) -> list[BoardRow]:
    """Officials under a node ranked by their period's score; equal scores share a rank."""
    return ranked(evaluate(list(officials_under(path, period)), period))


def ranked(evaluations: list[Evaluation]) -> list[BoardRow]:
    """Evaluations best first; equal scores share a rank (1, 1, 3)."""
    evaluations = sorted(evaluations, key=lambda e: (-e.total, e.official.person.name))
    rows, rank, previous = [], 0, None
    for position, evaluation in enumerate(evaluations, start=1):
        if evaluation.total != previous:
            rank, previous = position, evaluation.total
        rows.append(BoardRow(rank, evaluation))
    return rows
