"""The messages of the installed packages' gettext catalogues, read from their .po files."""

import ast
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

OUR_APPS = {"civicgrid", "content", "governance"}


@dataclass(frozen=True)
class Message:
    context: str | None
    singular: str
    plural: str | None


@dataclass(frozen=True)
class Catalogue:
    package: str
    path: Path


def messages(po_file: Path) -> list[Message]:
    """Every message of a .po file but its header."""
    found, fields, current = [], {}, None
    for line in [*po_file.read_text(encoding="utf-8").splitlines(), ""]:
        keyword, _, rest = line.partition(" ")
        if not line.strip():
            if fields.get("msgid"):
                found.append(
                    Message(fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
                )
            fields, current = {}, None
        elif keyword in {"msgctxt", "msgid", "msgid_plural"}:
            current, fields[keyword] = keyword, ast.literal_eval(rest)
        elif line.startswith('"') and current:
            fields[current] += ast.literal_eval(line)
        else:
            current = None
    return found


def _messages_file(app_path: Path, domain: str) -> Path | None:
    """The English catalogue, or when a package ships none the fullest other one: every
    language's catalogue holds the same messages."""
    english = app_path / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    if english.exists():
        return english
    others = sorted(app_path.glob(f"locale/*/LC_MESSAGES/{domain}.po"))
    return max(others, key=lambda path: path.stat().st_size, default=None)


def installed_catalogues(domain: str) -> list[Catalogue]:
    """The catalogues of every installed package but Django's own (complete in zh_Hans) and
    ours (in locale/)."""
    catalogues = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in OUR_APPS | {"django"}:
            continue
        po_file = _messages_file(Path(config.path), domain)
        if po_file is not None:
            catalogues.append(Catalogue(config.name, po_file))
    return catalogues
