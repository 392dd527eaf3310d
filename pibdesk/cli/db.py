"""``pibdesk db ...``: team-mode commands (issue 9).

* ``pibdesk db upgrade --db URL``: create or upgrade the schema (a desk runs this once
  on a new shared PostgreSQL database after ``createdb``).
* ``pibdesk db copy --from SRC --to DST``: copy a whole database, SQLite <-> PostgreSQL,
  with a progress bar on stderr.
* ``pibdesk db password --db URL [--forget]``: store (prompted, never echoed) or forget
  the password for a PostgreSQL URL in the credential store.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from pibdesk.cli.options import add_db_arg


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``db upgrade``, ``db copy`` and ``db password`` to the ``pibdesk`` command."""
    db = sub.add_parser("db", help="database commands: upgrade, copy, password (team mode)")
    dsub = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)

    p = dsub.add_parser("upgrade", help="create or upgrade the schema of a database")
    add_db_arg(p)
    p.set_defaults(func=_cmd_upgrade)

    p = dsub.add_parser("copy", help="copy a whole database (SQLite <-> PostgreSQL)")
    p.add_argument("--from", dest="src", required=True, help="source: SQLite file or URL")
    p.add_argument("--to", dest="dst", required=True, help="destination: new file or empty database")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_copy)

    p = dsub.add_parser("password", help="store the password of a PostgreSQL URL safely")
    add_db_arg(p)
    p.add_argument("--forget", action="store_true", help="remove the stored password")
    p.set_defaults(func=_cmd_password)


def _name(value: str | None) -> str:
    from pibdesk.config import default_db

    return default_db(value)


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from pibdesk.services.connections import display_url, open_database
    from pibdesk.services.maintenance import upgrade_database

    db = open_database(_name(args.db), upgrade=False)
    try:
        before = db.current_revision()
        changed = upgrade_database(db)
        state = f"upgraded from {before or 'empty'} to" if changed else "already at"
        print(f"{display_url(db.url)}: {state} schema {db.head_revision()}")
    finally:
        db.dispose()
    return 0


def _cmd_copy(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from pibdesk.services.connections import display_url
    from pibdesk.services.dbcopy import copy_between

    # made at the first progress call: a source or destination that cannot be opened
    # gives its one-line error without an empty bar before it
    bars: list[tqdm] = []

    def progress(table: str, done: int, total: int) -> None:
        if not bars:
            bars.append(
                tqdm(total=total, unit="row", file=sys.stderr, disable=args.quiet, desc="copying")
            )
        bar = bars[0]
        if bar.total != total:
            bar.total = total
        bar.set_postfix_str(table, refresh=False)
        bar.update(done - bar.n)

    try:
        report = copy_between(args.src, args.dst, progress=progress)
    finally:
        for bar in bars:
            bar.close()
    parts = ", ".join(f"{n} {t}" for t, n in report.rows.items() if n)
    print(f"copied {report.total} rows to {display_url(args.dst)}: {parts}")
    return 0


def _cmd_password(args: argparse.Namespace) -> int:
    from pibdesk.services.connections import display_url, is_server_url, save_password, settings_url

    name = _name(args.db)
    if not is_server_url(name):
        print(f"pibdesk: {name}: only PostgreSQL URLs have a password", file=sys.stderr)
        return 2
    url = settings_url(name)
    if args.forget:
        where = save_password(url, None)
        print(f"forgot the password for {display_url(url)} ({where})")
        return 0
    password = getpass.getpass(f"password for {display_url(url)}: ")
    where = save_password(url, password)
    print(f"stored the password for {display_url(url)} in the {where} store")
    return 0
