"""Import/export widgets that forgive clerk input and refuse nonsense in Chinese."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.widgets import ManyToManyWidget, Widget

from governance.phones import PhoneField, normalise_phone_text, validate_phone
from governance.spreadsheets.cells import (
    normalise_number_text,
    normalise_phone,
    normalise_text,
    parse_bool,
    parse_date,
    unneutralise,
)

PHONE_RE = re.compile(r"^[0-9][0-9\-]{5,19}$")
# The longest phone in its one written form: 0371-12345678-123456 (area code, number, extension).
LONGEST_PHONE = 20
LIST_SEPARATORS = re.compile(r"[、,，;；/\n]+")


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return unneutralise(normalise_text(value))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PhoneWidget(TextWidget):
    """`strict`: a person's or resident's own phone, held to the mobile/landline rule its admin
    form keeps; hotlines and service points may list short numbers such as 12345."""

    def __init__(self, *, strict=False):
        super().__init__()
        self.strict = strict

    def holds_rules_of(self, model_field) -> bool:
        """Whether a value this widget cleaned already keeps `model_field`'s rules, so the
        row's validation need not check it again: a strict phone is a valid phone in its one
        written form, which no PhoneField of LONGEST_PHONE characters or more refuses."""
        return (
            self.strict
            and isinstance(model_field, PhoneField)
            and model_field.max_length >= LONGEST_PHONE
        )

    def clean(self, value, row=None, **kwargs):
        phone = normalise_phone(value)
        if not phone:
            return phone
        if self.strict:
            phone = normalise_phone_text(phone)
            try:
                validate_phone(phone)
            except ValidationError as error:
                raise ValueError(*error.messages) from None
        elif not PHONE_RE.match(phone):
            raise ValueError(_("“%(value)s” is not a phone number.") % {"value": phone})
        return phone


class IntegerWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalise_number_text(value).replace(",", "")
        if text == "":
            return 0
        if not re.fullmatch(r"\d+(\.0+)?", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(text.split(".")[0])

    def render(self, value, obj=None, **kwargs):
        return value if value is not None else ""


class DecimalWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalise_number_text(value)
        if text == "":
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class BooleanWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_bool(value)

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


REQUIRED = object()


class ChoiceWidget(Widget):
    """Accepts a choice's Chinese label or its stored value; exports the label. An empty cell
    gives `default`, or is refused when there is none."""

    def __init__(self, choices, *, default=REQUIRED):
        super().__init__()
        self.by_text = {}
        for value, label in choices:
            self.by_text[normalise_text(value)] = value
            self.by_text[normalise_text(label)] = value
        self.labels = {value: str(label) for value, label in choices}
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = normalise_text(value)
        if text == "" and self.default is not REQUIRED:
            return self.default
        if text not in self.by_text:
            allowed = "、".join(self.labels.values())
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            )
        return self.by_text[text]

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "" if value is None else str(value))


class LookupWidget(Widget):
    """A foreign key given by a natural key (a grid code, a role name), looked up in a dict
    the resource loaded once for the whole file: no query per row."""

    def __init__(self, lookup_name: str, attribute: str, missing_message: str):
        Widget.__init__(self)
        self.resource = None  # bound by RegistryResource.__init__ to the resource in use
        self.lookup_name = lookup_name
        self.attribute = attribute
        self.missing_message = missing_message

    def clean(self, value, row=None, **kwargs):
        key = normalise_text(value)
        if key == "":
            raise ValueError(_("This column may not be empty."))
        found = self.resource.lookups[self.lookup_name].get(key)
        if found is None:
            raise ValueError(self.missing_message % {"value": key})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.attribute))


class MultiLookupWidget(LookupWidget, ManyToManyWidget):
    """Several natural keys in one cell (休息、饮水、充电); import-export saves it as a set."""

    def __init__(self, lookup_name: str, attribute: str, missing_message: str):
        LookupWidget.__init__(self, lookup_name, attribute, missing_message)
        self.separator = "、"

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in LIST_SEPARATORS.split(normalise_text(value)) if n.strip()]
        found = []
        for name in names:
            item = self.resource.lookups[self.lookup_name].get(name)
            if item is None:
                raise ValueError(self.missing_message % {"value": name})
            found.append(item)
        return found

    def render(self, value, obj=None, **kwargs):
        items = value.all() if hasattr(value, "all") else (value or [])
        return "、".join(str(getattr(item, self.attribute)) for item in items)
