"""Chinese full-text search on Wagtail's database backends (SQLite FTS5, PostgreSQL).

Both backends split text on spaces and punctuation, so an unsegmented Chinese sentence becomes
one token and "停水" is not found inside "小区停水通知". We index every run of Chinese characters as
its single characters and overlapping two-character pairs (the CJK bigram method), and turn a
query into the same pairs, all required. Any word of two or more characters taken from the text
is then found, without a dictionary that may not know local names. Building numbers are read
alike on both sides (33栋, 33幢, 33座 as 33号楼; full-width digits as narrow ones).
"""

import html
import re

from governance.text import BUILDING, buildings_written_alike

#: A query's terms beyond this are dropped: each is one more nested node in the search
#: backend's query tree, and about 450 of them exhaust Python's recursion limit (a 500).
MAX_QUERY_TERMS = 64
#: The same bound for a query the backends read as words of their own (autocomplete).
MAX_QUERY_CHARACTERS = 200
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[0-9A-Za-z]+")


def cjk_terms(run: str, *, with_single_characters: bool) -> list[str]:
    if len(run) == 1:
        return [run]
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*run, *pairs] if with_single_characters else pairs


def building_terms(text: str) -> list[str]:
    """Each building number as one term of its own ("33号楼" → "33haolou"), so that 3栋 asks
    for building 3 itself, not for a 3 and a 号楼 anywhere on the page. `text` is written alike
    already."""
    return [f"{number}haolou" for number in BUILDING.findall(text)]


def index_terms(text: str) -> str:
    """The text as space-separated terms for the search index."""
    text = buildings_written_alike(text or "")
    terms = []
    for run in CJK_RUN.findall(text):
        terms.extend(cjk_terms(run, with_single_characters=True))
    terms.extend(word.lower() for word in LATIN_WORD.findall(text))
    terms.extend(building_terms(text))
    return " ".join(terms)


def query_terms(query: str) -> str:
    """A user's query as the terms that must all be present."""
    query = buildings_written_alike(query or "")
    terms = []
    for run in CJK_RUN.findall(query):
        terms.extend(cjk_terms(run, with_single_characters=False))
    terms.extend(word.lower() for word in LATIN_WORD.findall(query))
    terms.extend(building_terms(query))
    return " ".join(list(dict.fromkeys(terms))[:MAX_QUERY_TERMS])


def highlight(text: str, query: str, *, width: int = 60) -> str:
    """An HTML-safe excerpt of `text` around the first match, with matches in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    needles = [n for n in re.split(r"\s+", (query or "").strip()) if n]
    first = min(
        (pos for pos in (text.lower().find(n.lower()) for n in needles) if pos >= 0),
        default=0,
    )
    start = max(0, first - width // 3)
    excerpt = text[start : start + width]
    escaped = html.escape(excerpt)
    for needle in sorted(needles, key=len, reverse=True):
        escaped = re.sub(
            re.escape(html.escape(needle)),
            lambda m: f"<mark>{m.group(0)}</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return f"{prefix}{escaped}{suffix}"
