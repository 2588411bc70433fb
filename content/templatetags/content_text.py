"""Filters for text that editors and clerks type one item per line."""

from django import template

register = template.Library()


@register.filter
def lines(value) -> list[str]:
    """The non-empty lines of `value`, trimmed: a grid's covered buildings, one per line."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]
