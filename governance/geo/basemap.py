"""The base map under our shapes, from settings (MAP_BASE, MAP_TILE_URL, MAP_TIANDITU_KEY).

The default, "offline", asks nothing of anyone else's servers: the map draws boundaries, labels,
points and rings on a plain background, or on tiles the operator serves himself (MAP_TILE_URL).
The browser receives `base_map_config()` as JSON and shifts shapes into GCJ-02 when the tiles
are drawn in it (Amap, Tencent).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

WGS84 = "wgs84"
GCJ02 = "gcj02"
TIANDITU_LAYER = (
    "https://t{s}.tianditu.gov.cn/%(layer)s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=%(layer)s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk=%(key)s"
)
BASES = {
    "offline": {"datum": WGS84, "tiles": []},
    "tianditu": {
        "datum": WGS84,
        "tiles": [
            {"url": TIANDITU_LAYER % {"layer": layer, "key": "{key}"}, "subdomains": "01234567"}
            for layer in ("vec", "cva")
        ],
        "attribution": "天地图",
    },
    "amap": {
        "datum": GCJ02,
        "tiles": [
            {
                "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1"
                "&style=8&x={x}&y={y}&z={z}",
                "subdomains": "1234",
            }
        ],
        "attribution": "高德地图",
    },
    "tencent": {
        "datum": GCJ02,
        "tiles": [
            {
                "url": "https://rt{s}.map.gtimg.com/realtimerender?z={z}&x={x}&y={-y}"
                "&type=vector&style=0",
                "subdomains": "0123",
            }
        ],
        "attribution": "腾讯地图",
    },
}


def base_map_config() -> dict:
    """What the browser's map script needs: the datum to draw in and the tile layers, if any."""
    name = settings.MAP_BASE or "offline"
    if name not in BASES:
        raise ImproperlyConfigured(
            f"MAP_BASE 只能是 {'、'.join(BASES)} 之一 (MAP_BASE must be one of {', '.join(BASES)})"
        )
    base = BASES[name]
    tiles = [
        {**layer, "url": layer["url"].replace("{key}", settings.MAP_TIANDITU_KEY)}
        for layer in base["tiles"]
    ]
    if name == "offline" and settings.MAP_TILE_URL:
        tiles = [{"url": settings.MAP_TILE_URL, "subdomains": ""}]
    return {
        "base": name,
        "datum": base["datum"],
        "tiles": tiles,
        "attribution": base.get("attribution", ""),
    }


def tile_hosts() -> list[str]:
    """The hosts the browser fetches tiles from, for the Content Security Policy's img-src."""
    hosts = set()
    for layer in base_map_config()["tiles"]:
        parts = urlsplit(layer["url"])
        if parts.netloc:
            host = parts.netloc
            if "{s}" in host:
                host = "*." + host.split(".", 1)[1]
            hosts.add(f"{parts.scheme}://{host}")
    return sorted(hosts)
