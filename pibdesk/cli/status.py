"""``pibdesk status --release PRID|#N|FILE done|in_progress|not_started``.

Sets a release's annotation status (what the release list's status filter and
``pibdesk export --status`` select on) from the command line, in one transaction, and
prints ``#N (Release ID): OLD -> NEW``. The release is named as for ``pibdesk suggest``
(:func:`pibdesk.services.suggestions.resolve_release`). Without a status it prints the
current one. Unknown releases exit 2 with a message naming the database.
"""

from __future__ import annotations

import argparse

from pibdesk.cli.options import add_db_arg, add_release_arg, open_db
from pibdesk.core.model import ReleaseStatus


def cmd_status(args: argparse.Namespace) -> int:
    """Run ``pibdesk status``; returns the exit status (0)."""
    from pibdesk.services.corpus import CorpusService
    from pibdesk.services.suggestions import resolve_release

    db = open_db(getattr(args, "db", None))
    try:
        pk = resolve_release(db, args.release)
        corpus = CorpusService(db)
        rel = corpus.release(pk)
        name = f"#{pk}" + (f" ({rel.release_id})" if rel.release_id is not None else "")
        if args.status is None:
            print(f"{name}: {rel.status.value}")
            return 0
        before = corpus.set_status(pk, ReleaseStatus(args.status), args.author)
        print(f"{name}: {before.value} -> {args.status}")
    finally:
        db.dispose()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``status`` subcommand (see the module docstring)."""
    p = sub.add_parser(
        "status",
        help="show or set a release's annotation status",
        description="Set (or, without STATUS, show) a release's annotation status.",
    )
    add_db_arg(p)
    add_release_arg(p)
    p.add_argument(
        "status",
        nargs="?",
        choices=[s.value for s in ReleaseStatus],
        help="the new status (omit to print the current one)",
    )
    p.add_argument("--author", default="", help="who changes it (recorded in the change log)")
    p.set_defaults(func=cmd_status)
