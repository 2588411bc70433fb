"""The files a registry type is imported from and exported to.

Most types travel as spreadsheets (.xlsx, .csv). A type may declare other files instead (grid
boundaries come as GeoJSON or KML): its reader turns each record of the file into one row of a
`Sheet`, so the rest of the pipeline (preview, confirm, the worker, the history, the report)
is the same for every type.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from governance.spreadsheets.reading import Sheet, check_upload, read_spreadsheet


@dataclass(frozen=True)
class FileFormats:
    #: the upload field's label, and the extensions the browser's file picker offers
    upload_label: str
    accept: str
    #: check(content, file_name, limits=…): what costs nothing, run by the web request
    check: Callable[..., None]
    #: read(content, file_name, limits=…) -> Sheet: the full read, run by the worker
    read: Callable[..., Sheet]
    #: the export formats (the first is the default)
    export_formats: tuple[str, ...] = ("xlsx", "csv")
    #: whether a blank .xlsx template can be downloaded
    has_template: bool = True
    #: the upload page's description of the files it takes
    help_template: str = "governance/admin/import_help_spreadsheet.html"
    #: each record is a feature of a map file, not a spreadsheet row (reports say so)
    by_feature: bool = False


SPREADSHEETS = FileFormats(
    upload_label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
    accept=".xlsx,.csv",
    check=check_upload,
    read=read_spreadsheet,
)
