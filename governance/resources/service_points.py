"""The registry spreadsheet of service points (the 15-minute circle) and what they offer."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from governance.models import (
    Amenity,
    ServicePoint,
    ServicePointKind,
    WalkingRing,
)
from governance.permissions import EXPORT
from governance.resources.base import RegistryResource
from governance.resources.chunks import in_chunks
from governance.resources.fields import grid_code_field, grid_name_field, names_in_column, text
from governance.resources.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DecimalWidget,
    LookupWidget,
    MultiLookupWidget,
    PhoneWidget,
)


class ServicePointResource(RegistryResource):
    key_fields = ("grid", "name")
    compared_attributes = (
        "grid_id",
        "name",
        "kind_id",
        "address",
        "latitude",
        "longitude",
        "walking_minutes",
        "opening_hours",
        "phone",
        "description",
        "is_active",
    )
    unchecked_attributes = ("grid", "kind")

    grid = grid_code_field()
    grid_name = grid_name_field()
    name = text("name", "名称")
    kind = Field(
        attribute="kind",
        column_name="类型",
        widget=LookupWidget(
            "kinds",
            "name",
            gettext_lazy(
                "Service point kind “%(value)s” does not exist: add it to the registry lists first."
            ),
        ),
    )
    address = text("address", "地址")
    latitude = Field(attribute="latitude", column_name="纬度", widget=DecimalWidget())
    longitude = Field(attribute="longitude", column_name="经度", widget=DecimalWidget())
    walking_minutes = Field(
        attribute="walking_minutes",
        column_name="步行圈（分钟）",
        widget=ChoiceWidget([(m.value, str(m.value)) for m in WalkingRing], default=15),
    )
    opening_hours = text("opening_hours", "开放时间")
    phone = Field(attribute="phone", column_name="公开电话", widget=PhoneWidget())
    amenities = Field(
        attribute="amenities",
        column_name="服务项目",
        widget=MultiLookupWidget(
            "amenities",
            "name",
            gettext_lazy("Service “%(value)s” does not exist: add it to the registry lists first."),
        ),
    )
    description = text("description", "说明")
    is_active = Field(attribute="is_active", column_name="开放中", widget=BooleanWidget())

    class Meta(RegistryResource.Meta):
        model = ServicePoint
        fields = (
            "grid",
            "grid_name",
            "name",
            "kind",
            "address",
            "latitude",
            "longitude",
            "walking_minutes",
            "opening_hours",
            "phone",
            "amenities",
            "description",
            "is_active",
        )
        # Services offered are a many-to-many set, which bulk writes cannot save.
        use_bulk = False

    def load_lookups(self):
        return {
            "grids": self.import_grids_by_code(),
            "kinds": {k.name: k for k in ServicePointKind.objects.all()},
            "amenities": {a.name: a for a in Amenity.objects.all()},
        }

    def instance_key(self, point):
        return (point.grid.code, point.name)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        points = ServicePoint.objects.select_related("grid").prefetch_related(
            Prefetch("amenities", queryset=Amenity.objects.order_by("pk"))
        )
        return in_chunks(self.known(points), "grid__code", codes)

    def snapshot(self, point):
        amenities = tuple(sorted(a.pk for a in point.amenities.all())) if point.pk else ()
        return (*super().snapshot(point), amenities)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or getattr(instance, "_import_snapshot", None) is None:
            return False
        column = self.fields["amenities"].column_name
        incoming = (
            tuple(sorted(a.pk for a in self.fields["amenities"].clean(row)))
            if column in row
            else instance._import_snapshot[-1]
        )
        return instance._import_snapshot == (*super().snapshot(instance), incoming)

    def export_queryset(self):
        points = (
            ServicePoint.objects.select_related("grid", "kind")
            .prefetch_related("amenities")
            .order_by("grid__path", "name")
        )
        return self.restrict(points, EXPORT)
