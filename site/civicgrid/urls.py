from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.documents import urls as wagtaildocs_urls

from civicgrid.health import healthz
from content.sitemap import sitemap, sitemap_part
from content.views import favicon, robots_txt, search
from governance.views.bulk_actions import bulk_action

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links: answer with the site's icon.
    path("favicon.ico", favicon),
    path("robots.txt", robots_txt),
    # Ahead of the admin's own route: bulk actions fetch only records the user may see.
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        wagtailadmin_urls.display_custom_404(bulk_action),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sitemap-<int:number>.xml", sitemap_part, name="sitemap-part"),
    path("search/", search, name="search"),
    path("report/", include("governance.resident_reports.urls")),
    path("api/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
