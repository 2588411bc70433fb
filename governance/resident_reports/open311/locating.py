"""Where an Open311 request happened: a grid code, a point in a grid's boundary, or an address
exactly one grid covers, in that order."""

from django.utils.translation import gettext as _

from governance.geo.locate import grid_at
from governance.models import Grid, GridLevel
from governance.resident_reports.services.filing import clean_coordinate
from governance.text import typed_text


class LocationUnknown(Exception):
    pass


def grid_for_request(data) -> Grid:
    code = data.get("address_id", "").strip()
    if code:
        grid = Grid.objects.filter(code=code[:40]).first()
        if grid is None:
            raise LocationUnknown(_("address_id names no grid."))
        return grid
    latitude = clean_coordinate(data.get("lat"), -90, 90)
    longitude = clean_coordinate(data.get("long"), -180, 180)
    if latitude is not None and longitude is not None:
        grid = grid_at(latitude, longitude)
        if grid is not None:
            return grid
    place = typed_text(data.get("address_string", ""))[:100]
    if place:
        found = [
            grid for grid in Grid.objects.filter(level=GridLevel.GRID) if grid.matches_place(place)
        ]
        if len(found) == 1:
            return found[0]
    raise LocationUnknown(
        _(
            "The place is unknown: give address_id (a grid code), lat and long inside a grid, "
            "or an address_string that one grid covers."
        )
    )
