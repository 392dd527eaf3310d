"""The issue-4 modules keep the layer rules (ARCHITECTURE.md): core without Qt, SQL or
other pibdesk packages; services and storage without Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["pibdesk.core.names", "pibdesk.core.suggest", "pibdesk.core.entities"]
HEADLESS = [*CORE, "pibdesk.storage.entities", "pibdesk.services.entities", "pibdesk.services.suggestions"]


@pytest.mark.parametrize("module", HEADLESS)
def test_no_qt(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_core_imports_only_core() -> None:
    code = (
        "import sys, importlib\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('pibdesk.') and not m.startswith('pibdesk.core'))))\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlmodel', 'sqlalchemy', 'alembic'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["", ""], out.stdout
