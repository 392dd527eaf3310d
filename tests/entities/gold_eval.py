"""Scoring suggestions against the hand-built gold standard in ``gold/*.json``.

A suggestion counts as correct when its label and its ``(start, end)`` equal a gold
span's (exact match, code points over the parsed text). For matched Person spans the
entity name is compared too, and for matched Statements the speaker's name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pibdesk.core.model import IST
from pibdesk.core.names import normalize
from pibdesk.core.suggest import Registry, Suggestion, suggest

GOLD_DIR = Path(__file__).resolve().parent / "gold"


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    linked_ok: int = 0  # matched spans whose entity / speaker name agrees
    false_pos: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def link_accuracy(self) -> float:
        return self.linked_ok / self.tp if self.tp else 1.0


def score(
    gold: list[dict], suggestions: list[Suggestion], label: str, sc: Score, name: str
) -> None:
    g = {(d["start"], d["end"]): d for d in gold if d["label"] == label}
    s = {(x.start, x.end): x for x in suggestions if x.label == label}
    for k, x in s.items():
        if k in g:
            sc.tp += 1
            want = g[k].get("entity") if label != "Statement" else g[k].get("speaker")
            got = x.entity_name if label != "Statement" else x.speaker_name
            if want and got and normalize(want) == normalize(got):
                sc.linked_ok += 1
        else:
            sc.fp += 1
            sc.false_pos.append(f"{name}:{x.start}-{x.end} {x.text[:40]!r}")
    for k, d in g.items():
        if k not in s:
            sc.fn += 1
            sc.misses.append(f"{name}:{k[0]}-{k[1]} {d['text'][:40]!r}")


def evaluate(raw_dir: Path, registry: Registry) -> dict[str, Score]:
    """Person and Statement scores over every gold file."""
    from pibdesk.parsing import parse_file

    out = {"Person": Score(), "Statement": Score()}
    for f in gold_files():
        doc = json.loads(f.read_text(encoding="utf-8"))
        parsed = parse_file(raw_dir / doc["file"])
        day = parsed.posted_at.astimezone(IST).date() if parsed.posted_at else None
        sugg = suggest(parsed.text, registry, day)
        for label, sc in out.items():
            score(doc["spans"], sugg, label, sc, doc["file"])
    return out
