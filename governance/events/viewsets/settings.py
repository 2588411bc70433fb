"""The events' settings, edited in the admin: categories with their time limits, each district's
ladder, departments, calendar corrections and reply templates (who may: events/permissions.py).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.events.models import (
    Department,
    EventCategory,
    LadderStep,
    ReplyTemplate,
    WorkdayOverride,
)
from governance.events.permissions import district_admin_paths
from governance.models import Grid, GridLevel
from governance.permissions import scope_for


class DistrictRowsMixin:
    """Listings and single-row views of district rows ask the policy for each row."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        ):
            raise PermissionDenied
        return obj


class DistrictIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        allowed = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class DistrictEditView(DistrictRowsMixin, snippet_views.EditView):
    pass


class DistrictDeleteView(DistrictRowsMixin, snippet_views.DeleteView):
    pass


class DistrictHistoryView(DistrictRowsMixin, snippet_views.HistoryView):
    pass


class DistrictUsageView(DistrictRowsMixin, snippet_views.UsageView):
    pass


class DistrictViewSet(SnippetViewSet):
    """Rows of one district each: its administrators (and superusers) see and edit them."""

    index_view_class = DistrictIndexView
    edit_view_class = DistrictEditView
    delete_view_class = DistrictDeleteView
    history_view_class = DistrictHistoryView
    usage_view_class = DistrictUsageView
    # A district's rows are not copied into another district, nor exported past the policy.
    copy_view_enabled = False
    list_export = []


class DistrictForm(WagtailAdminModelForm):
    """Offers only the districts the user administers."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("district")
        if field is not None and for_user is not None and not scope_for(for_user).is_superuser:
            paths = [path[: Grid.steplen] for path in district_admin_paths(for_user)]
            field.queryset = Grid.objects.filter(level=GridLevel.DISTRICT, path__in=paths)


class EventCategoryForm(WagtailAdminModelForm):
    """A new category is placed in the tree under its parent; existing ones stay where they are."""

    parent = forms.ModelChoiceField(
        label=_("parent category"),
        queryset=EventCategory.objects.all(),
        required=False,
        help_text=_("Empty for a top-level category."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            del self.fields["parent"]

    def save(self, commit=True):
        if not (commit and self.instance._state.adding):
            return super().save(commit=commit)
        instance = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        if parent is None:
            EventCategory.add_root(instance=instance)
        else:
            parent.add_child(instance=instance)
        self.save_m2m()
        return instance


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_order = 10
    search_fields = ["name", "code"]
    search_backend_name = None
    list_display = [
        "name",
        Column("code", label=_("code")),
        Column("depth", label=_("depth")),
        Column("is_active", label=_("in use")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("parent"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("is_public"), FieldPanel("is_active")]),
            InlinePanel("time_limits", label=_("time limits"), heading=_("Time allowed per level")),
            InlinePanel(
                "attributes",
                label=_("question"),
                heading=_("Questions asked when residents report it"),
            ),
        ],
        base_form_class=EventCategoryForm,
    )


class LadderStepViewSet(DistrictViewSet):
    model = LadderStep
    icon = "order"
    menu_order = 20
    list_display = [
        Column("district", label=_("district"), accessor="district.name"),
        Column("get_level_display", label=_("level")),
        Column("limit_label", label=_("time allowed")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("district"),
            FieldPanel("level"),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("unit")]),
        ],
        base_form_class=DistrictForm,
    )

    def get_queryset(self, request):
        return LadderStep.objects.select_related("district")


class DepartmentViewSet(DistrictViewSet):
    model = Department
    icon = "group"
    menu_order = 30
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        "name",
        Column("district", label=_("district"), accessor="district.name"),
        Column("is_active", label=_("in use")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("district"),
            FieldPanel("name"),
            FieldPanel("members"),
            FieldPanel("is_active"),
        ],
        base_form_class=DistrictForm,
    )

    def get_queryset(self, request):
        return Department.objects.select_related("district")


class WorkdayOverrideViewSet(SnippetViewSet):
    model = WorkdayOverride
    icon = "date"
    menu_order = 40
    list_display = ["date", Column("is_workday", label=_("working day")), "note"]


class ReplyTemplateViewSet(SnippetViewSet):
    model = ReplyTemplate
    icon = "mail"
    menu_order = 50
    search_fields = ["title", "text"]
    search_backend_name = None
    list_display = ["title", Column("is_active", label=_("in use")), "sort_order"]
