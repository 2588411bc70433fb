"""The household chooser of the resident form, searchable by address: a grid holds hundreds of
households, ten to a page."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm

from governance.viewsets.scoped import (
    ScopedChooseResultsView,
    ScopedChooserViewSet,
    ScopedChooseView,
)


class AddressSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("building, room or grid")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(building__icontains=query)
                | Q(room__icontains=query)
                | Q(grid__name__icontains=query)
            )
            self.is_searching, self.search_query = True, query
        return objects


class HouseholdChooseView(ScopedChooseView):
    filter_form_class = AddressSearchForm


class HouseholdChooseResultsView(ScopedChooseResultsView):
    filter_form_class = AddressSearchForm


class HouseholdChooserViewSet(ScopedChooserViewSet):
    choose_view_class = HouseholdChooseView
    choose_results_view_class = HouseholdChooseResultsView
