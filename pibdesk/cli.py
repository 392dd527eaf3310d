"""The ``pibdesk`` command: the GUI by default, and headless subcommands.

Exit status: 0 on success, 1 when some inputs failed (import), 2 for bad input or usage
(one line on stderr naming the file and the problem; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from pibdesk import __version__
from pibdesk.core.errors import PibdeskError

Handler = Callable[[argparse.Namespace], int]


def _db_arg(p: argparse.ArgumentParser) -> None:
    """``--db`` on a subcommand. Its default is "not given" (``SUPPRESS``), so a ``--db``
    before the subcommand (``pibdesk --db FILE export …``) is kept, not overwritten by
    the subcommand's own default."""
    p.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="SQLite file or database URL (default: $PIBDESK_DB or the user data dir)",
    )


def open_db(value: str | None, *, migrate: bool = True):  # type: ignore[no-untyped-def]
    """Open (and upgrade) the database named by ``--db``/``$PIBDESK_DB``/the default."""
    from pibdesk.config import default_db
    from pibdesk.storage.db import Database

    db = Database(default_db(value))
    if migrate:
        from pibdesk.services.maintenance import upgrade_database

        upgrade_database(db)
    return db


# ----------------------------------------------------------------------------- commands
def cmd_gui(args: argparse.Namespace) -> int:
    from pibdesk.app import run_gui

    return run_gui(db=args.db, demo=args.demo, files=getattr(args, "files", None) or [])


def cmd_parse(args: argparse.Namespace) -> int:
    from pibdesk.parsing import parse_file

    parsed = parse_file(args.file)
    if args.json:
        print(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
    else:
        d = parsed.to_json()
        for k, v in d.items():
            if k != "text":
                print(f"{k}: {v}")
        print()
        print(parsed.text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pibdesk.corpus_cli import run_import

    return run_import(args)


def cmd_export(args: argparse.Namespace) -> int:
    from pibdesk.export_cli import run_export

    return run_export(args, open_db)


# ----------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
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

    p = sub.add_parser("gui", help="open the desktop app (default)")
    _db_arg(p)
    p.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps a --demo given before "gui"
        help="throwaway database with the sample releases",
    )
    p.add_argument("files", nargs="*", help="release files to import and open")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("parse", help="parse one release file and print its fields")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("import", help="import release files and folders")
    p.add_argument("paths", nargs="+")
    _db_arg(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--report", metavar="FILE", help="also save the report (.json or .csv)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export annotations")
    _db_arg(p)
    p.add_argument("--format", default="jsonl", help="jsonl (default), csv, brat, doccano, ...")
    p.add_argument("-o", "--output", required=True)
    from pibdesk.export_cli import add_export_options

    add_export_options(p)
    p.set_defaults(func=cmd_export)

    for register in EXTRA_COMMANDS:
        register(sub, _db_arg)
    return parser


#: Feature modules append ``register(subparsers, add_db_arg)`` callables here (see
#: :func:`_load_extra_commands`), so a new subcommand touches its own module.
EXTRA_COMMANDS: list[
    Callable[[argparse._SubParsersAction, Callable[[argparse.ArgumentParser], None]], None]
] = []

_EXTRA_MODULES: tuple[str, ...] = (
    "pibdesk.services.backup",
    "pibdesk.services.check",
    "pibdesk.services.suggestions",
    "pibdesk.corpus_cli",
    "pibdesk.team_cli",
    "pibdesk.export_cli",
    "pibdesk.timeline_cli",
    "pibdesk.status_cli",
    "pibdesk.review_cli",
)


def _load_extra_commands() -> None:
    import importlib

    for name in _EXTRA_MODULES:
        mod = importlib.import_module(name)
        reg = getattr(mod, "register_cli", None)
        if reg is not None and reg not in EXTRA_COMMANDS:
            EXTRA_COMMANDS.append(reg)


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
    _load_extra_commands()
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
