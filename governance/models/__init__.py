from .assignments import AccessRole, Assignment
from .audit import RegistryLogEntry
from .grids import CODE_LENGTH_BY_LEVEL, Grid, GridKind, GridLevel
from .imports import ImportJob, ImportMode, ImportStatus
from .people import Person, Role, mask_name, mask_phone
from .reports import Report, ReportLayout, ReportStatus
from .service_points import Amenity, ServicePoint, ServicePointKind, WalkingRing
from .tallies import TallyEntry, TallyKind, TallyUnit
from .tally_summaries import TallySummary
from .teams import TeamMember, TeamStatus, TeamType, VolunteerTeam

__all__ = [
    "AccessRole",
    "Assignment",
    "CODE_LENGTH_BY_LEVEL",
    "Amenity",
    "Grid",
    "ImportJob",
    "ImportMode",
    "ImportStatus",
    "GridKind",
    "GridLevel",
    "Person",
    "RegistryLogEntry",
    "Report",
    "ReportLayout",
    "ReportStatus",
    "Role",
    "ServicePoint",
    "ServicePointKind",
    "TallyEntry",
    "TallySummary",
    "TallyKind",
    "TallyUnit",
    "TeamMember",
    "TeamStatus",
    "TeamType",
    "VolunteerTeam",
    "WalkingRing",
    "mask_name",
    "mask_phone",
]
