"""The shapes the boundary field draws beside a new grid, asked again when its parent is chosen
in the form: /admin/registry/map/neighbours/?parent=<id>. A parent the user may not see, or an
id that names nothing, is a 404 alike."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from governance.geo.neighbours import reference_shapes
from governance.models import Grid
from governance.permissions import VIEW, scope_for
from governance.viewsets.scoped import is_record_id


def boundary_neighbours(request):
    value = request.GET.get("parent", "")
    parent = Grid.objects.filter(pk=value).first() if is_record_id(value) else None
    if parent is None or not scope_for(request).allows(VIEW, parent.path):
        return JsonResponse(
            {"detail": _("No grid with this number is among those you may see.")}, status=404
        )
    return JsonResponse(reference_shapes(parent))
