"""WeasyPrint may load the project's own static and media files, and nothing else.

Reports embed rich text written in the admin; a stray <img src="file:///etc/passwd"> or a link to
another host must not make the server read a local file or call out. Relative URLs resolve
against a pseudo-host that only this fetcher understands; every other URL is refused, and as the
files are read from disk there are no redirects to follow.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

REPORT_BASE_URL = "https://report.civicgrid.invalid/"
OWN_HOST = urlsplit(REPORT_BASE_URL).netloc


class RefusedURL(ValueError):
    pass


class ProjectFilesFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = self.local_path(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        if path is None:  # a data: URL holds its own bytes
            return super().fetch(url, headers)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    def local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return None
        if parts.scheme != "https" or parts.netloc != OWN_HOST:
            raise RefusedURL(f"refused to fetch {url}")
        path = unquote(parts.path)
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            if found:
                return Path(found)
        elif path.startswith(settings.MEDIA_URL):
            root = Path(settings.MEDIA_ROOT).resolve()
            candidate = (root / path.removeprefix(settings.MEDIA_URL)).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        raise RefusedURL(f"refused to fetch {url}")
