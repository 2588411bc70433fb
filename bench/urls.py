"""The project's URLs plus a trivial view that serves as the baseline of page benchmarks."""

from django.urls import path

from bench.harness import trivial_view
from civicgrid.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/trivial/", trivial_view), *project_urlpatterns]
