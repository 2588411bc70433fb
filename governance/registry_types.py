"""The registry's record types, declared once.

A type joins a model, its spreadsheet resource and its admin viewset under the key that commands
and URLs use (`import_registry people …`). Permissions, the audit trail, the registry version,
the admin menu, imports and exports all read this list. Adding a type means writing the model,
the resource and the viewset, and one `RegistryType(...)` line here (or, for a domain app, a
`register(...)` call in its AppConfig.ready).

A domain app with its own admin and its own rules for who may do what (events: the workflow's
`may_handle`) registers a type without a viewset: it gains the spreadsheets (commands, import
pages, history), and stays out of the registry menu, the registry's permission policy and audit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from governance.geo.boundary_files import BOUNDARY_FILES
from governance.models import (
    Amenity,
    Role,
    ServicePointKind,
    TallyKind,
    TeamType,
)
from governance.resources.base import RegistryResource
from governance.resources.boundaries import BoundaryResource
from governance.resources.grids import GridResource
from governance.resources.people import PersonResource
from governance.resources.service_points import ServicePointResource
from governance.resources.tallies import TallyEntryResource
from governance.resources.teams import VolunteerTeamResource
from governance.spreadsheets.formats import SPREADSHEETS, FileFormats
from governance.viewsets.grids import GridViewSet
from governance.viewsets.people import PersonViewSet
from governance.viewsets.scoped import GridScopedSnippetViewSet
from governance.viewsets.service_points import ServicePointViewSet
from governance.viewsets.tallies import TallyEntryViewSet
from governance.viewsets.teams import VolunteerTeamViewSet


@dataclass(frozen=True)
class RegistryType:
    key: str
    #: the sheet title and file name of its spreadsheets (a data format, so written in Chinese)
    label: str
    resource: type[RegistryResource]
    #: None: the owning app has its own admin; the type only brings spreadsheets
    viewset: type[GridScopedSnippetViewSet] | None = None
    #: editable lists whose changes alter what the records show (role names, kinds, …)
    lookups: tuple[type[Model], ...] = ()
    #: exports hold personal data: the admin and the command ask why before giving the file
    asks_reason: bool = False
    #: called after each export as on_export(user, registry_type, rows, reason), so an app
    #: can keep its own access log (the core never imports the app)
    on_export: Callable[[object, "RegistryType", int, str], None] | None = None
    #: the files it is imported from and exported to (spreadsheets unless it says otherwise)
    files: FileFormats = SPREADSHEETS

    @property
    def model(self) -> type[Model]:
        return self.resource._meta.model

    def make_viewset(self) -> GridScopedSnippetViewSet:
        return self.viewset(registry_type=self)


_TYPES: dict[str, RegistryType] = {}


def register(registry_type: RegistryType) -> RegistryType:
    _TYPES[registry_type.key] = registry_type
    return registry_type


def all_types() -> list[RegistryType]:
    return list(_TYPES.values())


def admin_types() -> list[RegistryType]:
    """The types the registry admin shows and its grid-scoped policy and audit trail govern."""
    return [registry_type for registry_type in _TYPES.values() if registry_type.viewset]


def keys() -> list[str]:
    return sorted(_TYPES)


def get(key: str) -> RegistryType:
    """The type named `key`; KeyError for an unknown one."""
    return _TYPES[key]


def scoped_models() -> list[type[Model]]:
    """Every registry model whose records belong to a grid node (and so follow the grid scope)."""
    return [registry_type.model for registry_type in admin_types()]


for core_type in (
    RegistryType("grids", "网格", GridResource, GridViewSet),
    RegistryType("people", "人员", PersonResource, PersonViewSet, lookups=(Role,)),
    RegistryType(
        "teams", "志愿服务队", VolunteerTeamResource, VolunteerTeamViewSet, lookups=(TeamType,)
    ),
    RegistryType(
        "service-points",
        "服务点",
        ServicePointResource,
        ServicePointViewSet,
        lookups=(ServicePointKind, Amenity),
    ),
    RegistryType(
        "tallies", "工作台账", TallyEntryResource, TallyEntryViewSet, lookups=(TallyKind,)
    ),
    # Boundaries belong to the grids (the grid tree's admin and audit govern them): the type
    # only brings the GeoJSON/KML import and the GeoJSON export.
    RegistryType("boundaries", "网格边界", BoundaryResource, files=BOUNDARY_FILES),
):
    register(core_type)
