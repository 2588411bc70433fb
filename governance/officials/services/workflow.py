"""The three lists' moves: a need is recorded (typed in, or from a visit or an event), triaged
once (to a task, merged into another need, or declined with a reason); a task gathers progress
notes and is finished or cancelled; a project is claimed, reaches its milestones, finishes and
may be published.

    需求 待分拣 ─转任务→ 已转任务 ─(任务) 办理中 ─办结→ 已完成
              ├─合并→ 已合并               └─撤销→ 已撤销
              └─不予受理(理由)→ 不予受理
    项目 攻坚中 ─节点完成…─办结(成效)→ 已办结 ─发布→ 我们办成的事

Admin views, imports and the demo all call these functions; none writes a status itself. Each
move locks its row, so two people triaging the same need at once give one task and one refusal.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.events.workdays import WorkingCalendar
from governance.models import Grid, Person, VolunteerTeam
from governance.officials.models import (
    Milestone,
    Need,
    NeedSource,
    NeedStatus,
    Project,
    ProjectStatus,
    ResponsibilityItem,
    Task,
    TaskNote,
    TaskStatus,
    YoungOfficial,
)
from governance.officials.permissions import EDITOR_ROLES
from governance.permissions import ADD, CHANGE, VIEW, scope_for

# Needs are entered as they are collected, at most this late; a task lasts at most this long
# (a deadline in 9999 would never be overdue and always "on time").
LATE_ENTRY_DAYS = 366
LONGEST_TASK_DAYS = 366


class WorkRefused(Exception):
    """The state or the request does not allow this move; the message says why, in Chinese."""

    status_code = 409


class WorkForbidden(WorkRefused):
    status_code = 403


def today() -> datetime.date:
    """The local date; tests replace it to fix the clock."""
    return timezone.localdate()


def official_of(user) -> YoungOfficial | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return YoungOfficial.objects.filter(user=user).select_related("person__grid").first()


def _require(by, action: str, grid: Grid) -> None:
    if not scope_for(by).allows(action, grid.path):
        raise WorkForbidden(_("%(grid)s is outside your grids.") % {"grid": grid.name})


def _locked(model, pk):
    return model.objects.select_for_update().select_related("grid").get(pk=pk)


def _require_visible(by, owner) -> None:
    """An owner or claimant chosen on a form must be one the user can see (forged ids)."""
    grid = owner.grid if owner is not None else None
    if grid is None or not scope_for(by).allows(VIEW, grid.path):
        raise WorkForbidden(_("%(owner)s is outside your grids.") % {"owner": owner})


# Needs


def need_record(
    *,
    by,
    grid: Grid,
    title: str,
    description: str = "",
    source: str = NeedSource.TYPED,
    source_note: str = "",
    responsibility: ResponsibilityItem | None = None,
    collected_on: datetime.date | None = None,
    collected_by: YoungOfficial | None = None,
    visit=None,
    event=None,
) -> Need:
    _require(by, ADD, grid)
    collected_on = collected_on or today()
    if collected_on > today():
        raise WorkRefused(_("A need cannot be collected on a day still to come."))
    if collected_on < today() - datetime.timedelta(days=LATE_ENTRY_DAYS):
        raise WorkRefused(
            _("A need collected more than %(days)d days ago can no longer be entered.")
            % {"days": LATE_ENTRY_DAYS}
        )
    need = Need(
        grid=grid,
        title=title,
        description=description,
        source=source,
        source_note=source_note,
        responsibility=responsibility,
        collected_on=collected_on,
        collected_by=collected_by or official_of(by),
        visit=visit,
        event=event,
        created_by=by,
    )
    need.full_clean()
    need.save()
    return need


def need_from_visit(*, by, visit, title: str, description: str | None = None, **fields) -> Need:
    """The need a resident voiced at a visit, collected by whoever made the visit. Asking twice
    (a double tap) gives the same need back."""
    with transaction.atomic():
        same = Need.objects.filter(visit=visit, title=title).first()
        if same is not None:
            return same
        return need_record(
            by=by,
            grid=visit.grid,
            title=title,
            description=visit.needs if description is None else description,
            source=NeedSource.VISIT,
            collected_on=timezone.localtime(visit.visited_at).date(),
            collected_by=official_of(visit.visited_by) or official_of(by),
            visit=visit,
            **fields,
        )


def need_from_event(*, by, event, title: str | None = None, **fields) -> Need:
    with transaction.atomic():
        same = Need.objects.filter(event=event).first()
        if same is not None:
            return same
        return need_record(
            by=by,
            grid=event.grid,
            title=title or event.title,
            description=event.description,
            source=NeedSource.EVENT,
            event=event,
            **fields,
        )


def _triaged(need: Need, by, status: str) -> None:
    need.status = status
    need.triaged_by = by
    need.triaged_at = timezone.now()


def may_triage(by, need: Need) -> bool:
    return scope_for(by).allows(CHANGE, need.grid.path, roles=EDITOR_ROLES)


def _untriaged(by, need: Need) -> Need:
    need = _locked(Need, need.pk)
    if not may_triage(by, need):
        raise WorkForbidden(
            _("Only an editor of %(grid)s can triage its needs.") % {"grid": need.grid.name}
        )
    if need.status != NeedStatus.NEW:
        raise WorkRefused(
            _("“%(title)s” was already triaged: %(status)s.")
            % {"title": need.title, "status": need.get_status_display()}
        )
    return need


def task_deadline(working_days: int, start: datetime.date | None = None) -> datetime.date:
    """`working_days` PRC working days after `start` (today), with 调休, as events count them."""
    if working_days < 1:
        raise WorkRefused(_("A task needs at least one working day."))
    return WorkingCalendar().add_workdays(start or today(), working_days)


def need_to_task(
    *,
    by,
    need: Need,
    owner: YoungOfficial | Person | VolunteerTeam,
    working_days: int | None = None,
    due_on: datetime.date | None = None,
    title: str = "",
    description: str = "",
    responsibility: ResponsibilityItem | None = None,
    on: datetime.date | None = None,
) -> Task:
    """`on` is the day of triage (today; earlier for records entered late)."""
    if (working_days is None) == (due_on is None):
        raise WorkRefused(_("Give the task a deadline: a number of working days or a date."))
    _require_visible(by, owner)
    with transaction.atomic():
        need = _untriaged(by, need)
        task = task_create(
            by=by,
            grid=need.grid,
            title=title or need.title,
            description=description or need.description,
            owner=owner,
            due_on=due_on or task_deadline(working_days, on),
            responsibility=responsibility or need.responsibility,
            on=on,
        )
        _triaged(need, by, NeedStatus.TASKED)
        need.task = task
        need.save()
    return task


def need_merge(*, by, need: Need, into: Need) -> Need:
    """A duplicate joins the need it repeats (and its task, if that one has become a task)."""
    if into.pk == need.pk:
        raise WorkRefused(_("A need cannot be merged into itself."))
    with transaction.atomic():
        need = _untriaged(by, need)
        into = Need.objects.select_related("grid").get(pk=into.pk)
        _require(by, VIEW, into.grid)
        if into.status in (NeedStatus.MERGED, NeedStatus.DECLINED):
            raise WorkRefused(
                _("“%(title)s” is %(status)s; merge into the need it went to instead.")
                % {"title": into.title, "status": into.get_status_display()}
            )
        _triaged(need, by, NeedStatus.MERGED)
        need.merged_into = into
        need.task = into.task
        need.save()
    return need


def need_decline(*, by, need: Need, reason: str) -> Need:
    if not reason.strip():
        raise WorkRefused(_("Say why the need is declined."))
    with transaction.atomic():
        need = _untriaged(by, need)
        _triaged(need, by, NeedStatus.DECLINED)
        need.decline_reason = reason.strip()
        need.save()
    return need


# Tasks

OWNER_FIELDS = {
    YoungOfficial: "owner_official",
    Person: "owner_person",
    VolunteerTeam: "owner_team",
}


def task_create(
    *, by, grid: Grid, title: str, owner, due_on: datetime.date, on=None, **fields
) -> Task:
    _require(by, ADD, grid)
    _require_visible(by, owner)
    created_on = on or today()
    if due_on < created_on:
        raise WorkRefused(_("A task cannot be due before it is created."))
    if due_on > created_on + datetime.timedelta(days=LONGEST_TASK_DAYS):
        raise WorkRefused(
            _("A task is due within %(days)d days; a longer piece of work is a project.")
            % {"days": LONGEST_TASK_DAYS}
        )
    task = Task(
        grid=grid, title=title, due_on=due_on, created_on=created_on, created_by=by, **fields
    )
    setattr(task, OWNER_FIELDS[type(owner)], owner)
    task.full_clean()
    task.save()
    return task


def may_work_on(by, task: Task) -> bool:
    """Editors of the task's grid, and the young official who owns it."""
    if scope_for(by).allows(CHANGE, task.grid.path):
        return True
    return task.owner_official_id is not None and task.owner_official.user_id == getattr(
        by, "pk", None
    )


