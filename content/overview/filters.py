"""The overview's filters. Each shows as a collapsible group (native <details>) so that the
listing stays usable on a 360 px phone."""

import datetime

from django.contrib.admin import SimpleListFilter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from content.models import NoticeCategory, SurveyPage
from content.overview.queries import area_choices

EXPIRING_DAYS = 7
SURVEYS = "survey"


class OverviewFilter(SimpleListFilter):
    template = "content/admin/overview_filter.html"

    def chosen(self):
        """The chosen value if it is one of the offered choices; anything else filters nothing."""
        value = self.value()
        return value if value in {str(key) for key, _label in self.lookup_choices} else None


class CategoryFilter(OverviewFilter):
    title = pgettext_lazy("content overview", "category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        categories = [(c.slug, c.name) for c in NoticeCategory.objects.all()]
        return [*categories, (SURVEYS, pgettext_lazy("content overview", "Resident survey"))]

    def queryset(self, request, queryset):
        chosen = self.chosen()
        if chosen == SURVEYS:
            return queryset.type(SurveyPage)
        if chosen:
            return queryset.filter(noticepage__category__slug=chosen)
        return queryset


class AreaFilter(OverviewFilter):
    title = pgettext_lazy("content overview", "area")
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return area_choices(request.user)

    def queryset(self, request, queryset):
        chosen = self.chosen()
        if chosen:
            area = Page.objects.get(pk=chosen)
            return queryset.filter(path__startswith=area.path)
        return queryset


class LiveFilter(OverviewFilter):
    title = pgettext_lazy("content overview", "publication")
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [
            ("live", pgettext_lazy("content overview", "Live")),
            ("draft", pgettext_lazy("content overview", "Draft")),
        ]

    def queryset(self, request, queryset):
        chosen = self.chosen()
        return queryset.filter(live=chosen == "live") if chosen else queryset


class ExpiryFilter(OverviewFilter):
    title = pgettext_lazy("content overview", "expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("expired", pgettext_lazy("content overview", "Expired")),
            ("soon", _("Expiring within %(days)d days") % {"days": EXPIRING_DAYS}),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        chosen = self.chosen()
        if chosen == "expired":
            return queryset.filter(noticepage__expiry_date__lt=today)
        if chosen == "soon":
            last_day = today + datetime.timedelta(days=EXPIRING_DAYS)
            return queryset.filter(noticepage__expiry_date__range=(today, last_day))
        return queryset


class ApprovalFilter(OverviewFilter):
    title = pgettext_lazy("content overview", "approval")
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return [("awaiting", pgettext_lazy("content overview", "Awaiting approval"))]

    def queryset(self, request, queryset):
        return queryset.filter(awaiting_approval=True) if self.chosen() else queryset
