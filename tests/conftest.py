import shutil
from pathlib import Path

import pytest

from tests.translations import compile_catalogues


def pytest_configure(config):
    compile_catalogues(Path(__file__).resolve().parents[1] / "locale")


@pytest.fixture(scope="session", autouse=True)
def _throwaway_media_folders():
    """The test settings put uploads in fresh temporary folders; remove them after the run."""
    from django.conf import settings

    yield
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        if Path(folder).name.startswith("civicgrid-test-"):
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from civicgrid.cache_redis import forget_outage

    forget_outage()  # a test's unreachable Redis is not the next one's
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    from content.demo import seed_home

    return seed_home()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-boss-123!")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def tree(db):
    """District → 2 streets → 2 communities each → 2 grids each → 1 micro grid each."""
    from governance.factories import make_tree

    return make_tree(streets=2, communities=2, grids=2, micros=1)
