from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.9877 → 98.77%; a rate with nothing to divide (None) → —."""
    if value is None:
        return "—"
    return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
