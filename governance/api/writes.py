"""Writes the API cannot honour answer 400 saying which fields are at fault.

Pydantic drops keys a schema does not declare, so a PATCH of a read-only field (`id`,
`meta.slug`), of a field not writable for that page type (`brand_name`) or of a typo answered
200 with nothing changed, and the client believed the write succeeded. And a page type whose
required fields the API cannot write (a notice's category, an area page's grid) ended in a 500
when the database refused the row.
"""

import inspect
import json
from functools import wraps

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.params.models import Body
from pydantic import BaseModel
from wagtail.api.v3.registry import registry
from wagtail.api.v3.schemas.pages import PageCreateMetaSchema
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page


def refuse_writes_it_cannot_honour(view_func):
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
        for name in names:
            refuse_page_type_the_api_cannot_complete(kwargs[name])
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


def unknown_fields(raw, validated, where: str = "") -> list[str]:
    """Keys of `raw` that the validated schema has no field for, in nested objects and lists
    of objects too (each such object is a schema of its own)."""
    if isinstance(validated, BaseModel) and isinstance(raw, dict):
        names = {}
        for name, field in type(validated).model_fields.items():
            names[name] = names[field.alias or name] = name
        found = []
        for key, value in raw.items():
            path = f"{where}.{key}" if where else key
            if key in names:
                found += unknown_fields(value, getattr(validated, names[key]), path)
            else:
                found.append(path)
        return found
    if isinstance(validated, list) and isinstance(raw, list):
        return [
            path
            for index, (item, validated_item) in enumerate(zip(raw, validated, strict=False))
            for path in unknown_fields(item, validated_item, f"{where}[{index}]")
        ]
    return []


def refuse_page_type_the_api_cannot_complete(validated) -> None:
    meta = getattr(validated, "meta", None)
    if not isinstance(meta, PageCreateMetaSchema):
        return
    if missing := required_fields_the_api_cannot_write(resolve_model_string(meta.type)):
        raise HttpError(
            400,
            _(
                "%(type)s cannot be created through the API: it needs %(fields)s, which the "
                "API cannot write."
            )
            % {"type": meta.type, "fields": ", ".join(missing)},
        )


def required_fields_the_api_cannot_write(page_model) -> list[str]:
    """What the page type's own validation requires beyond the writable fields and what
    Wagtail fills in itself (the fields of Page)."""
    writable = registry.get(page_model._meta.label).create_schema.model_fields
    settled = [field.name for field in Page._meta.get_fields()]
    try:
        page_model().clean_fields(exclude=[*settled, *writable])
    except ValidationError as error:
        return sorted(error.message_dict)
    return []
