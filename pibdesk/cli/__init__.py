"""The ``pibdesk`` command: the GUI by default, and headless subcommands.

One module per command group (``gui``, ``parse``, ``corpus``: import and search,
``export``: export and import-annotations, ``db``, ``backup``, ``check``, ``suggest``,
``status``, ``timeline``, ``ledger``), each with a ``register(subparsers)``; they share
:mod:`pibdesk.cli.options` (``--db``, ``--release``, :func:`open_db`). A new command
group is a new module listed in :data:`COMMAND_GROUPS`.

Exit status: 0 on success, 1 when some inputs failed (import), 2 for bad input or usage
(one line on stderr naming the file and the problem; never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pibdesk import __version__
from pibdesk.cli import (
    backup,
    check,
    corpus,
    db,
    export,
    gui,
    history,
    ledger,
    parse,
    review,
    status,
    suggest,
    timeline,
)
from pibdesk.cli.gui import cmd_gui
from pibdesk.cli.options import open_db
from pibdesk.core.errors import PibdeskError

#: The command groups, in ``pibdesk --help`` order; each has ``register(subparsers)``.
COMMAND_GROUPS = (
    gui, parse, corpus, export, db, backup, check, suggest, status, timeline, ledger, review,
    history,
)

__all__ = ["COMMAND_GROUPS", "build_parser", "cmd_gui", "main", "open_db"]


# ----------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """The whole ``pibdesk`` parser: global options and every group's subcommands."""
    parser = argparse.ArgumentParser(prog="pibdesk", description="Annotate PIB press releases.")
    parser.add_argument("--version", action="version", version=f"pibdesk {__version__}")
    parser.add_argument(
        "--db",
        default=None,
        help="SQLite file or database URL (default: $PIBDESK_DB or the user data dir); "
        "may also follow the command",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a throwaway database with the sample releases",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this build headless (database, sample, window, timeline, export); exit 0/1",
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def _route_files_to_gui(argv: list[str], commands: set[str]) -> list[str]:
    """``pibdesk FILE…`` (what a desktop file manager runs, ``Exec=pibdesk %F``) means
    ``pibdesk gui FILE…``: insert ``gui`` before the first word that is neither an
    option (nor ``--db``'s value) nor a command."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            return argv
        if word == "--db":
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        return argv if word in commands else [*argv[:i], "gui", *argv[i:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    sub = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    )
    args = parser.parse_args(_route_files_to_gui(words, set(sub.choices)))
    if getattr(args, "self_test", False):
        from pibdesk.selftest import run_self_test

        return run_self_test()
    try:
        return int(args.func(args))
    except PibdeskError as e:
        print(f"pibdesk: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        name = getattr(e, "filename", None) or ""
        print(f"pibdesk: {name}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pibdesk: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a driver error no layer turned into a PibdeskError
        from pibdesk.storage.db import database_error_message

        message = database_error_message(e)
        if message is None:
            raise
        print(f"pibdesk: {message}", file=sys.stderr)
        return 2
