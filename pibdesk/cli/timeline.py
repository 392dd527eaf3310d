"""``pibdesk timeline``: write an engagement timeline as PNG, SVG or CSV, headless.

    pibdesk timeline --db DB --entity NAME [--entity NAME ...] [--label LABEL ...]
                     [--bucket day|week|month|year] [--mode counts|events]
                     [--style bars|lines] [--normalise] [--from DAY] [--to DAY]
                     -o FILE.png|.svg|.csv

CSV columns: :func:`pibdesk.core.timeline.csv_rows`. PNG/SVG render with Qt's
``offscreen`` platform unless ``QT_QPA_PLATFORM`` is already set, so no display is
needed. Qt is imported only for images.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from pibdesk.cli.options import add_db_arg, open_db
from pibdesk.core.errors import PibdeskError
from pibdesk.core.timeline import Bucket


def render_image(data: object, path: Path, mode: str, style: str, width: int = 1600) -> None:
    """Render a :class:`~pibdesk.core.timeline.TimelineData` to PNG/SVG without a display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from pibdesk.charts.timeline_chart import TimelineChart

    # not sys.argv: Qt would read our own --style as its widget style
    app = QApplication.instance() or QApplication(["pibdesk"])
    chart = TimelineChart()
    chart.resize(1280, 720)
    chart.show()  # lay the plots out at that size (offscreen: nothing appears)
    chart.set_data(data, mode=mode, style=style)  # type: ignore[arg-type]
    app.processEvents()
    chart.export(path, width=width)
    chart.deleteLater()


def cmd_timeline(args: argparse.Namespace) -> int:
    from pibdesk.services.timeline import TimelineService, write_csv

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg", ".csv"):
        raise PibdeskError(
            f"{out}: unknown output type {suffix or '(none)'!r}; use .png, .svg or .csv"
        )
    if not args.entity and not args.label:
        raise PibdeskError("timeline: pick at least one --entity or --label")
    db = open_db(args.db)
    try:
        svc = TimelineService(db)
        specs = svc.resolve(args.entity or (), args.label or ())
        data = svc.timeline(
            specs,
            Bucket(args.bucket),
            normalised=args.normalise,
            events=args.mode == "events",
            first_day=args.first_day,
            last_day=args.last_day,
        )
    finally:
        db.dispose()
    if suffix == ".csv":
        n = write_csv(data, out)
        print(
            f"wrote {n} rows ({len(specs)} series x {len(data.coverage)} {args.bucket}s) to {out}",
            file=sys.stderr,
        )
    else:
        render_image(data, out, args.mode, args.style, args.width)
        print(f"wrote {out}", file=sys.stderr)
    return 0


def _ist_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``timeline`` subcommand (see the module docstring)."""
    p = sub.add_parser(
        "timeline",
        help="write an engagement timeline (PNG, SVG or CSV)",
        description="Series per entity/label over posted date in IST; CSV holds the counts.",
    )
    add_db_arg(p)
    p.add_argument(
        "--entity",
        action="append",
        metavar="NAME",
        help="entity name or alias (case and honorifics ignored), or #ID (repeatable)",
    )
    p.add_argument("--label", action="append", metavar="LABEL", help="label name (repeatable)")
    p.add_argument(
        "--bucket",
        choices=[b.value for b in Bucket],
        default="month",
        help="IST calendar period to count in; week = ISO week from Monday (default: month)",
    )
    p.add_argument("--mode", choices=["counts", "events"], default="counts", help="images only")
    p.add_argument("--style", choices=["bars", "lines"], default="bars", help="counts images only")
    p.add_argument(
        "--normalise", action="store_true", help="divide by releases imported per bucket"
    )
    p.add_argument(
        "--from",
        dest="first_day",
        type=_ist_date,
        metavar="YYYY-MM-DD",
        help="first posted day (IST) to include",
    )
    p.add_argument(
        "--to",
        dest="last_day",
        type=_ist_date,
        metavar="YYYY-MM-DD",
        help="last posted day (IST) to include",
    )
    p.add_argument("--width", type=int, default=1600, help="PNG width in pixels")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.csv"
    )
    p.set_defaults(func=cmd_timeline)
