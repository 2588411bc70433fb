from django import template

from governance.officials.formatting import points_text

register = template.Library()


@register.filter
def points(value) -> str:
    return points_text(value)
