"""A task's page at /admin/officials/tasks/<id>/: the needs it answers, its progress notes, and
the moves: a note and 办结 for the grid's editors and the owning young official, 撤销 for the
editors only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.officials.forms.moves import run_move
from governance.officials.forms.task_moves import TASK_FORMS
from governance.officials.models import NeedSource, TaskStatus
from governance.officials.selectors.work import visible_tasks
from governance.officials.services import workflow
from governance.officials.views.pages import (
    move_forms,
    record_or_404,
    render_page,
    shown_description,
)
from governance.permissions import CHANGE, scope_for


def allowed_moves(request, task) -> set[str]:
    if task.status != TaskStatus.OPEN:
        return set()
    moves = set()
    if workflow.may_work_on(request.user, task):
        moves |= {"note", "finish"}
    if scope_for(request).allows(CHANGE, task.grid.path):
        moves.add("cancel")
    return moves


def render_task(request, task, *, bound=None, status=200):
    allowed = allowed_moves(request, task)
    needs = list(task.needs.select_related("grid"))
    from_a_visit = any(need.source == NeedSource.VISIT for need in needs)
    return render_page(
        request,
        "officials/admin/task.html",
        {
            "task": task,
            "description": shown_description(request, task, from_a_visit=from_a_visit),
            "overdue": task.is_overdue(workflow.today()),
            "forms": move_forms(
                task,
                request.user,
                TASK_FORMS,
                allowed.__contains__,
                url_name="officials_task_move",
                bound=bound,
            ),
            "needs": needs,
            "notes": task.notes.select_related("written_by"),
            "projects": task.projects.all(),
        },
        status=status,
    )


def task_page(request, pk):
    return render_task(request, record_or_404(visible_tasks(request.user), pk))


@require_POST
def task_move(request, pk, move):
    task = record_or_404(visible_tasks(request.user), pk)
    form_class = TASK_FORMS.get(move)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, record=task, user=request.user)
    status = run_move(form)
    task.refresh_from_db()
    if status is not None:
        return render_task(request, task, bound=form, status=status)
    messages.success(request, _("“%(task)s”: %(move)s.") % {"task": task.title, "move": form.label})
    return redirect("officials_task", pk=task.pk)
