"""``pibdesk check [--db]``: print each check of :func:`pibdesk.services.check.run_checks`
(integrity, foreign keys, schema, every annotation's offsets and quote); exit 1 when any
finds a problem. It never changes the database."""

from __future__ import annotations

import argparse

from pibdesk.cli.options import add_db_arg


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk check``."""
    p = sub.add_parser(
        "check", help="check the database: integrity, foreign keys, annotation offsets/quotes"
    )
    add_db_arg(p)
    p.set_defaults(func=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    from pibdesk.config import default_db
    from pibdesk.services.check import run_checks
    from pibdesk.storage.db import Database

    db = Database(default_db(args.db))
    try:
        report = run_checks(db)
    finally:
        db.dispose()
    print(f"checking {db.display_url}")
    for line in report.lines():
        print(line)
    print("all checks passed" if report.ok else "PROBLEMS FOUND")
    return 0 if report.ok else 1
