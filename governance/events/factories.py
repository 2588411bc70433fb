"""Factories for events, used by the tests, the benchmarks and the demo."""

import itertools

import factory

from governance.events.models import Department, EventCategory
from governance.events.services.workflow import event_report

_category_codes = itertools.count(1)


def make_category(name: str = "市容环境", *, parent: EventCategory | None = None, **fields):
    code = fields.pop("code", None) or f"cat-{next(_category_codes)}"
    category = EventCategory(name=name, code=code, **fields)
    if parent is None:
        return EventCategory.add_root(instance=category)
    return parent.add_child(instance=category)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"城管{n}")


def make_event(*, grid, category=None, by=None, title="楼道堆物", **fields):
    """An event reported at `grid`, by the system unless `by` is given."""
    return event_report(
        by=by,
        grid=grid,
        category=category or make_category(),
        title=title,
        check_scope=by is not None,
        **fields,
    )
