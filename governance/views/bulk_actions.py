"""Wagtail's bulk actions (/admin/bulk/<app>/<model>/<action>/?id=…), served so that they only
ever fetch records the user may at least see.

Wagtail's bulk-action views fetch every id of the query string and name each object on their
confirmation page, those the user may not act on included ("you do not have permission to …").
Served here instead of by Wagtail's dispatcher (the URL is routed here ahead of the admin's, see
civicgrid/urls.py), every registered action, present or future, is made a subclass that drops the
ids of records outside what the user may see: pages the user may explore, other models what their
permission policy (the grid scope for the registry) lets the user view or edit. When none is
left, the answer is 404, as for ids that name nothing, so ids cannot be walked.
"""

from functools import cache

from django.apps import apps
from django.http import Http404
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from governance.viewsets.scoped import is_record_id

# A record the user holds any of these rights on is one they may see ("choose": images and
# documents in their collections).
SEEING_ACTIONS = ("view", "add", "change", "delete", "choose")


def visible_pks(user, model, pks) -> set:
    """Those of `pks` that name a record of `model` the user may at least see."""
    if issubclass(model, Page):
        rows = PagePermissionPolicy().explorable_instances(user)
        return set(rows.filter(pk__in=pks).values_list("pk", flat=True))
    policy = policy_registry.get_by_type(model)
    seen = set()
    for action in SEEING_ACTIONS:
        rows = policy.instances_user_has_permission_for(user, action)
        seen |= set(rows.filter(pk__in=pks).values_list("pk", flat=True))
    return seen


class VisibleObjectsOnly:
    """Mixed in before a bulk action class: its objects are those the user may see."""

    def get_queryset(self, model, object_ids):
        objects = super().get_queryset(model, object_ids)
        allowed = visible_pks(self.request.user, model, [obj.pk for obj in objects])
        objects = [obj for obj in objects if obj.pk in allowed]
        if not objects:
            raise Http404
        return objects


@cache
def visible_objects_only(action_class):
    return type(action_class.__name__, (VisibleObjectsOnly, action_class), {})


@never_cache
@require_admin_access
def bulk_action(request, app_label, model_name, action):
    """Wagtail's `bulk_action.dispatcher.index`, with the action limited to visible objects."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as e:
        raise Http404 from e
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    # A forged id (`?id=abc`) names nothing, as Wagtail's own query would fail to read it.
    if not all(pk == "all" or is_record_id(pk) for pk in request.GET.getlist("id")):
        raise Http404
    return visible_objects_only(action_class)(request, model).dispatch(request)
