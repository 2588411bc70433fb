"""Readable ASCII slugs for Chinese titles: 华府社区 → huafu-shequ."""

from django.utils.text import slugify


def pinyin_slug(title: str, *, max_length: int = 80) -> str:
    # pypinyin's dictionaries take ~55 MB of memory: every process (web, worker, commands)
    # would carry them, though only saving a page needs them.
    from pypinyin import lazy_pinyin

    words = lazy_pinyin(title, errors=lambda chars: [chars])
    return slugify("-".join(words))[:max_length].strip("-") or "page"
