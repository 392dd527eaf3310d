"""Backups of a pibdesk SQLite database, and restoring one.

Every backup is written with SQLite's online backup API (``sqlite3.Connection.backup``,
https://www.sqlite.org/backup.html), never a file copy: a copy of ``x.db`` alone misses
whatever still sits in ``x.db-wal``, and a copy taken while another process writes may be
torn. The API copies one consistent snapshot (committed transactions only, WAL included)
while other windows and processes keep working. Each backup is then switched to
``journal_mode=DELETE`` so it is one self-contained file that opens alone.

Where: beside the database, in ``<db dir>/<db stem>-backups/``, named
``<db stem>-YYYYmmdd-HHMMSS-<kind>.db`` with the UTC time of the backup (sortable; the
restore dialog shows local time). Kinds: ``premigration`` (before a schema upgrade),
``daily`` (first use on a local calendar day: looked for at start, then hourly while the
app runs), ``manual`` (``pibdesk backup``; ``-o FILE`` writes elsewhere, never over the
live database, and over an existing file only with ``--force``), ``prerestore`` (the
current file, saved before a restore replaces it). Keeping them
beside the database keeps the backups of different ``--db`` files apart and moves them
with the folder. The newest :data:`KEEP` backups are kept; older ones are deleted.

Only SQLite databases have backups here; a PostgreSQL (team) database is backed up by
its server (``pg_dump``), and these functions raise :class:`BackupError` for it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pibdesk.core.errors import PibdeskError, SchemaVersionError
from pibdesk.storage.db import Database

#: How many backups are kept per database (the newest ones).
KEEP = 10

KINDS = ("premigration", "daily", "manual", "prerestore")

_NAME = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<kind>[a-z]+)\.db$")


class BackupError(PibdeskError):
    """A backup could not be written, read or restored (the message names the file)."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. ``created_at`` is aware UTC (from the file name); counts are rows
    in the backup (``None`` when it could not be read); ``revision`` its schema revision."""

    path: Path
    created_at: datetime
    kind: str
    size: int
    releases: int | None
    annotations: int | None
    revision: str | None


def _db_file(db: Database) -> Path:
    if not db.is_sqlite or db.path is None:
        raise BackupError(f"{db!r}: only SQLite database files are backed up by pibdesk")
    return db.path


def backup_dir(db: Database) -> Path:
    """The folder holding ``db``'s backups: ``<db dir>/<db stem>-backups``."""
    path = _db_file(db)
    return path.with_name(f"{path.stem}-backups")


