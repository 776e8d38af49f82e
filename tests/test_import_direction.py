"""Data flows one way (DESIGN.md §2): an app imports only from the apps below it, so a change to the books
can never break the geography, and `core` — the ground floor — knows no domain at all. The order:
a person's account sits on `core`, and her LINE link on her account; places are where people are posted; households and their people live
in villages; groups are made of people; a plan's project names the group it funded; the books, the
market, the meetings and the follow-up work on groups; privacy, onboarding (imports), search, offline
and the scale/demo loaders reach across everything, at the top."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "sammachip"
LAYERS = [
    ["core"],
    ["accounts"],
    ["line"],
    ["places"],
    ["households"],
    ["groups"],
    ["plans"],
    ["bookkeeping"],
    ["market"],
    ["meetings"],
    ["visits"],
    ["privacy", "onboarding", "search", "offline"],
    ["scale"],
]
LAYER = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name.split(".")[1]) for line, name in found if name.startswith("sammachip.")]


def test_every_app_is_in_the_order() -> None:
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYER), apps ^ set(LAYER)


def test_no_import_runs_against_the_flow() -> None:
    against = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) < 2 or "migrations" in rel.parts:
            continue
        app = rel.parts[0]
        for line, other in _imports(path):
            if other != app and other in LAYER and LAYER[other] >= LAYER[app]:
                against.append(f"{rel}:{line} imports {other}")
    assert against == []
