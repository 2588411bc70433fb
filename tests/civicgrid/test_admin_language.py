"""Staff read Chinese everywhere in the admin (issue 11).

Wagtail 8's zh_Hans catalogues leave many admin strings in English; the project's own
catalogues fill the gaps. The walk signs in as each demo user, opens every admin screen that
user can reach and fails on any English word of interface text left on it.
"""

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, Page, Site, Task, Workflow
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.factories import build_site
from governance.demo import DEMO_USERS
from governance.factories import make_tree
from governance.models import Report
from tests.civicgrid.admin_walk import Screen, walk
from tests.civicgrid.catalogues import installed_catalogues, messages
from tests.civicgrid.ui_text import english_words, readable_texts
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401

# The allow-list, our product's name, and names that Chinese staff use as they are:
# file formats and size units, web standards, map file keywords, and the authenticator apps the
# two-step sign-in page recommends.
ALLOWED_WORDS = {
    *("Excel", "CSV", "PDF", "API", "Wagtail", "CivicGrid"),
    *("XLSX", "TSV", "AVIF", "GIF", "JPG", "JPEG", "PNG", "WEBP", "KB", "MB", "GB"),
    *("GeoJSON", "JavaScript"),
    # The boundary files' own vocabulary, which staff meet in their GIS tools as it is.
    *("KML", "KMZ", "UTF", "WGS", "GCJ", "GPS", "FeatureCollection", "Feature", "Polygon"),
    *("MultiPolygon", "MultiGeometry", "Placemark", "ExtendedData", "properties", "code"),
    *("json", "geojson", "kml"),
    *("Microsoft", "Google", "Authenticator", "FreeOTP"),
}
# Wagtail 8 writes these into its templates without gettext, so no catalogue reaches them:
# the value of the screen-reader-only search button (wagtailadmin/shared/header.html,
# wagtailadmin/home.html) and the empty count of a hidden side-panel badge
# (wagtailadmin/shared/side_panel_toggle.html), which the page's script fills in.
WAGTAIL_HARD_CODED = {"Search", "None"}
REPORTED_FINDINGS = 40
DEMO_USERNAMES = ["admin", *(username for username, *_ in DEMO_USERS)]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def data_words() -> set[str]:
    """Words that are data, not interface: user names, host names and slugs."""
    words = set(get_user_model().objects.values_list("username", flat=True))
    words |= set(Site.objects.values_list("hostname", flat=True))
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.SlugField):
                words |= set(model._default_manager.values_list(field.name, flat=True))
    return words


def allowed_words() -> set[str]:
    return {word.lower() for word in ALLOWED_WORDS | data_words()}


def sign_in(client, username):
    password = os.environ.get("DEMO_ADMIN_PASSWORD", "changeme")
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    assert response.status_code == 302, f"{username} could not sign in"


def page_editors(user) -> list[str]:
    """One edit form per page type the user may edit: each type has its own panels."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    first_of_type = {}
    for page in editable.exclude(depth=1).order_by("path"):
        first_of_type.setdefault(page.content_type_id, page.pk)
    return [reverse("wagtailadmin_pages:edit", args=[pk]) for pk in first_of_type.values()]


def english_on(screens, allowed) -> dict[str, str]:
    """Each piece of text holding English, with the first screen it was found on."""
    found = {}
    for screen in screens:
        for text in readable_texts(screen.html):
            if text.strip() in WAGTAIL_HARD_CODED:
                continue
            if english_words(text, allowed):
                found.setdefault(" ".join(text.split()), screen.url)
    return found


def report(found: dict[str, str]) -> str:
    lines = [f"{url}: {text!r}" for text, url in sorted(found.items(), key=lambda i: i[1])]
    more = len(lines) - REPORTED_FINDINGS
    return "\n".join(lines[:REPORTED_FINDINGS] + ([f"… and {more} more"] if more > 0 else []))


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_admin_walk__every_screen_the_user_reaches_speaks_chinese(demo_site, db, client, username):
    sign_in(client, username)
    user = get_user_model().objects.get(username=username)

    screens = walk(client, ["/admin/", *page_editors(user)])

    assert len(screens) >= 10, "the walk reached too few screens to mean anything"
    found = english_on(screens, allowed_words())
    assert not found, f"English on the admin screens of {username}:\n{report(found)}"


def test_sign_in_screens__speak_chinese(client, db):
    screens = walk(client, [reverse("wagtailadmin_login")])

    found = english_on(screens, allowed_words())
    assert not found, f"English on the sign-in screens:\n{report(found)}"


def translated(message) -> bool:
    if message.plural and message.context:
        shown = translation.npgettext(message.context, message.singular, message.plural, 1)
        return shown not in {message.singular, message.plural}
    if message.plural:
        shown = translation.ngettext(message.singular, message.plural, 1)
        return shown not in {message.singular, message.plural}
    if message.context:
        return translation.pgettext(message.context, message.singular) != message.singular
    return translation.gettext(message.singular) != message.singular


@pytest.mark.parametrize(
    "catalogue", installed_catalogues("django"), ids=lambda catalogue: catalogue.package
)
def test_catalogue__every_message_of_an_installed_package_reads_in_chinese(catalogue):
    with translation.override("zh-hans"):
        missing = [m.singular for m in messages(catalogue.path) if not translated(m)]

    assert not missing, f"{len(missing)} untranslated in {catalogue.path}: {missing[:20]}"


def served_catalogue(script: str) -> dict:
    """The messages /admin/jsi18n/ hands to the admin's JavaScript."""
    found = re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL)
    return json.loads(found.group(1))


