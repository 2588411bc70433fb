"""Version tags per subtree of the grid tree, so a save in one community leaves the rest of the
city's cached pages, API answers and figures warm (`civicgrid.versions`).

What reads the subtree at node N (its own page, figures, API answers) depends on `at:N`, and on
`under:A` for each ancestor A (their names show in its breadcrumbs and cards). A write at node G
bumps `at:` of G and each of its ancestors (their roll-ups include G) and `under:G` (everything
below G shows G). Siblings share neither.

Saves and deletes bump through model signals, the old grid as well as the new when a record
moves; bulk writes (imports) call `bump_subtrees` with the paths they wrote.
"""

from functools import cache

from django.db.models import ForeignKey
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from civicgrid import dependencies, versions
from governance.models import Grid
from governance.resources.chunks import in_chunks

STEP = Grid.steplen
# Above this many subtrees, a bulk write bumps their ancestors at the deepest level that has
# at most this many: a little more goes cold, in a bounded number of cache writes.
BUMP_LIMIT = 100


def ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(STEP, len(path), STEP)]


def reader_tags(path: str) -> list[str]:
    return [f"at:{path}", *(f"under:{ancestor}" for ancestor in ancestor_paths(path))]


def writer_tags(path: str) -> list[str]:
    return [*(f"at:{ancestor}" for ancestor in ancestor_paths(path)), f"at:{path}", f"under:{path}"]


def depends_on_subtree(node: Grid) -> None:
    """The answer being built shows `node`'s subtree (and the names of its ancestors)."""
    dependencies.depends_only_on(*reader_tags(node.path))


def registry_stamp(node: Grid | None = None) -> str:
    """The versions of `node`'s subtree (of anything, without one) as a string, for keys of
    caches derived from it."""
    return versions.stamp(reader_tags(node.path) if node else [versions.EVERYTHING])


def bump_subtrees(paths) -> None:
    """Bumps what shows the subtrees at `paths` ("" is the whole tree)."""
    paths = set(paths)
    if "" in paths:
        paths = {root.path for root in Grid.get_root_nodes()}
    if not paths:
        versions.bump([])
        return
    depth = max(len(path) for path in paths) // STEP
    while len(paths) > BUMP_LIMIT and depth > 1:
        depth -= 1
        paths = {path[: depth * STEP] for path in paths}
    versions.bump(tag for path in paths for tag in writer_tags(path))


def _grid_fields(model) -> list:
    return [f for f in model._meta.fields if isinstance(f, ForeignKey) and f.related_model is Grid]


@cache
def _grid_links(model) -> tuple[str, ...]:
    """Lookups from `model` to the grids a record of it belongs to: its own foreign keys to
    Grid, or else one step through a foreign key to a model that has one (a photo's project,
    a published case's event). None for a shared lookup (a role, a kind)."""
    if issubclass(model, Grid):
        return ("path",)
    own = [f"{field.name}__path" for field in _grid_fields(model)]
    if own:
        return tuple(own)
    return tuple(
        f"{field.name}__{grid_field.name}__path"
        for field in model._meta.fields
        if isinstance(field, ForeignKey) and field.related_model is not model
        for grid_field in _grid_fields(field.related_model)
    )


def remember_stored_paths(sender, instance, raw=False, **kwargs) -> None:
    """Before an update or a delete, the grids the record belongs to now: a move leaves
    them too, and a deleted record can no longer be followed to its grid."""
    if raw or instance._state.adding or isinstance(instance, Grid) or not _grid_links(sender):
        return
    instance._paths_before_save = stored_paths(sender, [instance.pk])


def bump_for_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        before = getattr(instance, "_paths_before_save", set())
        bump_subtrees(before | record_paths(sender, [instance]))


def stored_paths(model, pks) -> set[str]:
    """The grids that records of `model` with these keys belong to in the database now ("":
    a lookup the registry shares, a role or a kind, which any subtree may show)."""
    if not _grid_links(model):
        return {""}
    rows = in_chunks(model._base_manager.values_list(*_grid_links(model)), "pk", pks)
    return {path for row in rows for path in row if path}


def record_paths(model, records) -> set[str]:
    """The grids these records of `model` belong to, from their own grids where loaded and
    one query for the rest."""
    if issubclass(model, Grid):
        return {record.path for record in records}
    fields = _grid_fields(model)
    if not fields:
        return stored_paths(model, [record.pk for record in records if record.pk is not None])
    paths, grid_ids = set(), set()
    for record in records:
        for field in fields:
            if field.is_cached(record):
                if (grid := getattr(record, field.name)) is not None:
                    paths.add(grid.path)
            elif (grid_id := getattr(record, field.attname)) is not None:
                grid_ids.add(grid_id)
    return paths | (stored_paths(Grid, grid_ids) if grid_ids else set())


def bump_for_records(model, records) -> None:
    """Bulk writes send no signals: the subtrees of the records written are bumped here."""
    bump_subtrees(record_paths(model, list(records)))


def connect_signals(models) -> None:
    """Saves and deletes of `models`, and changes of their many-to-many sets, bump the
    subtrees they belong to."""
    for model in models:
        name = f"{model._meta.app_label}.{model.__name__}"
        pre_save.connect(remember_stored_paths, sender=model, dispatch_uid=f"paths-{name}")
        pre_delete.connect(remember_stored_paths, sender=model, dispatch_uid=f"paths-del-{name}")
        post_save.connect(bump_for_saved, sender=model, dispatch_uid=f"bump-{name}")
        post_delete.connect(bump_for_saved, sender=model, dispatch_uid=f"bump-del-{name}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _bump_for_members_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"bump-m2m-{name}-{field.name}",
            )


def _bump_for_members_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        bump_for_saved(type(instance), instance)
