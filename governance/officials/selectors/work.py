"""What the officials' screens read: the needs, tasks and projects a user may see, and the
choices their forms offer (each limited to the user's scope, so a forged id names nothing)."""

import datetime

from django.db.models import Q, QuerySet

from governance.models import Grid, GridLevel, Person, VolunteerTeam
from governance.officials.models import Need, NeedStatus, Project, Task, YoungOfficial
from governance.permissions import VIEW, scope_for


def visible_needs(user) -> QuerySet:
    needs = Need.objects.select_related(
        "grid", "collected_by__person", "task", "merged_into", "responsibility"
    )
    return scope_for(user).restrict(needs, VIEW, path_field="grid__path")


def visible_tasks(user) -> QuerySet:
    """The tasks of the user's grids, and those the user owns as a young official (a street's
    official may carry a community's task)."""
    tasks = Task.objects.select_related(
        "grid", "owner_official__person", "owner_person", "owner_team", "responsibility"
    )
    scope = scope_for(user)
    if scope.is_superuser:
        return tasks
    in_scope = scope.restrict(Task.objects.all(), VIEW, path_field="grid__path")
    return tasks.filter(Q(pk__in=in_scope.values("pk")) | Q(owner_official__user=user))


def visible_projects(user) -> QuerySet:
    projects = Project.objects.select_related(
        "grid", "claimed_by_official__person", "claimed_by_team"
    )
    return scope_for(user).restrict(projects, VIEW, path_field="grid__path")


def area_condition(grid: Grid, path_field: str) -> Q:
    """Rows at the grid's community (its whole subtree) or on the way up to its district:
    where the owner of a task on this grid, or a need it repeats, is found."""
    community_depth = min(grid.depth, GridLevel.COMMUNITY)
    community_path = grid.path[: community_depth * grid.steplen]
    return Q(**{f"{path_field}__startswith": community_path}) | Q(
        **{f"{path_field}__in": grid.ancestor_paths()}
    )


def owner_choices(user, grid: Grid) -> dict[str, QuerySet]:
    """Young officials, people and teams the user may give a task on `grid` to."""
    scope = scope_for(user)

    def near(queryset, path_field):
        queryset = queryset.filter(area_condition(grid, path_field))
        return scope.restrict(queryset, VIEW, path_field=path_field)

    return {
        "official": near(
            YoungOfficial.objects.select_related("person__grid"), "person__grid__path"
        ).order_by("person__grid__path", "person__name"),
        "person": near(Person.objects.select_related("grid", "role"), "grid__path").order_by(
            "grid__path", "name"
        ),
        "team": near(VolunteerTeam.objects.select_related("grid"), "grid__path").order_by(
            "grid__path", "name"
        ),
    }


def merge_targets(user, need: Need, *, today: datetime.date) -> QuerySet:
    """Needs of the same community a duplicate may join: recent, still standing."""
    needs = Need.objects.filter(
        area_condition(need.grid, "grid__path"),
        status__in=(NeedStatus.NEW, NeedStatus.TASKED),
        collected_on__gte=today - datetime.timedelta(days=365),
    ).exclude(pk=need.pk)
    return (
        scope_for(user)
        .restrict(needs, VIEW, path_field="grid__path")
        .select_related("grid")
        .order_by("-collected_on", "-pk")
    )
