"""The scoring rules every deployment starts with (积分管理), editable afterwards in the admin.

Written by the app's data migration when no rule exists yet, and again by the factories when a
transactional test's flush has emptied the table. Basis values are spelled out (not the model's
enums) so the migration keeps working whatever the models become.
"""

from decimal import Decimal

# (name, basis, points per record or the most an assessor may give, monthly maximum)
RULES = [
    ("走访", "visit", "2", "20"),
    ("收集需求", "need", "3", "30"),
    ("按期办结任务", "task_on_time", "5", None),
    ("项目节点", "milestone", "4", None),
    ("六员履职", "duty", "1", "10"),
    ("群众评价", "manual", "10", None),
    ("工作实绩", "manual", "20", None),
]


def add_default_rules(scoring_rule_model) -> int:
    """Adds the default rules unless some rule exists (an administrator's own set is kept);
    takes the model as an argument so the migration can pass its historical one."""
    if scoring_rule_model.objects.exists():
        return 0
    scoring_rule_model.objects.bulk_create(
        scoring_rule_model(
            name=name,
            basis=basis,
            points=Decimal(points),
            monthly_cap=None if cap is None else Decimal(cap),
            sort_order=10 * (order + 1),
        )
        for order, (name, basis, points, cap) in enumerate(RULES)
    )
    return len(RULES)
