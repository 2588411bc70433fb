"""What the response being built depends on, as version tags (`civicgrid.versions`).

An answer depends on everything (`*`) unless the code that built it says which slices it
read: a community page names its subtree, a notice only the page tree. Saying too little
would keep a stale answer, so the default is everything and narrowing is explicit. Reading the
page tree is assumed of every answer: a publish is rare and changes links and menus anywhere.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

from civicgrid.versions import EVERYTHING

PAGE_TREE = "pages"


@dataclass
class Dependencies:
    tags: set[str] = field(default_factory=lambda: {PAGE_TREE})
    narrowed: bool = False
    wide: bool = False  # something read city-wide data: no narrowing undoes that

    def all_tags(self) -> set[str]:
        return self.tags if self.narrowed and not self.wide else {*self.tags, EVERYTHING}


_current: ContextVar[Dependencies | None] = ContextVar("response_dependencies", default=None)


def start() -> Dependencies:
    dependencies = Dependencies()
    _current.set(dependencies)
    return dependencies


def stop() -> None:
    _current.set(None)


def depends_only_on(*tags: str) -> None:
    """The answer being built reads only these slices (and any others named so far)."""
    dependencies = _current.get()
    if dependencies is not None:
        dependencies.narrowed = True
        dependencies.tags.update(tags)


def depends_on_everything() -> None:
    """The answer reads data no narrower tag covers (city-wide figures)."""
    dependencies = _current.get()
    if dependencies is not None:
        dependencies.wide = True
