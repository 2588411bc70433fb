import shutil
from pathlib import Path

import pytest

from tests.translations import compile_catalogues, stale_catalogues

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def test_catalogues__a_fresh_checkout_gets_them_compiled(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    assert stale_catalogues(locale)

    compile_catalogues(locale)

    assert not stale_catalogues(locale)
    assert (locale / "zh_Hans" / "LC_MESSAGES" / "django.mo").stat().st_size > 1000


def test_catalogues__without_gettext_the_run_stops_saying_run_make_messages(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(shutil, "which", lambda name: None)

    with pytest.raises(pytest.exit.Exception, match="make messages"):
        compile_catalogues(locale)
