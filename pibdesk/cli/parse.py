"""``pibdesk parse FILE [--json]``: parse one release file and print its fields, no database."""

from __future__ import annotations

import argparse
import json


def cmd_parse(args: argparse.Namespace) -> int:
    """Print the parsed fields then the text (or one JSON object with ``--json``)."""
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


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``pibdesk parse``."""
    p = sub.add_parser("parse", help="parse one release file and print its fields")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_parse)
