"""Command line for issue 6: ``pibdesk export`` options and ``pibdesk import-annotations``.

``pibdesk export --format NAME [--release PRID ...] [--since DATE] [--until DATE]
[--ministry M] [--label L ...] [--entity E] [--author A] [--status S]
[--layer EDITOR|curated] -o PATH``
(dates are IST calendar days, both inclusive), and
``pibdesk import-annotations PATH [--format NAME] [--create-documents] [--dry-run]
[--json]``. Exit status: 0 on success, 1 when an import refused something, 2 for bad
input (see :mod:`pibdesk.cli`).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from typing import Any

from pibdesk.cli.options import add_db_arg, open_db
from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import IST, ReleaseStatus


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def add_export_options(p: argparse.ArgumentParser) -> None:
    """Selection options of ``pibdesk export`` (the parser already has --format, -o)."""
    g = p.add_argument_group("selection (all options AND-ed; default: everything)")
    g.add_argument(
        "--release", type=int, action="append", metavar="PRID", help="a Release ID (repeatable)"
    )
    g.add_argument("--since", type=_day, metavar="DATE", help="posted on or after this IST day")
    g.add_argument("--until", type=_day, metavar="DATE", help="posted on or before this IST day")
    g.add_argument("--ministry", help="ministry name (case-insensitive)")
    g.add_argument(
        "--label", action="append", metavar="LABEL", help="annotation label (repeatable)"
    )
    g.add_argument(
        "--entity", help="entity name or alias, or #ID; matches mentions, speakers, topics"
    )
    g.add_argument("--author", help="annotation author")
    g.add_argument(
        "--layer",
        metavar="EDITOR|curated",
        help="one layer of independently annotated releases: an editor's own, or the "
        "reviewed final layer (curated)",
    )
    g.add_argument("--status", choices=[s.value for s in ReleaseStatus], help="release status")


def selection_from_args(args: argparse.Namespace) -> Any:
    """An :class:`AnnotationSelection` from parsed ``export`` options."""
    from pibdesk.services.export import AnnotationSelection

    def ist(d: date | None) -> datetime | None:
        return datetime(d.year, d.month, d.day, tzinfo=IST) if d else None

    entity: int | str | None = getattr(args, "entity", None)
    if isinstance(entity, str) and entity.startswith("#") and entity[1:].isdigit():
        entity = int(entity[1:])
    until = ist(getattr(args, "until", None))
    return AnnotationSelection(
        release_ids=tuple(getattr(args, "release", None) or ()),
        since=ist(getattr(args, "since", None)),
        until=until + timedelta(days=1) if until else None,
        ministry=getattr(args, "ministry", None),
        status=ReleaseStatus(args.status) if getattr(args, "status", None) else None,
        labels=tuple(getattr(args, "label", None) or ()),
        entity=entity,
        author=getattr(args, "author", None),
        layer=getattr(args, "layer", None),
    )


def run_export(args: argparse.Namespace) -> int:
    """``pibdesk export``: write the selected set through the format registry."""
    from pibdesk.export import registry
    from pibdesk.services.export import ExportService

    fmt = registry.get(args.format)  # raises FormatError (exit 2) naming the known formats
    db = open_db(args.db)
    res = ExportService(db).export(fmt.name, args.output, selection_from_args(args))
    for w in res.warnings:
        print(f"pibdesk: warning: {w}", file=sys.stderr)
    print(f"{res.message()} ({fmt.title}; offsets: {fmt.offset_unit})", file=sys.stderr)
    return 0


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from pibdesk.services.annotation_import import AnnotationImportService

    db = open_db(args.db)
    report = AnnotationImportService(db).import_file(
        args.path, args.format, create_documents=args.create_documents, dry_run=args.dry_run
    )
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for r in report.refused:
            print(f"  refused  {r.where}: {r.reason}")
        if report.labels_created:
            print(f"new labels: {', '.join(report.labels_created)}")
        if report.entities_created:
            print(f"new entities: {', '.join(report.entities_created)}")
        tail = " (dry run: nothing stored)" if report.dry_run else ""
        print(f"{report.source} [{report.format}]: {report.summary()}{tail}")
    return 1 if report.refused else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk export`` and ``pibdesk import-annotations``."""
    from pibdesk.export import registry

    p = sub.add_parser("export", help="export annotations")
    add_db_arg(p)
    p.add_argument("--format", default="jsonl", help="jsonl (default), csv, brat, doccano, ...")
    p.add_argument("-o", "--output", required=True)
    add_export_options(p)
    p.set_defaults(func=run_export)

    p = sub.add_parser(
        "import-annotations",
        help="import annotations from pibdesk JSONL, brat, doccano, Label Studio, W3C, XMI, CoNLL",
    )
    p.add_argument("path", help="annotation file (or folder, for brat and XMI)")
    p.add_argument(
        "--format",
        choices=registry.names(importable=True),
        help="default: guessed from the name and content",
    )
    p.add_argument(
        "--create-documents",
        action="store_true",
        help="store documents not in the corpus as new releases built from the file's text",
    )
    p.add_argument("--dry-run", action="store_true", help="report what would happen, store nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add_db_arg(p)
    p.set_defaults(func=cmd_import_annotations)


__all__ = [
    "PibdeskError",
    "add_export_options",
    "register",
    "run_export",
    "selection_from_args",
]
