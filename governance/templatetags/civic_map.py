"""{% map_config %}: the base map's settings as a JSON <script> for map-base.js."""

from django import template
from django.utils.html import json_script

from governance.geo.basemap import base_map_config

register = template.Library()


@register.simple_tag
def map_config(element_id: str = "map-config"):
    return json_script(base_map_config(), element_id)
