"""How much one map request may ask for: a bounding box, and a fixed number of features.

A map asks for what its view shows (`bbox=minlon,minlat,maxlon,maxlat`, as OGC API Features
and every web map library spell it) or for one subtree (`within`); a list pages instead. So
the GeoJSON of service points is not paged: a request whose match is larger than
MAX_MAP_FEATURES is refused with a 400 that says to narrow it, and the document states both.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from ninja.errors import HttpError

# Far above what one community or one screen of a city map holds, far below a whole city.
MAX_MAP_FEATURES = 2000

LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)"
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
BBOX = re.compile(rf"^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$")
# The optional parameter reads an empty value as "not given".
BBOX_OR_EMPTY = rf"^(?:{BBOX.pattern[1:-1]})?$"
BBOX_RULE = "each minimum at most its maximum"


@dataclass(frozen=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, value: str) -> "BoundingBox":
        """The box of a value BBOX matches."""
        return cls(*(float(number) for number in value.split(",")))

    @property
    def is_ordered(self) -> bool:
        return self.min_lon <= self.max_lon and self.min_lat <= self.max_lat

    def filter(self, queryset):
        return queryset.filter(
            longitude__gte=self.min_lon,
            longitude__lte=self.max_lon,
            latitude__gte=self.min_lat,
            latitude__lte=self.max_lat,
        )


def bbox_or_400(value: str | None) -> BoundingBox | None:
    """The box `value` names, None when none is given, or a 400 saying what a box is."""
    if not value:
        return None
    if not BBOX.fullmatch(value):
        raise HttpError(
            400,
            _(
                "“%(value)s” is not a bounding box: give bbox=minimum longitude,minimum "
                "latitude,maximum longitude,maximum latitude, four numbers in degrees "
                "(WGS-84), longitudes from -180 to 180 and latitudes from -90 to 90, "
                "for example bbox=113.60,34.70,113.70,34.80."
            )
            % {"value": value},
        )
    box = BoundingBox.parse(value)
    if not box.is_ordered:
        raise HttpError(
            400,
            _(
                "In bbox the minimum longitude and latitude come first and may not be larger "
                "than the maximum ones: bbox=minimum longitude,minimum latitude,maximum "
                "longitude,maximum latitude."
            ),
        )
    return box


def at_most_the_maximum(queryset) -> list:
    """The matching objects, or a 400 saying how to narrow the request. One more than the
    maximum is fetched, so that the answer costs no count query."""
    items = list(queryset[: MAX_MAP_FEATURES + 1])
    if len(items) > MAX_MAP_FEATURES:
        raise HttpError(
            400,
            _(
                "More than %(maximum)d service points match: narrow the request with within "
                "(the code of a street, community or grid) or bbox (the part of the map "
                "shown), or list them page by page at /api/registry/service-points/."
            )
            % {"maximum": MAX_MAP_FEATURES},
        )
    return items
