"""What the overview lists: notices and surveys the user may work on, with what each column
needs annotated on the row, so that a page of the listing is a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.models import CommunityPage, DistrictPage, NoticePage, StreetPage, SurveyPage

WORKING_ACTIONS = {"add", "change", "publish"}
AREA_PAGE_TYPES = (DistrictPage, StreetPage, CommunityPage)


def user_works_on_pages(user) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, WORKING_ACTIONS)


def in_scope(pages, user):
    """`pages` limited to the parts of the tree where `user` holds page permissions."""
    if user.is_superuser:
        return pages
    scope = PagePermissionPolicy().instances_user_has_any_permission_for(user, WORKING_ACTIONS)
    return pages.filter(pk__in=scope.values("pk"))


def nearest_area_title():
    """The title of the district, street or community page above a row: the deepest of those
    whose tree path is a prefix of the row's."""
    return Subquery(
        Page.objects.type(*AREA_PAGE_TYPES)
        .filter(path=Substr(OuterRef("path"), 1, Length("path")), depth__lt=OuterRef("depth"))
        .order_by("-depth")
        .values("title")[:1]
    )


def awaiting_approval():
    """A workflow task is waiting for a moderator's decision on the page."""
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )


def overview_pages(user):
    return in_scope(Page.objects.type(NoticePage, SurveyPage), user).annotate(
        area_title=nearest_area_title(),
        category_name=F("noticepage__category__name"),
        notice_expiry=F("noticepage__expiry_date"),
        awaiting_approval=awaiting_approval(),
    )


def area_choices(user) -> list[tuple[str, str]]:
    """District, street and community pages the user works in, as (id, indented title)."""
    areas = list(
        in_scope(Page.objects.type(*AREA_PAGE_TYPES), user)
        .order_by("path")
        .values_list("pk", "title", "depth")
    )
    top = min((depth for _pk, _title, depth in areas), default=0)
    return [(str(pk), "　" * (depth - top) + title) for pk, title, depth in areas]
