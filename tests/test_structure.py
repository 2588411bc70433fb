"""Which way the dependencies run: content models do not reach into the project's modules through
imports hidden in functions (a hidden cycle), and the project plumbing does not import the apps.
A heavy third-party library may still be imported where it is used, to keep it out of processes
that never need it."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = {"civicgrid", "content", "governance"}
SOURCE_FOLDERS = [ROOT / "content", ROOT / "governance", ROOT / "site"]
# Our modules that wrap a heavy library and are loaded where they are used, with the reason.
LOADED_ON_DEMAND = {"governance.reports.fetcher": "built on WeasyPrint (~25 MB per process)"}


def is_project_module(name: str | None, level: int = 0) -> bool:
    if name in LOADED_ON_DEMAND:
        return False
    return level > 0 or (name or "").split(".")[0] in PROJECT_PACKAGES


def imports_inside_functions(path: Path) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        # Django's documented place for wiring signal receivers, which need the app registry.
        if path.name == "apps.py" and function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and is_project_module(node.module, node.level):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names if is_project_module(alias.name)]
                if names:
                    found.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} import {', '.join(names)}"
                    )
    return found


def module_imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
    return modules


def test_project_modules__import_nothing_of_ours_inside_functions():
    found = [
        line
        for folder in SOURCE_FOLDERS
        for path in sorted(folder.rglob("*.py"))
        if "migrations" not in path.parts
        for line in imports_inside_functions(path)
    ]

    assert found == []


def test_response_cache__is_project_plumbing_that_imports_no_app():
    middleware = [name for name in settings.MIDDLEWARE if "Cache" in name.rsplit(".", 1)[-1]]
    module = ROOT / "site" / Path(*middleware[0].split(".")[:-1]).with_suffix(".py")

    assert middleware == ["civicgrid.response_cache.ResponseCacheMiddleware"]
    assert module_imports(module).isdisjoint({"content", "governance"})
