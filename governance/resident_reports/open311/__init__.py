"""Open311 GeoReport v2 at /api/open311/v2/: the same events, for other front ends."""
