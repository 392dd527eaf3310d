"""``pibdesk history --release PRID|#N|FILE [--annotation ID] [--json] [-o FILE]``.

Prints the annotation history of one release (the append-only ``annotation_history``
table, migration 0009), oldest first: every create, edit, relabel, move, note, delete,
merge, re-anchoring, accept/curate and undo/redo, with who and when. Annotations deleted
since keep their history and are listed too.

* text (default): one line per change, ``2019-09-02 19:22 IST  #12  editor  relabel:
  label Person → Topic`` (times in IST, Asia/Kolkata);
* ``--json``: JSON Lines, one object per change (:meth:`HistoryEntry.as_json`): ``id``,
  ``annotation_id``, ``release_pk``, ``action``, ``actor``, ``at`` (ISO-8601 UTC),
  ``at_ist``, ``before`` and ``after`` (the annotation's fields, ``null`` for the side
  that does not exist; offsets in code points, end-exclusive).

``--annotation ID`` keeps one annotation's rows; an ID with no rows in that release
exits 2 with a message. An unknown release exits 2 with a message naming the database.
A release without history prints nothing on stdout and says so on stderr (exit 0).
"""

from __future__ import annotations

import argparse
import json
import sys

from pibdesk.cli.options import add_db_arg, add_release_arg, open_db
from pibdesk.core.model import IST


def cmd_history(args: argparse.Namespace) -> int:
    """Run ``pibdesk history``; returns the exit status (0, or 2 for an annotation ID
    without history in the release)."""
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.suggestions import resolve_release

    db = open_db(getattr(args, "db", None))
    try:
        pk = resolve_release(db, args.release)
        rows = AnnotationService(db).release_history(pk)
    finally:
        db.dispose()
    if args.annotation is not None:
        rows = [r for r in rows if r.annotation_id == args.annotation]
        if not rows:  # a mistyped id, or one of another release: say so, never print nothing
            print(
                f"pibdesk history: annotation {args.annotation} has no history in release "
                f"{args.release} (it is not one of this release's annotations)",
                file=sys.stderr,
            )
            return 2
    elif not rows:
        print(f"release {args.release} has no annotation history yet", file=sys.stderr)
    if args.json:
        lines = [json.dumps(r.as_json(), ensure_ascii=False) for r in rows]
    else:
        lines = [
            f"{r.at.astimezone(IST).strftime('%Y-%m-%d %H:%M:%S')} IST  "
            f"#{r.annotation_id}  {r.actor or '-'}  {r.summary(60)}"
            for r in rows
        ]
    out = "".join(line + "\n" for line in lines)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(out)
        print(f"wrote {len(lines)} change(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``history`` subcommand (see the module docstring)."""
    p = sub.add_parser(
        "history",
        help="print the change history of a release's annotations",
        description="Print every change made to a release's annotations (who, when, "
        "before and after), oldest first.",
    )
    add_db_arg(p)
    add_release_arg(p)
    p.add_argument("--annotation", type=int, metavar="ID", help="only this annotation's changes")
    p.add_argument("--json", action="store_true", help="JSON Lines with before/after records")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.set_defaults(func=cmd_history)
