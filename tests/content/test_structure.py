"""Which way the dependencies run: content models do not reach into content modules through
imports hidden in functions, and the project plumbing does not import the apps."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def imports_inside_functions(path: Path) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        # Django's documented place for wiring signal receivers, which need the app registry.
        if path.name == "apps.py" and function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Import):
                names = ", ".join(alias.name for alias in node.names)
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} import {names}")
    return found


def module_imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
    return modules


def test_content_modules__import_nothing_inside_functions():
    found = [
        line
        for path in sorted((ROOT / "content").rglob("*.py"))
        if "migrations" not in path.parts
        for line in imports_inside_functions(path)
    ]

    assert found == []


def test_response_cache__is_project_plumbing_that_imports_no_app():
    middleware = [name for name in settings.MIDDLEWARE if "Cache" in name.rsplit(".", 1)[-1]]
    module = ROOT / "site" / Path(*middleware[0].split(".")[:-1]).with_suffix(".py")

    assert middleware == ["civicgrid.response_cache.ResponseCacheMiddleware"]
    assert module_imports(module).isdisjoint({"content", "governance"})
