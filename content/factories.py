"""Page builders for tests and benchmarks: one call builds the portal over a grid tree."""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

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
from content.search.slugs import pinyin_slug
from governance.models import Grid, GridLevel

BULK_CHUNK = 500


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


def bulk_notices(index_page, texts) -> list[int]:
    """Live notices under `index_page` from (title, HTML body) pairs, thousands in seconds:
    the pages are written in bulk with their tree paths computed here (no page.save, no
    revisions), and indexed by the search backend as the task worker indexes them. Returns
    their ids."""
    category, _ = NoticeCategory.objects.get_or_create(slug="notice", defaults={"name": "通知公告"})
    content_type = ContentType.objects.get_for_model(NoticePage)
    locale, now = Locale.get_default(), timezone.now()
    texts, ids = list(texts), []
    for start in range(0, len(texts), BULK_CHUNK):
        pages, bodies = [], []
        for title, body in texts[start : start + BULK_CHUNK]:
            index_page.numchild += 1
            slug = f"{pinyin_slug(title)}-{index_page.numchild}"
            pages.append(
                Page(
                    path=Page._get_path(index_page.path, index_page.depth + 1, index_page.numchild),
                    depth=index_page.depth + 1,
                    numchild=0,
                    title=title,
                    draft_title=title,
                    slug=slug,
                    url_path=f"{index_page.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
            bodies.append(body)
        Page.objects.bulk_create(pages)
        notices = [
            NoticePage(
                page_ptr_id=page.pk,
                category=category,
                publish_date=now.date(),
                body=body,
                area_path=index_page.area_path,
            )
            for page, body in zip(pages, bodies, strict=True)
        ]
        # The page rows exist: write only the notice table's own columns.
        NoticePage._base_manager._insert(
            notices, fields=NoticePage._meta.local_concrete_fields, using=connection.alias
        )
        chunk_ids = [page.pk for page in pages]
        get_search_backend().add_bulk(NoticePage, list(NoticePage.objects.filter(pk__in=chunk_ids)))
        ids.extend(chunk_ids)
    Page.objects.filter(pk=index_page.pk).update(numchild=index_page.numchild)
    return ids
