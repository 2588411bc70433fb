"""A write whose body names a field that cannot be written answers 400 naming the field.

Pydantic drops keys a schema does not declare, so a PATCH of a read-only field (`id`,
`meta.slug`), of a field not writable for that page type (`brand_name`) or of a typo answered
200 with nothing changed, and the client believed the write succeeded.
"""

import inspect
import json
from functools import wraps

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.params.models import Body
from pydantic import BaseModel


def refuse_unwritable_fields(view_func):
    """A Django Ninja operation decorator: it runs after validation, on the validated body."""
    names = body_parameters(view_func)
    if not names:
        return view_func

    @wraps(view_func)
    def view(request, *args, **kwargs):
        # Ninja has read the body already: it is empty (a body with defaults) or valid JSON.
        raw = json.loads(request.body) if request.body else {}
        # Ninja reads a lone body parameter from the whole body, several from keys named
        # after them.
        unwritable = [
            field
            for name in names
            for field in unknown_fields(raw if len(names) == 1 else raw.get(name), kwargs[name])
        ]
        if unwritable:
            raise HttpError(
                400,
                _("These fields cannot be written: %(fields)s.")
                % {"fields": ", ".join(unwritable)},
            )
        return view_func(request, *args, **kwargs)

    return view


def body_parameters(view_func) -> list[str]:
    """The view's parameters read from a JSON body: an explicit Body(), or (Ninja's default) a
    schema-typed parameter without one."""
    names = []
    for name, parameter in inspect.signature(view_func).parameters.items():
        explicit = isinstance(parameter.default, Body)
        inferred = (
            parameter.default is inspect.Parameter.empty
            and inspect.isclass(parameter.annotation)
            and issubclass(parameter.annotation, BaseModel)
        )
        if explicit or inferred:
            names.append(name)
    return names


def unknown_fields(raw, schema: BaseModel, prefix: str = "") -> list[str]:
    """Keys of `raw` the validated `schema` has no field for, nested objects included."""
    if not isinstance(raw, dict) or not isinstance(schema, BaseModel):
        return []
    fields = {}
    for name, field in type(schema).model_fields.items():
        fields[name] = name
        fields[field.alias or name] = name
    unknown = []
    for key, value in raw.items():
        if key not in fields:
            unknown.append(f"{prefix}{key}")
        else:
            unknown += unknown_fields(value, getattr(schema, fields[key]), f"{prefix}{key}.")
    return unknown
