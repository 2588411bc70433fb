"""The registry spreadsheet of people and their roles."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from governance.models import Person, Role
from governance.permissions import EXPORT
from governance.resources.base import RegistryResource
from governance.resources.chunks import in_chunks
from governance.resources.fields import (
    grid_code_field,
    grid_name_field,
    names_in_column,
    text,
)
from governance.resources.widgets import (
    BooleanWidget,
    DateWidget,
    LookupWidget,
    PhoneWidget,
)


class PersonResource(RegistryResource):
    key_fields = ("grid", "name", "role")
    compared_attributes = (
        "grid_id",
        "name",
        "role_id",
        "phone",
        "phone_public",
        "unit",
        "start_date",
        "end_date",
        "notes",
    )
    unchecked_attributes = ("grid", "role")

    grid = grid_code_field()
    grid_name = grid_name_field()
    name = text("name", "姓名")
    role = Field(
        attribute="role",
        column_name="角色",
        widget=LookupWidget(
            "roles",
            "name",
            gettext_lazy(
                "Role “%(value)s” does not exist: add it under Registry lists › Roles first."
            ),
        ),
    )
    phone = Field(attribute="phone", column_name="电话", widget=PhoneWidget(strict=True))
    phone_public = Field(attribute="phone_public", column_name="电话公开", widget=BooleanWidget())
    unit = text("unit", "派出单位")
    start_date = Field(attribute="start_date", column_name="开始日期", widget=DateWidget())
    end_date = Field(attribute="end_date", column_name="结束日期", widget=DateWidget())
    notes = text("notes", "备注")

    class Meta(RegistryResource.Meta):
        model = Person
        fields = (
            "grid",
            "grid_name",
            "name",
            "role",
            "phone",
            "phone_public",
            "unit",
            "start_date",
            "end_date",
            "notes",
        )

    def load_lookups(self):
        return {
            "grids": self.import_grids_by_code(),
            "roles": {role.name: role for role in Role.objects.all()},
        }

    def instance_key(self, person):
        return (person.grid.code, person.name, person.role.name)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        people = self.known(Person.objects.select_related("grid", "role"))
        return in_chunks(people, "grid__code", codes)

    def check_instance(self, person, new):
        if person.start_date and person.end_date and person.end_date < person.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def dehydrate_phone(self, person):
        if not person.phone or person.phone_public:
            return person.phone
        if self.scope is None or self.scope.sees_personal_data(person.grid.path):
            return person.phone
        return person.masked_phone

    def export_queryset(self):
        people = Person.objects.select_related("grid", "role").order_by(
            "grid__path", "role__sort_order", "name"
        )
        return self.restrict(people, EXPORT)