@contextlib.contextmanager
def _connect(path: Path, *, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
    else:
        conn = sqlite3.connect(path, timeout=15)
    try:
        yield conn
    finally:
        conn.close()


#: Files SQLite keeps beside a database (https://www.sqlite.org/tempfiles.html): a backup
#: must never be written over one of them.
SIDECARS = ("-wal", "-shm", "-journal")


_EXISTS = "{out}: already exists; choose a new file name (or --force to replace it)"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _check_target(src_path: Path, out: Path, overwrite: bool) -> None:
    """Refuse a target that is the live database (or a file SQLite keeps beside it), and
    an existing file unless ``overwrite``."""
    live = [src_path] + [src_path.with_name(src_path.name + x) for x in SIDECARS]
    part = out.with_name(out.name + ".part")
    for p in live:
        if _same_file(out, p) or _same_file(part, p):
            what = "the live database" if p == src_path else f"{p.name}, a file of the database"
            raise BackupError(
                f"{out}: that is {what} {src_path}; choose another file for the backup"
            )
    if out.is_dir():
        raise BackupError(f"{out}: is a folder; name the backup file to write")
    if not overwrite and (out.exists() or out.is_symlink()):
        raise BackupError(_EXISTS.format(out=out))


def backup_to(db: Database, target: str | os.PathLike[str], *, overwrite: bool = True) -> Path:
    """Write a backup of ``db`` to ``target`` with the backup API.

    The copy is written to ``target.part`` first and renamed, so ``target`` is never
    half-written; it is a single file in rollback-journal mode. Other connections may
    read and write ``db`` meanwhile: the backup holds the snapshot of the moment it
    started (every transaction committed by then). Raises :class:`BackupError` when
    ``target`` is the database file itself or one of its ``-wal``/``-shm``/``-journal``
    files (by path, symlink or hard link), a folder, or (with ``overwrite=False``) an
    existing file; nothing is written then.
    """
    src_path = _db_file(db)
    if not src_path.exists():
        raise BackupError(f"{src_path}: no database file to back up")
    out = Path(target)
    _check_target(src_path, out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    try:
        with _connect(src_path) as src, _connect(part) as dst:
            # no fsync per page into a file nobody uses yet: one fsync below (2x faster,
            # benchmarks/bench_backup.py)
            dst.execute("PRAGMA synchronous=OFF")
            # pages=-1: one step, so the copy is one consistent snapshot of the source.
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                raise BackupError(f"{out}: the backup failed its check ({ok})")
        with part.open("rb") as f:
            os.fsync(f.fileno())
        if not overwrite and (out.exists() or out.is_symlink()):  # appeared meanwhile
            part.unlink(missing_ok=True)
            raise BackupError(_EXISTS.format(out=out))
        os.replace(part, out)
    except sqlite3.Error as e:
        part.unlink(missing_ok=True)
        raise BackupError(f"{src_path}: backup to {out} failed: {e}") from e
    return out


def _new_name(db: Database, kind: str, now: datetime) -> Path:
    folder = backup_dir(db)
    stem = _db_file(db).stem
    ts = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    # within one second a counter after the time keeps the order (above any used yet)
    taken = [
        parsed[1]
        for q in (folder.glob(f"{glob.escape(stem)}-{ts}-*.db") if folder.is_dir() else ())
        if (parsed := _parse_name(q, stem)) is not None
    ]
    if not taken:
        return folder / f"{stem}-{ts}-{kind}.db"
    return folder / f"{stem}-{ts}-{max(taken) + 1}-{kind}.db"


def make_backup(db: Database, kind: str = "manual", *, keep: int | None = KEEP) -> Path:
    """Write a new backup of ``db`` into :func:`backup_dir` and prune to ``keep`` files
    (``None``: prune nothing).

    ``kind`` is one of :data:`KINDS`. Returns the new file's path.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r} (known: {', '.join(KINDS)})")
    path = backup_to(db, _new_name(db, kind, datetime.now(UTC)))
    if keep is not None:
        prune(db, keep)
    return path


def _parse_name(path: Path, stem: str) -> tuple[datetime, int, str] | None:
    m = _NAME.match(path.name)
    if m is None or m["stem"] != stem:
        return None
    ts = datetime.strptime(m["ts"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return ts, int(m["n"] or 0), m["kind"]


def _backup_files(db: Database) -> list[tuple[datetime, str, Path]]:
    folder = backup_dir(db)
    if not folder.is_dir():
        return []
    stem = _db_file(db).stem
    found = []
    for p in folder.glob("*.db"):
        parsed = _parse_name(p, stem)
        if parsed is not None:
            found.append((parsed, p))
    # newest first; within one second the -N counter tells the order
    found.sort(key=lambda t: (t[0][0], t[0][1]), reverse=True)
    return [(ts, kind, p) for (ts, _n, kind), p in found]


def prune(db: Database, keep: int | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` (default :data:`KEEP`) backups of ``db``;
    returns the deleted paths."""
    keep = KEEP if keep is None else keep
    gone = [p for _, _, p in _backup_files(db)[max(keep, 1) :]]
    # a ``.part`` left by a backup that was killed midway (older than an hour: not one
    # being written right now by another window)
    folder = backup_dir(db)
    if folder.is_dir():
        cutoff = time.time() - 3600
        gone += [q for q in folder.glob("*.db.part") if q.stat().st_mtime < cutoff]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


def read_info(path: str | os.PathLike[str], *, created_at: datetime | None = None,
              kind: str = "") -> BackupInfo:
    """Counts and schema revision of a backup file (opened read-only, never changed)."""
    p = Path(path)
    releases = annotations = None
    revision = None
    try:
        with _connect(p, readonly=True) as conn:
            releases = conn.execute("SELECT count(*) FROM release").fetchone()[0]
            annotations = conn.execute("SELECT count(*) FROM annotation").fetchone()[0]
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.Error:
        pass
    when = created_at or datetime.fromtimestamp(p.stat().st_mtime, UTC)
    return BackupInfo(p, when, kind, p.stat().st_size, releases, annotations, revision)


def list_backups(db: Database) -> list[BackupInfo]:
    """The backups of ``db``, newest first, with their row counts."""
    return [read_info(p, created_at=ts, kind=kind) for ts, kind, p in _backup_files(db)]


def backup_before_migration(db: Database) -> Path | None:
    """Back up ``db`` before its schema is upgraded (called by ``upgrade_database``).

    Returns the backup's path, or None for a database that is not a SQLite file.
    """
    if not db.is_sqlite or db.path is None or not db.path.exists():
        return None
    return make_backup(db, "premigration")


def maybe_daily_backup(db: Database, now: datetime | None = None) -> Path | None:
    """Back up ``db`` unless it already has a backup from today (local calendar day).

    The app calls this at start and then hourly while it runs
    (:class:`pibdesk.ui.restore_dialog.DailyBackup`). Returns the new backup's path, or None when one
    from today exists, the database is not a SQLite file, or it is still empty.
    """
    if not db.is_sqlite or db.path is None or not db.path.exists():
        return None
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    for ts, _, _ in _backup_files(db):
        if ts.astimezone().date() == today:
            return None
    if db.current_revision() is None:
        return None
    path = backup_to(db, _new_name(db, "daily", now))
    prune(db)
    return path


def restore_backup(
    db: Database, backup: str | os.PathLike[str], *, upgrade: bool = True
) -> Path | None:
    """Replace the content of ``db`` with the backup file ``backup``.

    First checks the backup (``PRAGMA integrity_check``, a pibdesk schema this pibdesk
    knows), then saves the current file as a ``prerestore`` backup, then copies the
    backup *into* the live file with the backup API (so the WAL and other processes'
    view stay consistent: they see the restored content at their next transaction).
    The caller should have closed its own connections (``db.dispose()``) and tell other
    windows to reload. With ``upgrade``, an older schema is then upgraded to head.
    Returns the path of the ``prerestore`` backup (None if ``db`` had no file yet).
    Raises :class:`BackupError`, or :class:`SchemaVersionError` for a backup written by
    a newer pibdesk (nothing changed then).
    """
    src = Path(backup)
    if not src.is_file():
        raise BackupError(f"{src}: no such backup file")
    live = _db_file(db)
    try:
        with _connect(src, readonly=True) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as e:
        raise BackupError(f"{src}: not a pibdesk database ({e})") from e
    if ok != "ok":
        raise BackupError(f"{src}: the backup is damaged (integrity_check: {ok})")
    if row is None:
        raise BackupError(f"{src}: not a pibdesk database (no schema revision)")
    from pibdesk.services.check import revision_known

    if not revision_known(row[0]):
        raise SchemaVersionError(
            f"{src}: schema revision {row[0]!r} was written by a newer pibdesk; "
            "upgrade pibdesk to restore it (nothing was changed)"
        )
    db.dispose()
    # no pruning yet: it could delete the very backup being restored (the oldest)
    saved = make_backup(db, "prerestore", keep=None) if live.exists() else None
    try:
        with _connect(src, readonly=True) as s, _connect(live) as d:
            s.backup(d, pages=-1)
            d.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as e:
        raise BackupError(f"{live}: restoring {src} failed: {e} (the file before is {saved})") from e
    db.dispose()
    prune(db)
    if upgrade:
        db.check_version()
        if db.current_revision() != db.head_revision():
            db.migrate()
    return saved
