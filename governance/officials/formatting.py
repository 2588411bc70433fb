"""Points as people write them: 6, 1.5, 12.25 (never 6.00 or 2E+1)."""

from decimal import Decimal


def points_text(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
