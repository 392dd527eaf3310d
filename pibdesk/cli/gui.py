"""``pibdesk [gui] [--db DB] [--demo] [FILE...]``: open the desktop app (the default command)."""

from __future__ import annotations

import argparse

from pibdesk.cli.options import add_db_arg


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the window (Qt is imported only now); returns the app's exit status."""
    from pibdesk.app import run_gui

    return run_gui(db=args.db, demo=args.demo, files=getattr(args, "files", None) or [])


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk gui``."""
    p = sub.add_parser("gui", help="open the desktop app (default)")
    add_db_arg(p)
    p.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps a --demo given before "gui"
        help="throwaway database with the sample releases",
    )
    p.add_argument("files", nargs="*", help="release files to import and open")
    p.set_defaults(func=cmd_gui)
