"""{% map_config %}: the base map's settings as a JSON <script> for map-base.js;
{% walking_rings %}: the 15-minute circle's rings in metres for the public map."""

from django import template
from django.utils.html import json_script

from governance.geo.basemap import base_map_config
from governance.geo.rings import walking_rings as rings

register = template.Library()


@register.simple_tag
def map_config(element_id: str = "map-config"):
    return json_script(base_map_config(), element_id)


@register.simple_tag
def walking_rings(element_id: str = "walking-rings"):
    return json_script(rings(), element_id)
