"""Our records in GeoReport v2 shapes, and the answers to a service's questions."""

from django.utils.translation import gettext as _

from governance.events.models import AttributeType, Event, EventCategory
from governance.resident_reports.services.filing import group_of
from governance.text import typed_text

ANSWER_MAX = 200


class AttributeError_(Exception):
    """An answer to a service's question is missing or not one of its choices."""


def service_out(category: EventCategory, groups: dict[str, str]) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes.all()),
        "type": "realtime",
        "keywords": "",
        "group": group_of(category, groups),
    }


def service_definition_out(category: EventCategory) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.get_datatype_display(),
                "order": attribute.sort_order or 0,
                "description": attribute.description,
                "values": [{"key": k, "name": n} for k, n in attribute.choices()],
            }
            for attribute in category.attributes.all()
        ],
    }


def answers_text(category: EventCategory, data) -> str:
    """The answers as lines added to the description, each checked against its question."""
    lines = []
    for attribute in category.attributes.all():
        given = [typed_text(v)[:ANSWER_MAX] for v in data.getlist(f"attribute[{attribute.code}]")]
        given = [v for v in given if v]
        if not given:
            if attribute.required:
                raise AttributeError_(
                    _("attribute[%(code)s] (%(question)s) is required.")
                    % {"code": attribute.code, "question": attribute.description}
                )
            continue
        if attribute.datatype in (AttributeType.SINGLE, AttributeType.MULTIPLE):
            names = dict(attribute.choices())
            unknown = [v for v in given if v not in names]
            if unknown or (attribute.datatype == AttributeType.SINGLE and len(given) > 1):
                raise AttributeError_(
                    _("attribute[%(code)s] takes the keys %(keys)s.")
                    % {"code": attribute.code, "keys": "、".join(names)}
                )
            given = [names[v] for v in given]
        lines.append(f"{attribute.description}：{'、'.join(given)}")
    return ("\n\n" + "\n".join(lines)) if lines else ""


def request_out(event: Event) -> dict:
    node = event.handling_department or event.handling_grid
    return {
        "service_request_id": event.number,
        "status": "open" if event.is_open else "closed",
        "status_notes": event.get_state_display(),
        "service_name": event.category.name,
        "service_code": event.category.code,
        "description": "",
        "agency_responsible": str(node or ""),
        "service_notice": _("Handled by %(node)s.") % {"node": node}
        if event.is_open and node
        else "",
        "requested_datetime": event.reported_at,
        "updated_datetime": event.updated_at,
        "expected_datetime": event.deadline if event.is_open else None,
        "address": event.grid.name,
        "address_id": event.grid.code,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
