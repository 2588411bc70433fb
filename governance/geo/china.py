"""WGS-84 ↔ GCJ-02, the offset datum that Amap's and Tencent's tiles are drawn in.

We store WGS-84 (what GPS and the browser's geolocation give). On an Amap or Tencent base map,
shapes are shifted into GCJ-02 to line up with the tiles, and a point picked on such a map is
shifted back. The forward shift is the published formula; the inverse has no closed form and is
found by a few fixed-point steps (error well under a centimetre). Outside mainland China the
datum is not offset at all. The same arithmetic runs in the browser (static/governance/js/map.js).
"""

import math

SEMI_MAJOR_AXIS = 6378245.0  # Krasovsky 1940, which the formula is built on
ECCENTRICITY_SQUARED = 0.00669342162296594323


def outside_china(longitude: float, latitude: float) -> bool:
    return not (72.004 <= longitude <= 137.8347 and 0.8293 <= latitude <= 55.8271)


def _shift_latitude(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return value


def _shift_longitude(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return value


def wgs84_to_gcj02(longitude: float, latitude: float) -> tuple[float, float]:
    if outside_china(longitude, latitude):
        return longitude, latitude
    d_lat = _shift_latitude(longitude - 105.0, latitude - 35.0)
    d_lon = _shift_longitude(longitude - 105.0, latitude - 35.0)
    radians = latitude / 180.0 * math.pi
    magic = 1 - ECCENTRICITY_SQUARED * math.sin(radians) ** 2
    root = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / (
        (SEMI_MAJOR_AXIS * (1 - ECCENTRICITY_SQUARED)) / (magic * root) * math.pi
    )
    d_lon = (d_lon * 180.0) / (SEMI_MAJOR_AXIS / root * math.cos(radians) * math.pi)
    return longitude + d_lon, latitude + d_lat


def gcj02_to_wgs84(longitude: float, latitude: float) -> tuple[float, float]:
    guess_lon, guess_lat = longitude, latitude
    for _ in range(6):
        shifted_lon, shifted_lat = wgs84_to_gcj02(guess_lon, guess_lat)
        guess_lon -= shifted_lon - longitude
        guess_lat -= shifted_lat - latitude
    return guess_lon, guess_lat