def test_admin_javascript__every_wagtail_message_is_served_in_chinese(client, db):
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    served = served_catalogue(script)

    wagtail_admin = Path(apps.get_app_config("wagtailadmin").path)
    english = wagtail_admin / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    keys = [f"{m.context}\x04{m.singular}" if m.context else m.singular for m in messages(english)]
    missing = [key for key in keys if key not in served]
    assert not missing, f"untranslated in /admin/jsi18n/: {missing}"


def test_catalogue__a_pdf_page_count_does_not_rename_wagtail_pages():
    with translation.override("zh-hans"):
        assert str(Page._meta.verbose_name_plural) == "页面"
        assert str(Report._meta.get_field("page_count").verbose_name) == "页数"


def test_wagtail_defaults__groups_workflow_and_roots_have_chinese_names(db):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name="网站审核员审批").exists()
    assert Page.get_first_root_node().title == "根目录"
    assert Collection.get_first_root_node().name == "根目录"


def test_permission_names__are_chinese_after_migrate(db):
    def name(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename).name

    assert name("governance", "add_grid") == "可以添加网格"
    assert name("wagtailcore", "publish_page") == "发布任意页面"
    assert name("wagtailadmin", "access_admin") == "可以进入 Wagtail 管理后台"


# The sign-in page and the dashboard are the first screens a member of staff sees: they name our
# product, never the framework's (issue 17).
BRANDED_SCREEN_ALLOWED = ALLOWED_WORDS - {"Wagtail", "CivicGrid"}


def branded_allowed() -> set[str]:
    return {word.lower() for word in BRANDED_SCREEN_ALLOWED | data_words()}


def test_sign_in_page__names_the_product_not_wagtail(client, db):
    html = client.get(reverse("wagtailadmin_login")).content.decode()

    found = english_on([Screen(reverse("wagtailadmin_login"), html)], branded_allowed())
    assert not found, f"English on the sign-in page:\n{report(found)}"
    assert "<h1>登录网格通</h1>" in html
    assert "<title>登录 - 网格通</title>" in html
    assert 'placeholder="请输入用户名"' in html


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_dashboard__names_the_product_and_sends_no_one_to_wagtail_org(
    demo_site, db, client, username
):
    sign_in(client, username)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    heading = html.split('<h1 class="w-h1 w-mt-0">', 1)[1].split("</h1>", 1)[0].strip()
    assert heading == "网格通"
    assert "wagtail.org" not in html, "the editor guide or what's new links to wagtail.org"
    found = english_on([Screen(reverse("wagtailadmin_home"), html)], branded_allowed())
    assert not found, f"English on the dashboard of {username}:\n{report(found)}"


@pytest.fixture
def staff_world(transactional_db, django_user_model):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    build_site(make_tree(streets=1, communities=1, grids=1)["district"][0])
    Site.objects.update(site_name=settings.WAGTAIL_SITE_NAME)
    django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-2026!")
    return {"username": "root", "password": "pw-root-2026!", "allowed": branded_allowed()}


def english_shown(page, allowed) -> list[str]:
    shown = [page.title(), page.locator("body").inner_text()]
    shown += page.locator("input[placeholder]").evaluate_all("els => els.map(e => e.placeholder)")
    return [word for text in shown for word in english_words(text, allowed)]


def test_phone__sign_in_and_dashboard_show_no_english(
    live_server,
    staff_world,
    browser_page,  # noqa: F811
):
    page = browser_page
    page.goto(live_server.url + reverse("wagtailadmin_login"))

    assert page.locator("h1").inner_text() == "登录网格通"
    assert english_shown(page, staff_world["allowed"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("用户名").fill(staff_world["username"])
    page.get_by_label("密码").fill(staff_world["password"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))

    assert page.locator("h1").first.inner_text() == "网格通"
    assert english_shown(page, staff_world["allowed"]) == []
