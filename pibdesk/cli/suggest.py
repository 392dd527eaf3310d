"""``pibdesk suggest --db DB --release PRID|#N|FILE [--json]``: a release's suggestions.

Prints ``start end label 'text' entity`` per suggestion (a Statement shows its proposed
speaker and kind), or with ``--json`` one array of
:meth:`pibdesk.core.suggest.Suggestion.to_json` objects.
"""

from __future__ import annotations

import argparse
import json

from pibdesk.cli.options import add_db_arg, add_release_arg, open_db


def cmd_suggest(args: argparse.Namespace) -> int:
    """Run ``pibdesk suggest``; returns the exit status (0)."""
    from pibdesk.core.suggest import STATEMENT
    from pibdesk.services.suggestions import SuggestionService, resolve_release

    db = open_db(args.db)
    try:
        pk = resolve_release(db, args.release)
        items = SuggestionService(db).for_release(pk)
        if args.json:
            print(json.dumps([g.to_json() for g in items], ensure_ascii=False, indent=2))
        else:
            for g in items:
                extra = g.entity_name or ""
                if g.label == STATEMENT:
                    extra = f"speaker: {g.speaker_name or '?'} ({g.statement_kind})"
                text = g.text if len(g.text) <= 60 else g.text[:57] + "..."
                print(f"{g.start:>6} {g.end:>6}  {g.label:<9} {text!r}  {extra}")
    finally:
        db.dispose()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk suggest``."""
    p = sub.add_parser("suggest", help="print a release's annotation suggestions")
    add_db_arg(p)
    add_release_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_suggest)
