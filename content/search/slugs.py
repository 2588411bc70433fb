"""Readable ASCII slugs for Chinese titles: 华府社区 → huafu-shequ."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin


def pinyin_slug(title: str, *, max_length: int = 80) -> str:
    words = lazy_pinyin(title, errors=lambda chars: [chars])
    return slugify("-".join(words))[:max_length].strip("-") or "page"
