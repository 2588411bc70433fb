"""Page builders for tests and benchmarks: one call builds the portal over a grid tree."""

import datetime

from django.utils import timezone

from content.demo import seed_home
from content.models import (
    CommunityPage,
    DistrictPage,
    NoticeCategory,
    NoticeIndexPage,
    NoticePage,
    ServiceGuidePage,
    StreetPage,
)
from governance.models import Grid, GridLevel


def build_site(district: Grid) -> dict:
    """Home → district → streets → communities (each with a guide and a notice list)."""
    home = seed_home()
    pages = {"home": home, "streets": [], "communities": [], "guides": [], "notice_lists": []}
    pages["district"] = home.add_child(instance=DistrictPage(title=district.name, grid=district))
    for street in Grid.objects.filter(path__startswith=district.path, level=GridLevel.STREET):
        street_page = pages["district"].add_child(
            instance=StreetPage(title=street.name, grid=street)
        )
        pages["streets"].append(street_page)
        for community in Grid.objects.filter(
            path__startswith=street.path, level=GridLevel.COMMUNITY
        ).order_by("code"):
            page = street_page.add_child(
                instance=CommunityPage(
                    title=community.name, grid=community, brand_name="品牌", featured=True
                )
            )
            pages["communities"].append(page)
            pages["guides"].append(
                page.add_child(instance=ServiceGuidePage(title=f"{community.name}服务指南"))
            )
            pages["notice_lists"].append(page.add_child(instance=NoticeIndexPage(title="通知公告")))
    return pages


def add_notice(
    index_page, title, body="<p>正文</p>", *, category=None, days_ago=1, expires_in=None, **fields
):
    category = (
        category
        or NoticeCategory.objects.get_or_create(slug="notice", defaults={"name": "通知公告"})[0]
    )
    published = timezone.localdate() - datetime.timedelta(days=days_ago)
    expiry = published + datetime.timedelta(days=expires_in) if expires_in is not None else None
    return index_page.add_child(
        instance=NoticePage(
            title=title,
            body=body,
            category=category,
            publish_date=published,
            expiry_date=expiry,
            **fields,
        )
    )
