"""Helpers for the corpus tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: Tables an import writes (the FTS docsize shadow table counts indexed releases).
TABLES = (
    "release",
    "release_revision",
    "translation",
    "visitor_count",
    "annotation",
    "change_log",
    "release_fts_docsize",
)


def table_counts(db_path: Path) -> dict[str, int]:
    """Row counts of every table an import writes."""
    con = sqlite3.connect(db_path)
    try:
        return {n: con.execute(f"select count(*) from {n}").fetchone()[0] for n in TABLES}
    finally:
        con.close()


def integrity(db_path: Path) -> tuple[str, str]:
    """``PRAGMA integrity_check`` and the FTS5 index's own integrity check."""
    con = sqlite3.connect(db_path)
    try:
        pragma = con.execute("PRAGMA integrity_check").fetchone()[0]
        try:
            con.execute("INSERT INTO release_fts(release_fts) VALUES ('integrity-check')")
            fts = "ok"
        except sqlite3.DatabaseError as e:
            fts = str(e)
        return pragma, fts
    finally:
        con.close()
