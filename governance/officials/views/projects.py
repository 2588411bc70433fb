"""A project's page at /admin/officials/projects/<id>/: milestones, the needs and tasks it
takes up, its outcome and photos; the editors of its grid mark milestones, finish it, add
photos, and publish a finished one on the community page (我们办成的事)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.officials.forms.moves import run_move
from governance.officials.forms.project_moves import PROJECT_FORMS
from governance.officials.models import ProjectStatus
from governance.officials.selectors.work import visible_projects
from governance.officials.services import workflow
from governance.officials.views.pages import move_forms, record_or_404, render_page
from governance.permissions import CHANGE, scope_for


def allowed_moves(request, project) -> set[str]:
    if not scope_for(request).allows(CHANGE, project.grid.path):
        return set()
    moves = {"photo"}
    if project.status == ProjectStatus.ACTIVE:
        moves |= {"finish"}
        if any(milestone.done_on is None for milestone in project.milestones.all()):
            moves.add("milestone")
    if workflow.may_publish(request.user, project) and (
        project.status == ProjectStatus.DONE or project.is_public
    ):
        moves.add("publish")
    return moves


def render_project(request, project, *, bound=None, status=200):
    allowed = allowed_moves(request, project)
    return render_page(
        request,
        "officials/admin/project.html",
        {
            "project": project,
            "milestones": project.milestones.all(),
            "photos": project.photos.select_related("image"),
            "needs": project.needs.select_related("grid"),
            "tasks": project.tasks.select_related("grid"),
            "forms": move_forms(
                project,
                request.user,
                PROJECT_FORMS,
                allowed.__contains__,
                url_name="officials_project_move",
                bound=bound,
            ),
            "may_edit": scope_for(request).allows(CHANGE, project.grid.path),
        },
        status=status,
    )


def project_page(request, pk):
    return render_project(request, record_or_404(visible_projects(request.user), pk))


@require_POST
def project_move(request, pk, move):
    project = record_or_404(visible_projects(request.user), pk)
    form_class = PROJECT_FORMS.get(move)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES, record=project, user=request.user)
    status = run_move(form)
    project.refresh_from_db()
    if status is not None:
        return render_project(request, project, bound=form, status=status)
    messages.success(
        request, _("“%(project)s”: %(move)s.") % {"project": project.title, "move": form.label}
    )
    return redirect("officials_project", pk=project.pk)