def _open_task(by, task: Task) -> Task:
    task = _locked(Task, task.pk)
    if not may_work_on(by, task):
        raise WorkForbidden(_("%(grid)s is outside your grids.") % {"grid": task.grid.name})
    if task.status != TaskStatus.OPEN:
        raise WorkRefused(
            _("“%(title)s” is %(status)s already.")
            % {"title": task.title, "status": task.get_status_display()}
        )
    return task


def task_add_note(*, by, task: Task, text: str) -> TaskNote:
    if not text.strip():
        raise WorkRefused(_("Write what has been done."))
    with transaction.atomic():
        task = _open_task(by, task)
        return TaskNote.objects.create(task=task, text=text.strip(), written_by=by)


def task_finish(*, by, task: Task, result: str, done_on: datetime.date | None = None) -> Task:
    if not result.strip():
        raise WorkRefused(_("Say what the task achieved."))
    done_on = done_on or today()
    if done_on > today():
        raise WorkRefused(_("A task cannot be done on a day still to come."))
    with transaction.atomic():
        task = _open_task(by, task)
        if done_on < task.created_on:
            raise WorkRefused(_("A task cannot be done before it was created."))
        task.status = TaskStatus.DONE
        task.result = result.strip()
        task.done_on = done_on
        task.save()
    return task


