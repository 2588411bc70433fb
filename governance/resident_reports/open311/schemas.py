"""The GeoReport v2 shapes, with the spec's field names (service_code, lat/long, …)."""

from datetime import datetime

from ninja import Field, Schema


class ServiceOut(Schema):
    service_code: str = Field(examples=["street-light"])
    service_name: str = Field(examples=["路灯不亮"])
    description: str
    metadata: bool = Field(description="true when the service asks questions (attributes)")
    type: str = Field(examples=["realtime"])
    keywords: str
    group: str = Field(description="the parent category", examples=["设施维修"])


class AttributeValueOut(Schema):
    key: str
    name: str


class AttributeOut(Schema):
    variable: bool
    code: str
    datatype: str = Field(examples=["string", "singlevaluelist"])
    required: bool
    datatype_description: str
    order: int
    description: str
    values: list[AttributeValueOut]


class ServiceDefinitionOut(Schema):
    service_code: str
    attributes: list[AttributeOut]


class RequestCreatedOut(Schema):
    service_request_id: str = Field(examples=["SJ20261206-0001"])
    token: str = Field(description="follow it at tokens/{token}.json; keep it private")
    service_notice: str
    account_id: str | None = None


class RequestOut(Schema):
    service_request_id: str
    status: str = Field(description="open or closed", examples=["open"])
    status_notes: str = Field(description="our own state, in Chinese", examples=["处理中"])
    service_name: str
    service_code: str
    description: str = Field(
        description="empty: what a resident wrote is not published through the API"
    )
    agency_responsible: str = Field(description="the grid or department handling it")
    service_notice: str
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str = Field(description="the area, at grid level: never a home address")
    address_id: str = Field(description="the code of that grid")
    zipcode: str | None = None
    lat: float | None = Field(None, description="not published (null)")
    long: float | None = Field(None, description="not published (null)")
    media_url: str | None = Field(None, description="not published (null)")


class TokenOut(Schema):
    token: str
    service_request_id: str


class Open311Error(Schema):
    code: int = Field(examples=[400])
    description: str = Field(examples=["service_code 不存在"])
