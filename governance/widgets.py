"""Form widgets of the registry admin: a grid's boundary drawn on a map."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import json_script

from governance.geo.basemap import base_map_config

EMPTY_COLLECTION = {"type": "FeatureCollection", "features": []}


class BoundaryMapWidget(forms.Textarea):
    """The GeoJSON textarea, folded into a <details> for experts, under a map on which the
    boundary is drawn, edited and deleted (Leaflet.draw); the script writes each change back
    into the textarea as WGS-84 GeoJSON. Without the script the textarea is the field, open.

    `reference` (set by the form) is a FeatureCollection drawn faintly for orientation: the
    parent's boundary and the siblings' (governance/geo/neighbours.py)."""

    class Media:
        css = {
            "all": [
                "leaflet/leaflet.css",
                "leaflet/draw/leaflet.draw.css",
                "governance/css/admin-map.css",
            ]
        }
        js = [
            "leaflet/leaflet.js",
            "leaflet/draw/leaflet.draw.js",
            "governance/js/map-base.js",
            "governance/js/boundary-widget.js",
        ]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 6, "spellcheck": "false", **(attrs or {})})
        self.reference = EMPTY_COLLECTION
        # (longitude, latitude) to look at when there is nothing to draw yet.
        self.centre = None
        # The id of the form's parent chooser: choosing another parent draws its shapes.
        self.parent_input = ""

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id") or f"id_{name}"
        return render_to_string(
            "governance/widgets/boundary_map.html",
            {
                "textarea": textarea,
                "field_id": field_id,
                "map_config": json_script(base_map_config(), f"{field_id}-map-config"),
                "reference": json_script(self.reference, f"{field_id}-reference"),
                "centre": list(self.centre) if self.centre else "",
                "parent_input": self.parent_input,
                "neighbours_url": reverse("governance_boundary_neighbours"),
            },
        )
