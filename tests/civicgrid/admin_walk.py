"""Walk the admin as one signed-in user: every screen reachable from the dashboard.

Screens are found by following the admin addresses each screen names (links, form targets, the
sidebar's JSON, chooser and dialog URLs in data attributes), so a new menu entry, listing, button
or dialog is walked without being listed here. One screen stands for all screens of its shape
(`/admin/snippets/governance/person/edit/7/` for every person's edit form); query strings are
dropped, so sort orders and pages of a listing are not walked again.
"""

import json
import re
from collections import deque
from dataclasses import dataclass

ADMIN_URL = re.compile(r"""/admin/[^\s"'<>\\#?]*""")
NUMBER = re.compile(r"/\d+(?=/)")
# Addresses that are not screens to walk: they end the session, serve files or data, take only
# POSTs, show the public page (previews) or re-render part of a screen already walked (results).
NOT_SCREENS = re.compile(
    r"""^/admin/(
        logout/ | jsi18n/ | sprite/ | api/ | dismissibles/ | block-preview/ | editing-sessions/
      | bulk/ | .*/(lock|unlock)/
      | .*/(export|download|template)/
      | .*/preview/
      | .*results/
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Screen:
    url: str
    html: str


def shape(url: str) -> str:
    return NUMBER.sub("/<n>", url)


def admin_urls_in(html: str) -> list[str]:
    return ADMIN_URL.findall(html)


def _html_of(response) -> str | None:
    if response.status_code != 200:
        return None
    content_type = response.headers.get("Content-Type", "")
    body = response.content.decode(response.charset or "utf-8")
    if content_type.startswith("text/html"):
        return body
    if content_type.startswith("application/json"):
        # Modal dialogs (choosers, privacy, workflow actions) arrive as JSON holding their HTML.
        payload = json.loads(body)
        if isinstance(payload, dict) and isinstance(payload.get("html"), str):
            return payload["html"]
    return None


def walk(client, start: list[str]) -> list[Screen]:
    """Every screen of a distinct shape reachable from `start`, in the order it was reached."""
    queue = deque(start)
    seen = {shape(url) for url in start}
    screens = []
    while queue:
        url = queue.popleft()
        html = _html_of(client.get(url))
        if html is None:
            continue
        screens.append(Screen(url, html))
        for found in admin_urls_in(html):
            key = shape(found)
            if key not in seen and not NOT_SCREENS.match(found):
                seen.add(key)
                queue.append(found)
    return screens
