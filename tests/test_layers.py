"""The layers of DESIGN.md hold: council ← meetings ← meetings.session ← voting ← minutes, and the
live edge (`meetings.live`) on top of all of them, imported only by the routing and the URLs."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_under(folder: str, *, but: str | None = None) -> list[Path]:
    found = sorted((ROOT / folder).rglob("*.py"))
    return [path for path in found if but is None or not path.is_relative_to(ROOT / but)]


def importers_of(prefix: str, paths: list[Path]) -> list[str]:
    return [
        str(path.relative_to(ROOT))
        for path in paths
        if any(name == prefix or name.startswith(prefix + ".") for name in imports_of(path))
    ]


def test_meetings_below_the_edge_imports_neither_voting_nor_minutes():
    below_the_edge = modules_under("meetings", but="meetings/live")

    assert importers_of("voting", below_the_edge) == []
    assert importers_of("minutes", below_the_edge) == []


def test_voting_builds_on_the_session_kernel_and_not_on_the_edge():
    assert importers_of("meetings.live", modules_under("voting")) == []


def test_only_the_routing_and_the_urls_import_the_edge():
    apps = [
        path
        for folder in ("config", "council", "meetings", "voting", "minutes")
        for path in modules_under(folder, but="meetings/live")
    ]

    assert sorted(importers_of("meetings.live", apps)) == ["config/routing.py"]
