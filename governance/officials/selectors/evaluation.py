"""What the leaderboard (积分排行) and the evaluation sheet (考评表) show, in a fixed number of
queries however many officials they cover: the scores come from `services.scoring.evaluate`
(one grouped query per kind of record), the grids above and the assessors' comments from one
query each.

An official's rank is among the officials of their street (一级网格) for the period, as the
programme ranks them; an official posted at a district itself is ranked among the district's.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from governance.models import Grid, GridLevel
from governance.officials.models import ManualScore, ScoreBasis, ScoringRule, YoungOfficial
from governance.officials.services.scoring import (
    BoardRow,
    Evaluation,
    RuleLine,
    evaluate,
    officials_under,
    ranked,
)
from governance.periods import Period

STREET_PATH_LENGTH = Grid.steplen * GridLevel.STREET


def street_path(grid_path: str) -> str:
    """The path of the street a node lies in (the node itself above the streets)."""
    return grid_path[:STREET_PATH_LENGTH]


def active_rules() -> list[ScoringRule]:
    return list(ScoringRule.objects.filter(is_active=True))


@dataclass
class Standing:
    rank: int
    of: int
    area: Grid  # where the official is ranked: their street


@dataclass
class BoardLine:
    rank: int
    evaluation: Evaluation
    points: list[Decimal]  # one per rule of the board, in its order

    @property
    def official(self) -> YoungOfficial:
        return self.evaluation.official


@dataclass
class Board:
    node: Grid
    period: Period
    rules: list[ScoringRule]
    lines: list[BoardLine]


@dataclass
class SheetRow:
    rule: ScoringRule
    cells: list[RuleLine]  # one per month of the period
    total: RuleLine  # over the period

    @property
    def is_manual(self) -> bool:
        return self.rule.basis == ScoreBasis.MANUAL


@dataclass
class Sheet:
    evaluation: Evaluation
    trail: list[Grid]  # from the district down to the official's grid
    rows: list[SheetRow]
    comments: list[ManualScore] = field(default_factory=list)
    standing: Standing | None = None

    @property
    def official(self) -> YoungOfficial:
        return self.evaluation.official

    @property
    def period(self) -> Period:
        return self.evaluation.period

    @property
    def months(self) -> list[datetime.date]:
        return list(self.evaluation.months)

    @property
    def month_totals(self) -> list[Decimal]:
        return [self.evaluation.month_total(month) for month in self.evaluation.months]

    @property
    def total(self) -> Decimal:
        return self.evaluation.total


def board_lines(rows: list[BoardRow], rules: list[ScoringRule]) -> list[BoardLine]:
    lines = []
    for row in rows:
        by_rule = {line.rule.pk: line.points for line in row.evaluation.by_rule()}
        lines.append(
            BoardLine(row.rank, row.evaluation, [by_rule.get(r.pk, Decimal("0")) for r in rules])
        )
    return lines


def evaluation_board(node: Grid, period: Period) -> Board:
    """The officials posted under `node` in the period, best first, with each rule's points."""
    rules = active_rules()
    rows = ranked(evaluate(list(officials_under(node.path, period)), period, rules))
    return Board(node, period, rules, board_lines(rows, rules))


def standings(evaluations: list[Evaluation]) -> dict[int, Standing]:
    """Each official's rank among the given officials of the same street."""
    by_street: dict[str, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_street.setdefault(street_path(evaluation.official.grid.path), []).append(evaluation)
    areas = {grid.path: grid for grid in Grid.objects.filter(path__in=list(by_street))}
    result = {}
    for path, group in by_street.items():
        for row in ranked(group):
            result[row.evaluation.official.pk] = Standing(row.rank, len(group), areas[path])
    return result


def _trails(grids: list[Grid]) -> dict[str, list[Grid]]:
    """Every grid's ancestors and itself, from the root down, in one query."""
    paths = {path for grid in grids for path in grid.ancestor_paths()}
    above = {grid.path: grid for grid in Grid.objects.filter(path__in=paths)}
    return {
        grid.path: [*(above[p] for p in grid.ancestor_paths() if p in above), grid]
        for grid in grids
    }


def _comments(evaluations: list[Evaluation], period: Period) -> dict[int, list[ManualScore]]:
    marks = (
        ManualScore.objects.filter(
            official__in=[e.official.pk for e in evaluations],
            month__in=period.months(),
            rule__is_active=True,
        )
        .exclude(note="")
        .select_related("rule")
        .order_by("month", "rule__sort_order", "rule__name")
    )
    by_official: dict[int, list[ManualScore]] = {}
    for mark in marks:
        by_official.setdefault(mark.official_id, []).append(mark)
    return by_official


def _rows(evaluation: Evaluation) -> list[SheetRow]:
    cells_by_rule: dict[int, list[RuleLine]] = {}
    for lines in evaluation.months.values():
        for line in lines:
            cells_by_rule.setdefault(line.rule.pk, []).append(line)
    return [
        SheetRow(total.rule, cells_by_rule[total.rule.pk], total) for total in evaluation.by_rule()
    ]


def sheets(evaluations: list[Evaluation], ranks: dict[int, Standing]) -> list[Sheet]:
    """One sheet per evaluation (all of one period), in the order given."""
    if not evaluations:
        return []
    trails = _trails([e.official.grid for e in evaluations])
    comments = _comments(evaluations, evaluations[0].period)
    return [
        Sheet(
            evaluation=evaluation,
            trail=trails[evaluation.official.grid.path],
            rows=_rows(evaluation),
            comments=comments.get(evaluation.official.pk, []),
            standing=ranks.get(evaluation.official.pk),
        )
        for evaluation in evaluations
    ]


def evaluation_sheet(official: YoungOfficial, period: Period) -> Sheet:
    """One official's sheet, ranked among the officials of their street for the period (the
    official too when their posting does not cover the period: it is their sheet)."""
    rules = active_rules()
    colleagues = officials_under(street_path(official.grid.path), period).exclude(pk=official.pk)
    evaluations = evaluate([official, *colleagues], period, rules)
    return sheets([evaluations[0]], standings(evaluations))[0]


def board_sheets(board: Board) -> list[Sheet]:
    """The board's officials' sheets, in the board's order, each ranked in its street. A board
    below a street holds only part of it: the street's other officials are evaluated too."""
    evaluations = [line.evaluation for line in board.lines]
    if board.node.depth > GridLevel.STREET:
        street = street_path(board.node.path)
        shown = {e.official.pk for e in evaluations}
        others = [o for o in officials_under(street, board.period) if o.pk not in shown]
        ranks = standings(evaluations + evaluate(others, board.period, board.rules))
    else:
        ranks = standings(evaluations)
    return sheets(evaluations, ranks)
