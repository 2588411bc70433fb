"""The overview as a wagtail-modeladmin ModelAdmin over Wagtail's Page, narrowed to notices and
surveys. It only lists: each row links to Wagtail's page editor, which stays the one place
where pages are edited, published, submitted and deleted."""

from django.contrib.admin import display
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page
from wagtail_modeladmin.helpers import PageButtonHelper, PagePermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from content.overview.filters import (
    EXPIRING_DAYS,
    ApprovalFilter,
    AreaFilter,
    CategoryFilter,
    ExpiryFilter,
    LiveFilter,
)
from content.overview.queries import overview_pages, user_works_on_pages

LIST_FILTERS = (CategoryFilter, AreaFilter, LiveFilter, ExpiryFilter, ApprovalFilter)


class OverviewPermissionHelper(PagePermissionHelper):
    """Editors with page permissions see the listing; nobody creates through it."""

    def user_can_list(self, user):
        return user_works_on_pages(user)

    def user_can_create(self, user):
        return False

    def get_valid_parent_pages(self, user):
        return Page.objects.none()


class OverviewButtonHelper(PageButtonHelper):
    """The title links to the editor; per-row buttons would ask Wagtail's permission tester
    (several queries) for every row."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        return []


class OverviewIndexView(IndexView):
    page_title = _("Content overview")
    # Our filters are the only lookups: modeladmin would apply any other query parameter to
    # the queryset (?owner__password__startswith=…), and offer an export we do not want.
    FORMATS = ()

    def get_filters_params(self, params=None):
        names = {list_filter.parameter_name for list_filter in LIST_FILTERS}
        params = super().get_filters_params(params)
        return {name: value for name, value in params.items() if name in names}


class ContentOverviewAdmin(ModelAdmin):
    model = Page
    base_url_path = "content-overview"
    menu_label = _("Content overview")
    menu_item_name = "content-overview"
    menu_icon = "list-ul"
    menu_order = 150
    index_view_class = OverviewIndexView
    index_template_name = "content/admin/overview_index.html"
    index_view_extra_css = ["content/css/overview.css"]
    permission_helper_class = OverviewPermissionHelper
    button_helper_class = OverviewButtonHelper
    history_view_enabled = False
    list_display = ("page_title", "area", "category", "expiry", "status")
    list_filter = LIST_FILTERS
    search_fields = ("title",)
    ordering = ("-latest_revision_created_at",)
    list_per_page = 50

    def get_queryset(self, request):
        return overview_pages(request.user).order_by(*self.ordering)

    def get_extra_attrs_for_field_col(self, obj, field_name):
        # On a phone each row becomes a block and every cell says what it is (overview.css).
        return {"data-label": getattr(self, field_name).short_description}

    @display(description=pgettext_lazy("content overview", "title"), ordering="title")
    def page_title(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            self.url_helper.get_action_url("edit", obj.pk),
            obj.get_admin_display_title(),
        )

    @display(description=pgettext_lazy("content overview", "area"))
    def area(self, obj):
        return obj.area_title or pgettext_lazy("content overview", "Site-wide")

    @display(description=pgettext_lazy("content overview", "category"))
    def category(self, obj):
        return obj.category_name or pgettext_lazy("content overview", "Resident survey")

    @display(description=pgettext_lazy("content overview", "expiry"), ordering="notice_expiry")
    def expiry(self, obj):
        if obj.notice_expiry is None:
            return "-"
        days_left = (obj.notice_expiry - timezone.localdate()).days
        if days_left < 0:
            note = pgettext_lazy("content overview", "expired")
        elif days_left == 0:
            note = pgettext_lazy("content overview", "expires today")
        elif days_left <= EXPIRING_DAYS:
            note = _("expires in %(days)d days") % {"days": days_left}
        else:
            return obj.notice_expiry.isoformat()
        return format_html("{} <strong>{}</strong>", obj.notice_expiry.isoformat(), note)

    @display(description=pgettext_lazy("content overview", "status"))
    def status(self, obj):
        if obj.awaiting_approval:
            return pgettext_lazy("content overview", "awaiting approval")
        if not obj.live:
            return pgettext_lazy("content overview", "draft")
        return (
            pgettext_lazy("content overview", "live + draft")
            if obj.has_unpublished_changes
            else pgettext_lazy("content overview", "live")
        )
