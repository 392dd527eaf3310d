"""``pibdesk backup [--db] [-o PATH [--force]] [--list]`` and ``pibdesk restore BACKUP [--db]``.

Both work on SQLite files only, through :mod:`pibdesk.services.backup` (SQLite's backup
API, https://www.sqlite.org/backup.html). A database file that does not exist exits 2
with a message naming it.
"""

from __future__ import annotations

import argparse

from pibdesk.cli.options import add_db_arg
from pibdesk.services.backup import (
    BackupError,
    backup_to,
    list_backups,
    make_backup,
    read_info,
    restore_backup,
)
from pibdesk.storage.db import Database


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk backup`` and ``pibdesk restore``."""
    p = sub.add_parser("backup", help="write a backup of the database (SQLite backup API)")
    add_db_arg(p)
    p.add_argument("-o", "--output", help="backup file to write (default: the backups folder)")
    p.add_argument(
        "-f", "--force", action="store_true", help="replace the --output file if it exists"
    )
    p.add_argument("--list", action="store_true", help="list the existing backups instead")
    p.set_defaults(func=_cmd_backup)

    p = sub.add_parser("restore", help="replace the database with a backup (saving it first)")
    p.add_argument("backup", help="backup file (see `pibdesk backup --list`)")
    add_db_arg(p)
    p.set_defaults(func=_cmd_restore)


def _existing_db(value: str | None) -> Database:
    from pibdesk.config import default_db

    name = default_db(value)
    db = Database(name)
    if db.is_sqlite and (db.path is None or not db.path.exists()):
        db.dispose()
        raise BackupError(f"{name}: no such database file")
    return db


def _cmd_backup(args: argparse.Namespace) -> int:
    db = _existing_db(args.db)
    try:
        if args.list:
            for b in list_backups(db):
                local = b.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
                print(f"{local}  {b.kind:<12} {b.releases} releases, {b.annotations} annotations  {b.path}")
            return 0
        db.check_version()
        if args.output:
            path = backup_to(db, args.output, overwrite=args.force)
        else:
            path = make_backup(db, "manual")
        info = read_info(path)
        print(f"wrote {path} ({info.releases} releases, {info.annotations} annotations)")
        return 0
    finally:
        db.dispose()


def _cmd_restore(args: argparse.Namespace) -> int:
    db = _existing_db(args.db)
    try:
        info = read_info(args.backup)
        saved = restore_backup(db, args.backup)
        print(
            f"restored {args.backup} ({info.releases} releases, {info.annotations} annotations) "
            f"into {db.path}; the previous content is saved in {saved}"
        )
        return 0
    finally:
        db.dispose()
