"""The compiled catalogues are git-ignored: `pytest` right after `make install` compiles them
(what `make messages` does), or stops and says how when gettext is missing."""

import shutil
import subprocess
from pathlib import Path

import pytest


def stale_catalogues(locale: Path) -> list[Path]:
    return [
        po
        for po in sorted(locale.rglob("*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


def compile_catalogues(locale: Path) -> None:
    stale = stale_catalogues(locale)
    if not stale:
        return
    if shutil.which("msgfmt") is None:
        pytest.exit(
            "The zh_Hans translations are not compiled and gettext's msgfmt is missing: "
            "run `make messages` (it installs gettext), then pytest again.",
            returncode=1,
        )
    for po in stale:
        subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
