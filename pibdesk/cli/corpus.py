"""Command line for the corpus: ``pibdesk import`` (progress bar, report) and ``pibdesk search``.

``import`` exit status: 0 when nothing failed, 1 when some inputs failed, 130 when
interrupted (Ctrl+C cancels like the window's Cancel: the open batch is rolled back, and
the report of what was committed is printed, marked cancelled, text or ``--json``).
The progress bar (tqdm) goes to stderr and is off when stderr is not a terminal or with
``--quiet``; ``--json`` prints the report as one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, time, timedelta
from typing import Any

from pibdesk.cli.options import add_db_arg, open_db
from pibdesk.core.model import IST, ImportReport

_WORDS = {
    "imported": "imported",
    "present": "already present",
    "revised": "revised",
    "updated": "updated",
    "failed": "FAILED",
}


def print_report(report: ImportReport, out: Any = None) -> None:
    """The human report: one line per release (when there are fewer than 50), else one
    per failed, revised or updated release; then the totals line."""
    out = out or sys.stdout
    show_all = len(report.outcomes) < 50
    for o in report.outcomes:
        if not show_all and o.status in ("present", "imported") and not o.message:
            continue
        tail = f": {o.message}" if o.message else ""
        ident = f" [{o.release_id}]" if o.release_id else ""
        print(f"{_WORDS.get(o.status, o.status):>15}  {o.source}{ident}{tail}", file=out)
    t = report.totals()
    print(
        f"total: {len(report.outcomes)} releases, {t['imported']} imported, "
        f"{t['present']} already present, {t['revised']} revised, {t['updated']} updated, "
        f"{t['failed']} failed" + (" (cancelled)" if report.cancelled else ""),
        file=out,
    )


def run_import(args: argparse.Namespace) -> int:
    """``pibdesk import PATHS... [--json] [--quiet] [--report FILE]``."""
    from tqdm import tqdm

    from pibdesk.services.corpus import CorpusService, ImportInterrupted, write_report

    db = open_db(args.db)
    quiet = bool(getattr(args, "quiet", False))
    bar = tqdm(
        total=0,
        unit="rel",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
    )
    interrupted = False

    def progress(done: int, total: int, source: str) -> None:
        if bar.total != total:
            bar.total = total
        bar.n = done
        if done % 25 == 0 or done == total:
            bar.set_postfix_str(source[-40:], refresh=False)
            bar.refresh()

    def cancel() -> bool:
        return interrupted

    try:
        report = CorpusService(db).import_paths(args.paths, progress=progress, cancel=cancel)
    except KeyboardInterrupt as e:  # the open batch was rolled back by its transaction
        interrupted = True
        report = e.report if isinstance(e, ImportInterrupted) else ImportReport()
        report.cancelled = True
    finally:
        bar.close()
    if interrupted:
        print(
            "pibdesk: import interrupted; releases written before stay, none half-written",
            file=sys.stderr,
        )
    if getattr(args, "report", None):
        write_report(report, args.report)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print_report(report)
    if interrupted:
        return 130
    return 1 if report.count("failed") else 0


def _date(value: str) -> datetime:
    try:
        return datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), time(), IST)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def cmd_search(args: argparse.Namespace) -> int:
    """``pibdesk search QUERY``: prints ``PRID  date  title`` and the snippet per hit."""
    from pibdesk.services.search import SearchService, make_filter

    db = open_db(args.db)
    f = make_filter(
        ministry=args.ministry,
        bureau=args.bureau,
        language=args.language,
        status=args.status,
        since=args.since,
        until=args.until + timedelta(days=1) if args.until else None,
    )
    svc = SearchService(db)
    hits = svc.search(args.query, f, limit=args.limit, locate=args.json)
    if args.json:
        print(
            json.dumps(
                {
                    "query": args.query,
                    "total": svc.count(args.query, f),
                    "hits": [
                        {
                            "pk": h.pk,
                            "release_id": h.release_id,
                            "title": h.title,
                            "posted_at": h.posted_at.astimezone(IST).isoformat()
                            if h.posted_at
                            else None,
                            "ministry": h.ministry,
                            "language": h.language,
                            "snippet": h.snippet_marked("[", "]"),
                            "hit_start": h.hit_start,
                            "hit_end": h.hit_end,
                        }
                        for h in hits
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    tty = sys.stdout.isatty()
    open_, close = ("\x1b[1;33m", "\x1b[0m") if tty else ("[", "]")
    for h in hits:
        date = h.posted_at.astimezone(IST).strftime("%d %b %Y") if h.posted_at else "-"
        print(f"{h.release_id or '-':>8}  {date:>11}  {h.title.splitlines()[0][:90]}")
        print("          " + " ".join(h.snippet_marked(open_, close).split()))
    if not hits:
        print(f"no release matches {args.query!r}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk import`` and ``pibdesk search``."""
    p = sub.add_parser("import", help="import release files and folders")
    p.add_argument("paths", nargs="+")
    add_db_arg(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--report", metavar="FILE", help="also save the report (.json or .csv)")
    p.set_defaults(func=run_import)

    p = sub.add_parser("search", help="full-text search over every release")
    p.add_argument("query", help='words (all must occur), "a phrase", prefix*, OR')
    add_db_arg(p)
    p.add_argument("--limit", type=int, default=20, help="most hits to print (default 20)")
    p.add_argument("--ministry")
    p.add_argument("--bureau", help='e.g. "PIB Delhi"')
    p.add_argument("--language", help="ISO 639 code, e.g. hi")
    p.add_argument("--status", choices=["not_started", "in_progress", "done"])
    p.add_argument("--since", type=_date, help="posted on or after YYYY-MM-DD (IST)")
    p.add_argument("--until", type=_date, help="posted on or before YYYY-MM-DD (IST)")
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.set_defaults(func=cmd_search)


__all__ = ["cmd_search", "print_report", "register", "run_import"]
