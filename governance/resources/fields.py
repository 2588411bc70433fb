"""Column builders shared by the registry spreadsheets. Column titles are the Chinese labels clerks
already use; foreign keys are natural keys (grid code, role name, kind name), never database ids."""

from django.utils.translation import gettext_lazy
from import_export.fields import Field

from governance.resources.base import key_text
from governance.resources.widgets import LookupWidget, TextWidget

GRID_MISSING = gettext_lazy(
    "Grid code “%(value)s” does not exist or is outside the part of the tree you may import into."
)


def grid_code_field(column="网格编码"):
    return Field(
        attribute="grid",
        column_name=column,
        widget=LookupWidget("grids", "code", GRID_MISSING),
    )


def grid_name_field():
    return Field(attribute="grid__name", column_name="网格名称", readonly=True, widget=TextWidget())


def text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


def names_in_column(dataset, column) -> set[str]:
    if column not in (dataset.headers or []):
        return set()
    return {key_text(value) for value in dataset[column]}
