"""Filters shared by registry listings: by part of the tree."""

from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet

from governance.models import Grid, GridLevel
from governance.permissions import scope_for


def subtree_choices(request):
    """Districts, streets and communities the user may see: the nodes people filter by."""
    if request is None:
        return Grid.objects.none()
    return scope_for(request).visible_grids().filter(level__lte=GridLevel.COMMUNITY)


class InSubtreeFilterSet(WagtailFilterSet):
    """Adds "within" (the chosen node and everything below it) to a listing of grid records."""

    within = ModelChoiceFilter(label=_("within"), queryset=subtree_choices, method="filter_within")

    def filter_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(grid__path__startswith=value.path)
