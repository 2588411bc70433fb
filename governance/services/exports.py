"""Exporting registry spreadsheets (and blank templates) as .xlsx or .csv."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from governance import registry_types
from governance.geo.boundary_files import feature_collection
from governance.models import Grid
from governance.permissions import EXPORT, grid_path_field, scope_for
from governance.spreadsheets.cells import neutralise_formula

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
}


def registry_export(*, type_key: str, user, queryset=None, within: Grid | None = None):
    """The rows `user` may see (a filtered admin listing, or everything; only those in the
    subtree of `within` when given) as a tablib Dataset."""
    if user is not None and not scope_for(user).allows_anywhere(EXPORT):
        raise PermissionDenied(_("You may not export registry data."))
    resource = registry_types.get(type_key).resource(user=user)
    rows = resource.export_queryset()
    if queryset is not None:
        rows = rows.filter(pk__in=queryset.values("pk"))
    if within is not None:
        rows = rows.filter(**{f"{grid_path_field(rows.model)}__startswith": within.path})
    return resource.export(rows)


def render(dataset, file_format: str, *, sheet_title: str) -> bytes:
    if file_format == "geojson":
        return feature_collection(dataset)
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([neutralise_formula(cell) for cell in row])
        # The byte-order mark makes Excel open UTF-8 Chinese text correctly.
        return buffer.getvalue().encode("utf-8-sig")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(dataset.headers)
    for row in dataset:
        sheet.append([neutralise_formula(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


COLUMN_HELP = {
    "统一编码": (
        "区6位、街道9位、社区12位，以下每级在上级编码后加3位；上级网格须已存在或在本文件前面的行中"
    ),
    "网格编码": "所属网格的统一编码",
    "网格名称": "仅供阅读，导入时忽略",
    "负责人": "仅供阅读，导入时忽略",
    "单位": "仅供阅读，导入时忽略",
    "层级": "仅供阅读，由编码长度决定",
    "角色": "台账字典中的角色名称，如 网格长",
    "电话公开": "是 / 否：公开的电话会印在连心卡上",
    "统计期": "月份 2026-10，或日期范围 2026-10-01..2026-10-15",
    "统计项": "台账字典中的统计项名称",
    "服务项目": "多个用顿号分隔，如 休息、饮水、充电",
    "步行圈（分钟）": "5、10 或 15",
    "开始日期": "2026-10-01 或 2026年10月1日",
    "结束日期": "2026-10-01 或 2026年10月1日，可留空",
    "成立日期": "2026-10-01 或 2026年10月1日",
}


def template_workbook(type_key: str) -> bytes:
    registry_type = registry_types.get(type_key)
    resource = registry_type.resource()
    headers = resource.get_export_headers()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = registry_type.label
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列", "是否必填", "说明"])
    required = set(resource.required_columns)
    notes = {**COLUMN_HELP, **resource.column_help()}
    for header in headers:
        help_sheet.append([header, "必填" if header in required else "可选", notes.get(header, "")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
