from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from content.models import NoticeCategory
from content.overview.admin import ContentOverviewAdmin


class NoticeCategoryViewSet(SnippetViewSet):
    model = NoticeCategory
    icon = "tag"
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "slug", "sort_order"]


register_snippet(NoticeCategoryViewSet)
modeladmin_register(ContentOverviewAdmin)
