"""Command line for reviews (issue 14): ``pibdesk agreement`` and ``pibdesk review``.

``pibdesk agreement [--release PRID ...] [--json]`` prints per-label agreement between
editors (Krippendorff's alpha, Cohen's kappa and exact/overlap span F1 per editor pair;
definitions in :mod:`pibdesk.core.agreement`): of the named releases, else of every
release in independent mode. ``pibdesk review --release PRID --mode
independent|shared`` sets a release's review mode. Exit status as :mod:`pibdesk.cli`.
"""

from __future__ import annotations

import argparse
import json

from pibdesk.cli.options import add_db_arg, open_db
from pibdesk.core.agreement import AgreementReport


def _num(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def format_report(report: AgreementReport) -> str:
    """The agreement table as text: one line per label and editor pair."""
    lines = [
        f"{report.documents} release(s) with two editors or more; "
        f"editors: {', '.join(report.editors) or 'none'}",
        f"{'label':<16} {'editors':<24} {'alpha':>7} {'kappa':>7} {'F1 exact':>9} "
        f"{'F1 overlap':>11} {'units':>7}",
    ]
    for row in report.labels:
        pairs = sorted(row.exact) or [("", "")]
        for i, p in enumerate(pairs):
            names = " / ".join(p) if p[0] else "–"
            exact, overlap = row.exact.get(p), row.overlap.get(p)
            lines.append(
                f"{row.label if i == 0 else '':<16} {names:<24} "
                f"{_num(row.alpha) if i == 0 else '':>7} {_num(row.kappa.get(p)):>7} "
                f"{_num(exact.f1 if exact else None):>9} "
                f"{_num(overlap.f1 if overlap else None):>11} "
                f"{row.units if i == 0 else '':>7}"
            )
    return "\n".join(lines)


def cmd_agreement(args: argparse.Namespace) -> int:
    from pibdesk.services.review import ReviewService

    svc = ReviewService(open_db(getattr(args, "db", None)))
    pks = [svc.release_pk(p) for p in args.release] if args.release else None
    report = svc.agreement(pks)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from pibdesk.core.review import ReviewMode
    from pibdesk.services.review import ReviewService

    svc = ReviewService(open_db(getattr(args, "db", None)))
    pk = svc.release_pk(args.release)
    if args.mode:
        info = svc.set_mode(pk, ReviewMode(args.mode), by=args.by or "")
    else:
        info = svc.info(pk)
    print(f"release {args.release}: {info.mode.value}, {info.state.value}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``agreement`` and ``review`` to the ``pibdesk`` command."""
    p = sub.add_parser(
        "agreement",
        help="agreement between editors per label: Krippendorff's alpha, Cohen's kappa, span F1",
    )
    p.add_argument(
        "--release", type=int, action="append", metavar="PRID",
        help="a Release ID (repeatable; default: every release in independent mode)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_db_arg(p)
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("review", help="show or set a release's review mode")
    p.add_argument("--release", type=int, required=True, metavar="PRID")
    p.add_argument(
        "--mode", choices=["independent", "shared"],
        help="independent: each editor sees only their own annotations until review",
    )
    p.add_argument("--by", help="who changes it (logged)")
    add_db_arg(p)
    p.set_defaults(func=cmd_review)
