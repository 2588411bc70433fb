"""本月待走访 at /admin/care/due/: the residents due a visit by the end of this month, in the
user's VIEW scope, optionally one grid's subtree (by code). Cards, so it reads on a phone."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.care.selectors import due_counts_by_grid, due_page, last_day_of_month
from governance.permissions import VIEW, scope_for

PER_PAGE = 50


def due(request):
    scope = scope_for(request)
    if not scope.allows_anywhere(VIEW):
        raise PermissionDenied
    today = timezone.localdate()
    grids = list(scope.visible_grids(VIEW).order_by("path").only("pk", "name", "code", "path"))
    code = (request.GET.get("grid") or "").strip()
    node, errors = None, []
    if code:
        node = next((grid for grid in grids if grid.code == code), None)
        if node is None:
            errors.append(
                _("No grid with the code “%(code)s” is among the grids you may see.")
                % {"code": code}
            )
    page, rows = (None, [])
    counts = []
    if not errors:
        page, rows = due_page(
            scope, node=node, today=today, page=request.GET.get("p"), per_page=PER_PAGE
        )
        counts = due_counts_by_grid(scope, node=node, today=today)
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "care/admin/due.html",
        {
            "page": page,
            "rows": rows,
            "counts": counts,
            "grids": grids,
            "node": node,
            "errors": errors,
            "month_end": last_day_of_month(today),
            "query": query.urlencode(),
        },
    )
