"""The wheel carries db/ and runs its migrations from a fresh virtual environment (issue 15).

db/ (the Alembic environment, migrations and schema snapshots) sits at the top of the
checkout; pyproject.toml maps it into the wheel as ``pibdesk/_db``. The slow test builds
the wheel from a copy of the sources, installs it into a new venv (its dependencies from
pip's cache or PyPI), and runs ``pibdesk db upgrade`` there on a new database, from a
folder where the checkout is not importable.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed_and_db_is_mapped() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.relative_to(ROOT).parts[:-1])
        for p in (ROOT / "pibdesk").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"pibdesk._db": "db"}
    data = PYPROJECT["tool"]["setuptools"]["package-data"]["pibdesk._db"]
    assert {"*.sql", "alembic.ini", "migrations/*.mako", "migrations/versions/*.py"} <= set(data)
    assert len(list((ROOT / "db" / "migrations" / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))) >= 5


def _copy_sources(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    src = dest / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("pibdesk", "db"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    return src


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_installed_wheel_upgrades_a_new_database(tmp_path: Path) -> None:
    from pibdesk.storage.db import Database

    head = Database(tmp_path / "probe.db").head_revision()
    src = _copy_sources(tmp_path)
    wheels = tmp_path / "wheels"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIBDESK_DB")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)],
        check=True, env=env, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    (wheel,) = wheels.glob("pibdesk-*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pibdesk/_db/migrations/env.py" in names
    assert "pibdesk/_db/migrations/versions/0001_initial_schema.py" in names
    assert {"pibdesk/_db/schema.sqlite.sql", "pibdesk/_db/alembic.ini"} <= names

    target = tmp_path / "venv"
    venv.create(target, with_pip=True, clear=True)
    py = target / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)],
        check=True, env=env, cwd=tmp_path, timeout=900,
    )  # fmt: skip
    where = subprocess.run(
        [str(py), "-c", "import pibdesk.storage.db as d; print(d.db_folder())"],
        check=True, env=env, cwd=tmp_path, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where).parts[-2:] == ("pibdesk", "_db") and Path(where).is_relative_to(target)

    new_db = tmp_path / "data" / "new.db"
    out = subprocess.run(
        [str(target / "bin" / "pibdesk"), "db", "upgrade", "--db", str(new_db)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"sqlite:///{new_db}: upgraded from empty to schema {head}"
    con = sqlite3.connect(new_db)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    assert {"release", "annotation", "entity", "alias", "office", "release_fts", "change_log"} <= tables
