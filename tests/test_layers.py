"""The import contract: the domain never imports Qt; widgets never touch the database.

Each check imports a layer in a fresh interpreter and looks at ``sys.modules`` (the
ARCHITECTURE.md rule, checked the way napari checks its models). A static scan of the
``ui`` package adds: no ``sqlmodel``/``sqlalchemy``/``pibdesk.storage`` import there.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "pibdesk"

HEADLESS = [
    "pibdesk.core.model",
    "pibdesk.core.offsets",
    "pibdesk.core.selection",
    "pibdesk.core.reanchor",
    "pibdesk.parsing",
    "pibdesk.storage.repositories",
    "pibdesk.services.corpus",
    "pibdesk.services.annotations",
    "pibdesk.services.export",
    "pibdesk.services.review",
    "pibdesk.cli.review",
    "pibdesk.cli",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_layers_do_not_load_qt(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} loads Qt: {out.stdout.strip()}"


def test_core_imports_nothing_of_ours_but_core() -> None:
    code = (
        "import sys, importlib\n"
        "for m in ['pibdesk.core.model','pibdesk.core.offsets','pibdesk.core.selection','pibdesk.core.text','pibdesk.core.reanchor','pibdesk.core.agreement','pibdesk.core.review']:\n"
        "    importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('pibdesk.') and not m.startswith('pibdesk.core'))))\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlmodel','sqlalchemy','alembic'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    ours, db = out.stdout.split("\n")[:2]
    assert ours == "" and db == "", out.stdout


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", ["ui", "charts"])
def test_qt_layer_never_touches_storage(folder: str) -> None:
    offenders = {}
    for f in sorted((PKG / folder).rglob("*.py")):
        bad = {n for n in _imports(f) if n.split(".")[0] in ("sqlmodel", "sqlalchemy", "alembic") or n.startswith("pibdesk.storage.")}
        bad.discard("pibdesk.storage.db")  # the composition root may name a Database
        if bad:
            offenders[f.name] = sorted(bad)
    assert offenders == {}


def test_storage_is_the_only_sql_layer() -> None:
    offenders = {}
    for f in sorted(PKG.rglob("*.py")):
        rel = f.relative_to(PKG)
        if rel.parts[0] in ("storage", "services") or rel.parts[0] == "__pycache__":
            continue
        bad = {n for n in _imports(f) if n.split(".")[0] in ("sqlmodel", "sqlalchemy", "alembic")}
        if bad:
            offenders[str(rel)] = sorted(bad)
    assert offenders == {}
