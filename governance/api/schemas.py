"""Public shapes of registry data in the API. Only public fields: no private phones, no
residents, no internal notes."""

import datetime

from ninja import Field, Schema

from governance.api.map_bounds import MAX_MAP_FEATURES
from governance.models.grids import parent_code_of


class GridRef(Schema):
    code: str = Field(examples=["410103001001"])
    name: str = Field(examples=["华府社区"])


def coordinate(value) -> float | None:
    return float(value) if value is not None else None


class GridOut(Schema):
    code: str = Field(examples=["410103001001005"])
    name: str = Field(examples=["华府社区5号网格"])
    level: int = Field(description="1 district … 5 micro grid", examples=[4])
    level_label: str = Field(examples=["三级网格"])
    kind: str = Field(examples=["regular"])
    kind_label: str = Field(examples=["常规网格"])
    parent_code: str | None = Field(examples=["410103001001"])
    households: int = Field(examples=[372])
    population: int = Field(examples=[1004])
    buildings: int = Field(examples=[6])
    children: int = Field(description="number of direct child nodes", examples=[3])
    coverage: list[str] = Field(
        description="buildings and addresses covered", examples=[["31号楼", "32号楼"]]
    )
    service_hotline: str = Field(examples=["0371-60100100"])
    latitude: float | None = Field(examples=[34.7466])
    longitude: float | None = Field(examples=[113.6254])
    boundary: dict | None = Field(
        description="GeoJSON Polygon or MultiPolygon (WGS84)",
        examples=[
            {
                "type": "Polygon",
                "coordinates": [
                    [[113.62, 34.74], [113.63, 34.74], [113.63, 34.75], [113.62, 34.74]]
                ],
            }
        ],
    )

    @staticmethod
    def resolve_level_label(grid) -> str:
        return str(grid.get_level_display())

    @staticmethod
    def resolve_kind_label(grid) -> str:
        return str(grid.get_kind_display())

    @staticmethod
    def resolve_parent_code(grid) -> str | None:
        return parent_code_of(grid.code)

    @staticmethod
    def resolve_children(grid) -> int:
        return grid.numchild

    @staticmethod
    def resolve_coverage(grid) -> list[str]:
        return [line.strip() for line in grid.coverage.splitlines() if line.strip()]

    @staticmethod
    def resolve_latitude(grid):
        return coordinate(grid.latitude)

    @staticmethod
    def resolve_longitude(grid):
        return coordinate(grid.longitude)


class ContactOut(Schema):
    role: str = Field(examples=["网格长"])
    name: str = Field(examples=["马洋"])
    phone: str = Field(examples=["13800130039"])


class ContactCardOut(Schema):
    grid: GridRef
    contacts: list[ContactOut]
    hotline: str = Field(examples=["0371-60100100"])


class ServicePointKindOut(Schema):
    slug: str = Field(examples=["warm-station"])
    name: str = Field(examples=["暖心驿站"])
    is_warm_station: bool


class ServicePointOut(Schema):
    id: int
    name: str = Field(examples=["华府暖心驿站"])
    kind: ServicePointKindOut
    grid_code: str = Field(examples=["410103001001002"])
    address: str = Field(examples=["华府路10号"])
    latitude: float | None
    longitude: float | None
    walking_minutes: int = Field(description="5, 10 or 15", examples=[5])
    opening_hours: str = Field(examples=["全天开放"])
    phone: str = Field(description="the point's own public number", examples=[""])
    services: list[str] = Field(examples=[["休息", "饮水", "热饭", "充电"]])
    description: str

    @staticmethod
    def resolve_grid_code(point) -> str:
        return point.grid.code

    @staticmethod
    def resolve_latitude(point):
        return coordinate(point.latitude)

    @staticmethod
    def resolve_longitude(point):
        return coordinate(point.longitude)

    @staticmethod
    def resolve_services(point) -> list[str]:
        return [amenity.name for amenity in point.amenities.all()]


class PointGeometry(Schema):
    type: str = Field(examples=["Point"])
    coordinates: list[float] = Field(examples=[[113.6254, 34.7466]])


class ServicePointFeature(Schema):
    type: str = Field(examples=["Feature"])
    id: int
    geometry: PointGeometry | None
    properties: dict


class FeatureCollectionOut(Schema):
    type: str = Field(examples=["FeatureCollection"])
    features: list[ServicePointFeature] = Field(max_length=MAX_MAP_FEATURES)


class AreaGeometry(Schema):
    type: str = Field(examples=["Polygon"])
    coordinates: list = Field(
        examples=[[[[113.62, 34.74], [113.63, 34.74], [113.63, 34.75], [113.62, 34.74]]]]
    )


class GridFeatureProperties(Schema):
    code: str = Field(examples=["410103001001005"])
    name: str = Field(examples=["华府社区5号网格"])
    level: int = Field(description="1 district … 5 micro grid", examples=[4])
    kind: str = Field(examples=["regular"])


class GridFeature(Schema):
    type: str = Field(examples=["Feature"])
    id: str = Field(description="the grid's code", examples=["410103001001005"])
    geometry: AreaGeometry
    properties: GridFeatureProperties


class GridFeatureCollectionOut(Schema):
    type: str = Field(examples=["FeatureCollection"])
    features: list[GridFeature]


class PathStep(Schema):
    code: str = Field(examples=["410103001"])
    name: str = Field(examples=["人和路街道"])
    level: int = Field(examples=[2])


class LocatedGridOut(Schema):
    code: str = Field(examples=["410103001001005"])
    name: str = Field(examples=["华府社区5号网格"])
    level: int = Field(description="1 district … 5 micro grid", examples=[4])
    kind: str = Field(examples=["regular"])
    breadcrumbs: list[PathStep] = Field(description="from the district down to this grid")


class TeamOut(Schema):
    name: str = Field(examples=["华府社区治安巡逻志愿服务队"])
    type: str = Field(examples=["治安巡逻"])
    grid_code: str = Field(examples=["410103001001"])
    member_count: int = Field(examples=[25])
    is_party_team: bool
    founded_on: datetime.date | None
    status: str = Field(examples=["active"])
    description: str

    @staticmethod
    def resolve_type(team) -> str:
        return team.team_type.name

    @staticmethod
    def resolve_grid_code(team) -> str:
        return team.grid.code


class TallyKindOut(Schema):
    name: str = Field(examples=["上报事件"])
    unit: str = Field(examples=["件"])
    description: str


class MonthValue(Schema):
    month: str = Field(examples=["2026-10"])
    value: int = Field(examples=[130])


class RollupRowOut(Schema):
    kind: str = Field(examples=["上报事件"])
    unit: str = Field(examples=["件"])
    total: int = Field(examples=[1276])
    from_records: bool = Field(
        description="counted from records (plus historical entries from before them), "
        "not typed by hand"
    )
    by_month: list[MonthValue]


class PeriodOut(Schema):
    label: str = Field(examples=["2026年第3季度"])
    start: datetime.date
    end: datetime.date


class RollupOut(Schema):
    grid: GridRef
    period: PeriodOut
    kinds: list[RollupRowOut]
