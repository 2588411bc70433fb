from wagtail import hooks

from content.models.areas import AREA_PAGE_SECTIONS_HOOK
from governance.officials import (  # noqa: F401  (registers the dashboard panel)
    dashboard,
)
from governance.officials.public_projects import area_page_section

# 我们办成的事 on community pages.
hooks.register(AREA_PAGE_SECTIONS_HOOK, area_page_section)
