"""``pibdesk ledger``: every Statement (who said what, when), as CSV, JSON Lines or Markdown.

    pibdesk ledger [--db DB] [--speaker NAME ...] [--topic T ...] [--since YYYY-MM-DD]
                   [--until YYYY-MM-DD] [--text WORDS] [--format csv|jsonl|md] [-o FILE]

``--since``/``--until`` are IST calendar days, both inclusive (a release posted 02 SEP
2019 7:22PM IST is in ``--since 2019-09-02 --until 2019-09-02``); times are written in
IST ISO-8601 (``2019-09-02T19:22:00+05:30``). A speaker or topic is named as for
``pibdesk timeline`` (name or alias, case and honorifics ignored, or ``#ID``); several
``--speaker`` are OR-ed. Columns: :data:`pibdesk.core.ledger.COLUMNS`; ``group`` is the
id of the repeated-quote group (see :func:`pibdesk.core.ledger.group_quotes`), with its
count and first/last posted time. Without ``-o`` the ledger goes to standard output.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from pibdesk.cli.options import add_db_arg, open_db
from pibdesk.core.ledger import FORMATS


def _ist_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def cmd_ledger(args: argparse.Namespace) -> int:
    """Run ``pibdesk ledger``; returns the exit status (0)."""
    from pibdesk.core.errors import PibdeskError
    from pibdesk.core.ledger import LedgerQuery, write_ledger
    from pibdesk.core.model import EntityKind
    from pibdesk.services.ledger import LedgerService

    if args.since and args.until and args.until < args.since:
        raise PibdeskError(f"ledger: --until {args.until} is before --since {args.since}")
    db = open_db(getattr(args, "db", None))
    try:
        svc = LedgerService(db)
        query = LedgerQuery(
            speaker_ids=svc.entity_ids(args.speaker or (), EntityKind.PERSON),
            topic_ids=svc.entity_ids(args.topic or (), EntityKind.TOPIC),
            since=args.since,
            until=args.until,
            text=args.text or "",
        )
        rows = svc.rows(query)
    finally:
        db.dispose()
    if args.output:
        n = svc.export(rows, args.format, args.output)
        print(f"wrote {n} statements to {args.output}", file=sys.stderr)
    else:
        write_ledger(rows, args.format, sys.stdout)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ledger`` subcommand (see the module docstring)."""
    p = sub.add_parser(
        "ledger",
        help="list every Statement: speaker, office, quote, kind, topic, release",
        description="The quote ledger: every Statement with its speaker (and the office "
        "held that day), quote, kind, topic and release; repeated quotes grouped.",
    )
    add_db_arg(p)
    p.add_argument("--speaker", action="append", metavar="NAME",
                   help="only statements by this person (name, alias or #ID; repeatable)")
    p.add_argument("--topic", action="append", metavar="T",
                   help="only statements linked to this topic (repeatable)")
    p.add_argument("--since", type=_ist_date, metavar="YYYY-MM-DD",
                   help="first posted day (IST calendar, inclusive)")
    p.add_argument("--until", type=_ist_date, metavar="YYYY-MM-DD",
                   help="last posted day (IST calendar, inclusive)")
    p.add_argument("--text", metavar="WORDS", help="only rows containing every word")
    p.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.set_defaults(func=cmd_ledger)
