"""The 15-minute service circle's rings as distances: walking minutes to metres on the map.

The one home of the conversion, so the public map's circles ({% walking_rings %}) and anything
that places or checks points by distance (the demo's service points) agree. 80 m a minute
(4.8 km/h) is an unhurried adult's walk: the 5, 10 and 15 minute rings are 400, 800 and 1,200 m
around the community's centre. They are straight-line guides, generous against real streets;
a point's ring in the lists is still the walking time its editor entered.
"""

from governance.models.service_points import WalkingRing

WALKING_METRES_PER_MINUTE = 80


def ring_metres(minutes: int) -> int:
    return minutes * WALKING_METRES_PER_MINUTE


def walking_rings() -> list[dict]:
    """The rings, innermost first, as the map draws them: minutes, metres and the label the
    service guide's lists use."""
    return [
        {"minutes": ring.value, "metres": ring_metres(ring.value), "label": str(ring.label)}
        for ring in WalkingRing
    ]