def task_cancel(*, by, task: Task, reason: str) -> Task:
    if not reason.strip():
        raise WorkRefused(_("Say why the task is cancelled."))
    with transaction.atomic():
        task = _open_task(by, task)
        if not scope_for(by).allows(CHANGE, task.grid.path):
            raise WorkForbidden(_("Only an editor of the grid can cancel a task."))
        task.status = TaskStatus.CANCELLED
        task.save()
        TaskNote.objects.create(task=task, text=reason.strip(), written_by=by)
    return task


# Projects


def project_claim(
    *,
    by,
    grid: Grid,
    title: str,
    problem: str,
    goal: str,
    claimant: YoungOfficial | VolunteerTeam,
    milestones: list[tuple[str, datetime.date]] = (),
    needs=(),
    tasks=(),
    claimed_on: datetime.date | None = None,
) -> Project:
    _require(by, ADD, grid)
    _require_visible(by, claimant)
    for record in [*needs, *tasks]:
        if not record.grid.path.startswith(grid.path):
            raise WorkRefused(
                _("“%(title)s” is outside %(grid)s.") % {"title": record.title, "grid": grid.name}
            )
    with transaction.atomic():
        project = Project(
            grid=grid,
            title=title,
            problem=problem,
            goal=goal,
            claimed_on=claimed_on or today(),
            created_by=by,
        )
        if isinstance(claimant, YoungOfficial):
            project.claimed_by_official = claimant
        else:
            project.claimed_by_team = claimant
        project.full_clean()
        project.save()
        for order, (milestone_title, due_on) in enumerate(milestones):
            Milestone.objects.create(
                project=project, title=milestone_title, due_on=due_on, sort_order=order
            )
        project.needs.set(needs)
        project.tasks.set(tasks)
    return project


def _active_project(by, project: Project) -> Project:
    project = _locked(Project, project.pk)
    _require(by, CHANGE, project.grid)
    if project.status != ProjectStatus.ACTIVE:
        raise WorkRefused(
            _("“%(title)s” is %(status)s already.")
            % {"title": project.title, "status": project.get_status_display()}
        )
    return project


def milestone_reach(*, by, milestone: Milestone, done_on: datetime.date | None = None):
    done_on = done_on or today()
    if done_on > today():
        raise WorkRefused(_("A milestone cannot be reached on a day still to come."))
    with transaction.atomic():
        _active_project(by, milestone.project)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is None:
            milestone.done_on = done_on
            milestone.save(update_fields=["done_on"])
    return milestone


def project_finish(
    *, by, project: Project, outcome: str, finished_on: datetime.date | None = None
) -> Project:
    if not outcome.strip():
        raise WorkRefused(_("Describe the outcome of the project."))
    finished_on = finished_on or today()
    with transaction.atomic():
        project = _active_project(by, project)
        if finished_on < project.claimed_on:
            raise WorkRefused(_("A project cannot finish before it was claimed."))
        project.status = ProjectStatus.DONE
        project.outcome = outcome.strip()
        project.finished_on = finished_on
        project.save()
    return project


def may_publish(by, project: Project) -> bool:
    return scope_for(by).allows(CHANGE, project.grid.path, roles=EDITOR_ROLES)


def project_publish(*, by, project: Project, public: bool = True) -> Project:
    with transaction.atomic():
        project = _locked(Project, project.pk)
        if not may_publish(by, project):
            raise WorkForbidden(_("Only an editor of the grid can publish a project."))
        if public and project.status != ProjectStatus.DONE:
            raise WorkRefused(_("Only a finished project can be published."))
        project.is_public = public
        project.save(update_fields=["is_public", "updated_at"])
    return project
