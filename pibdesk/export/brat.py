"""brat standoff (https://brat.nlplab.org/standoff.html): ``.txt`` + ``.ann`` per release.

Offset unit: Unicode code points, end-exclusive, into the ``.txt`` (brat reads the text
as a Python ``str``). The ``.txt`` holds the release text byte-exact (UTF-8, ``\\n``).

What pibdesk writes in each ``.ann`` (one line per item, tab-separated as brat does):

* ``T`` text-bound annotations: ``T1<TAB>Person 10 15<TAB>Modi``. A span that crosses
  line breaks is written as fragments (``0 5;6 10``) split at ``\\n`` (brat cannot show
  a fragment across lines); the text field joins the fragments with a space. Newlines at
  a span's edges stay inside the edge fragment so the span is kept exactly.
* ``N`` normalizations for entity links (brat "Reference"): ``N1<TAB>Reference T1
  pibdesk_person:42<TAB>Narendra Modi``; database ``pibdesk_person``/``pibdesk_topic``
  for the annotation's entity, ``pibdesk_statement_topic`` for a Statement's topic,
  ``pibdesk_speaker`` for a speaker with no mention in the release.
* ``R`` relations ``Speaker Arg1:<statement T> Arg2:<person T>`` for statement speakers,
  pointing at a mention of the speaker in the same release.
* ``A`` attributes ``StatementKind T3 direct`` for statement kinds.
* ``#`` ``AnnotatorNotes`` for notes (newlines escaped as ``\\n``, backslash as ``\\\\``).

Label names are made legal brat types (``[A-Za-z0-9_-]``, starting with a letter;
clashes numbered) and mapped back through the ``[labels]`` section of ``visual.conf``
(brat's display names), written with ``annotation.conf`` in the export folder. brat
splits a ``[labels]`` line at ``|`` (``Type | Full name | Abbreviation``,
https://brat.nlplab.org/configuration.html), so the display name there has each ``|``
replaced by ``¦`` and spaces at its edges dropped; the exact label is kept in a comment
line before it, ``# pibdesk-label Type "label as JSON string"`` (brat ignores comment
lines), which the reader prefers to the display name.

Reading accepts everything brat writes; what pibdesk cannot hold (events, other
relations and attributes, notes on events) is refused with a reason. A discontinuous
span (``0 5;12 17`` with text between the fragments) becomes one annotation with
fragments (:mod:`pibdesk.core.fragments`); fragments with only line breaks or spaces
between them are one piece (brat's way of writing a span across lines).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pibdesk.core.fragments import parts
from pibdesk.core.model import Annotation, EntityKind, StatementKind
from pibdesk.export.base import (
    EntityRef,
    ExportDocument,
    ExportResult,
    FormatError,
    ImportedDocument,
    ImportedSpan,
    Refusal,
    inside,
    safe_stem,
)

NAME = "brat"
OFFSET_UNIT = "Unicode code points, end-exclusive"
#: Discontinuous spans keep their fragments (pibdesk.export.registry.AnnotationFormat).
HOLDS_FRAGMENTS = True

SPEAKER_RELATION = "Speaker"
KIND_ATTRIBUTE = "StatementKind"
_DB_ENTITY = {"pibdesk_person": EntityKind.PERSON, "pibdesk_topic": EntityKind.TOPIC}
_DB_STATEMENT_TOPIC = "pibdesk_statement_topic"
_DB_SPEAKER = "pibdesk_speaker"
#: visual.conf comment holding a brat type's exact pibdesk label (JSON string).
LABEL_COMMENT = "# pibdesk-label"
#: The fields a span's lines state (N, R/N, A and # lines; brat has no authors): an
#: import merges a span only into a stored one equal in all of them.
CARRIES = frozenset({"entity", "speaker", "topic", "statement_kind", "note"})


# ----------------------------------------------------------------------------- helpers
def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The fragments of span ``start:end`` split at ``\\n`` (code points, end-exclusive).

    Each maximal run without ``\\n`` becomes a fragment; newlines before the first run
    or after the last one are kept inside the edge fragment, so ``fragments[0][0] ==
    start`` and ``fragments[-1][1] == end`` always (a span of newlines only is one
    fragment).
    """
    runs = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])]
    if not runs:
        return [(start, end)]
    runs[0] = (start, runs[0][1])
    runs[-1] = (runs[-1][0], end)
    return runs


def _escape_note(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _unescape_note(s: str) -> str:
    return re.sub(r"\\([\\nrt])", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m[1], "\\"), s)


def _field(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


class LabelNames:
    """Assigns each pibdesk label a legal, unique brat type name (stable per export)."""

    def __init__(self) -> None:
        self.to_brat: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        if label not in self.to_brat:
            base = re.sub(r"[^A-Za-z0-9_-]", "_", label) or "label"
            if not base[0].isalpha():
                base = "L_" + base
            name, n = base, 2
            taken = set(self.to_brat.values()) | {SPEAKER_RELATION, KIND_ATTRIBUTE}
            while name in taken:
                name, n = f"{base}_{n}", n + 1
            self.to_brat[label] = name
        return self.to_brat[label]


# ----------------------------------------------------------------------------- export
def ann_lines(d: ExportDocument, names: LabelNames) -> list[str]:
    """The ``.ann`` lines of one document (without line ends)."""
    text = d.release.text
    lines: list[str] = []
    tid: dict[int, str] = {}
    for i, a in enumerate(d.annotations, 1):
        # each piece of a discontinuous span, each split at line breaks
        frs = [f for s0, e0 in parts(a.start, a.end, a.fragments) for f in fragments(text, s0, e0)]
        offs = ";".join(f"{s} {e}" for s, e in frs)
        quote = " ".join(text[s:e] for s, e in frs)
        tid[a.id] = f"T{i}"
        lines.append(f"T{i}\t{names(a.label)} {offs}\t{_field(quote)}")
    n = r = k = c = 0

    def mention_of(entity_id: int, near: Annotation) -> str | None:
        best: Annotation | None = None
        for b in d.annotations:
            if b.entity_id == entity_id and b.id != near.id:
                if best is None or abs(b.start - near.start) < abs(best.start - near.start):
                    best = b
        return tid[best.id] if best else None

    for a in d.annotations:
        t = tid[a.id]
        ent = d.entity(a.entity_id)
        if ent is not None:
            n += 1
            lines.append(
                f"N{n}\tReference {t} pibdesk_{ent.kind.value}:{ent.id}\t{_field(ent.name)}"
            )
        if a.speaker_id is not None:
            spk = d.entity(a.speaker_id)
            target = mention_of(a.speaker_id, a)
            if target is not None:
                r += 1
                lines.append(f"R{r}\t{SPEAKER_RELATION} Arg1:{t} Arg2:{target}\t")
            elif spk is not None:
                n += 1
                lines.append(f"N{n}\tReference {t} {_DB_SPEAKER}:{spk.id}\t{_field(spk.name)}")
        top = d.entity(a.topic_id)
        if top is not None:
            n += 1
            lines.append(f"N{n}\tReference {t} {_DB_STATEMENT_TOPIC}:{top.id}\t{_field(top.name)}")
        if a.statement_kind is not None:
            k += 1
            lines.append(f"A{k}\t{KIND_ATTRIBUTE} {t} {a.statement_kind.value}")
        if a.note:
            c += 1
            lines.append(f"#{c}\tAnnotatorNotes {t}\t{_escape_note(a.note)}")
    return lines


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write ``<stem>.txt`` + ``<stem>.ann`` per release, then ``annotation.conf`` and
    ``visual.conf``, into the (existing, empty) folder ``path``."""
    names = LabelNames()
    for d in docs:
        stem = safe_stem(d.release)
        inside(path, stem + ".txt").write_text(d.release.text, encoding="utf-8", newline="")
        body = "".join(line + "\n" for line in ann_lines(d, names))
        inside(path, stem + ".ann").write_text(body, encoding="utf-8", newline="")
        result.releases += 1
        result.annotations += len(d.annotations)
        result.files += 2
    types = list(names.to_brat.values())
    conf = ["[entities]", *types, "", "[relations]"]
    conf.append(f"{SPEAKER_RELATION}\tArg1:<ENTITY>, Arg2:<ENTITY>")
    conf += ["", "[events]", "", "[attributes]"]
    conf.append(
        f"{KIND_ATTRIBUTE}\tArg:<ENTITY>, Value:" + "|".join(k.value for k in StatementKind)
    )
    (path / "annotation.conf").write_text("\n".join(conf) + "\n", encoding="utf-8")
    visual = ["[labels]"]
    for label, b in names.to_brat.items():
        visual.append(f"{LABEL_COMMENT} {b} {json.dumps(label)}")
        visual.append(f"{b} | {display_name(label, b)}")
    (path / "visual.conf").write_text("\n".join(visual) + "\n", encoding="utf-8")
    result.files += 2


def display_name(label: str, brat_type: str) -> str:
    """``label`` as a brat display name: one line, no ``|`` (brat's field separator; each
    becomes ``¦``), no spaces at the edges (brat strips them); ``brat_type`` if nothing
    is left."""
    shown = _field(label).replace("|", "\u00a6").strip()
    return shown or brat_type


# ----------------------------------------------------------------------------- import
def _exact_label(line: str) -> tuple[str, str] | None:
    """``(brat type, label)`` of a ``# pibdesk-label TYPE "json"`` comment, or None."""
    rest = line[len(LABEL_COMMENT) :]
    if not line.startswith(LABEL_COMMENT) or not rest[:1].isspace():
        return None
    btype, _, raw = rest.strip().partition(" ")
    try:
        label = json.loads(raw)
    except ValueError:
        return None
    return (btype, label) if btype and isinstance(label, str) and label else None


def read_visual_labels(folder: Path) -> dict[str, str]:
    """brat type -> pibdesk label from the ``[labels]`` section of the nearest visual.conf
    (brat looks in the document's folder, then its parents): the exact label of a
    ``# pibdesk-label`` comment line, else the display name (the first field after the
    type)."""
    for d in (folder, *folder.parents):
        conf = d / "visual.conf"
        if conf.is_file():
            out: dict[str, str] = {}
            exact: dict[str, str] = {}
            section = ""
            for raw in conf.read_text(encoding="utf-8").split("\n"):
                line = raw.strip()
                if not line:
                    continue
                if line.startswith("#"):
                    found = _exact_label(line)
                    if found is not None and section == "labels":
                        exact[found[0]] = found[1]
                    continue
                if line.startswith("[") and line.endswith("]"):
                    section = line[1:-1].strip()
                    continue
                if section == "labels" and "|" in line:
                    parts = [p.strip() for p in line.split("|")]
                    if parts[0] and len(parts) > 1 and parts[1]:
                        out[parts[0]] = parts[1]
            return out | exact
    return {}


@dataclass
class _T:
    label: str
    start: int
    end: int
    where: str
    note: str | None = None
    kind: StatementKind | None = None
    entity: EntityRef | None = None
    speaker: EntityRef | None = None
    topic: EntityRef | None = None
    speaker_t: str | None = None
    problems: list[str] = field(default_factory=list)
    fragments: tuple[tuple[int, int], ...] = ()


def read_pair(ann_path: Path, labels: dict[str, str] | None = None) -> ImportedDocument:
    """Read one ``.ann`` with the ``.txt`` beside it. Raises :class:`FormatError` if the
    ``.txt`` is missing or a line cannot be parsed at all."""
    txt_path = ann_path.with_suffix(".txt")
    if not txt_path.is_file():
        raise FormatError(f"{ann_path}: no {txt_path.name} beside it")
    with txt_path.open(encoding="utf-8", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        raise FormatError(
            f"{txt_path}: starts with a byte-order mark; brat offsets would be off by one"
        )
    labels = read_visual_labels(ann_path.parent) if labels is None else labels
    doc = ImportedDocument(source=ann_path.name, text=text)
    ts: dict[str, _T] = {}
    later: list[tuple[str, str, str]] = []  # (id, rest, where)
    with ann_path.open(encoding="utf-8", newline="") as f:
        raw = f.read()
    for n, line in enumerate(raw.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{ann_path.name}:{n}"
        ident, _, rest = line.partition("\t")
        where = f"{where} {ident}"
        if ident.startswith("T"):
            parts = rest.split("\t", 1)
            type_offs = parts[0].split(" ", 1)
            if len(type_offs) != 2:
                doc.refused.append(Refusal(where, "malformed T line"))
                continue
            btype, offs = type_offs
            try:
                frs = [tuple(int(x) for x in fr.split()) for fr in offs.split(";")]
                if any(len(fr) != 2 for fr in frs):
                    raise ValueError
            except ValueError:
                doc.refused.append(Refusal(where, f"malformed offsets {offs!r}"))
                continue
            frs2 = [(a, b) for a, b in frs]  # type: ignore[misc]
            if any(not (0 <= s <= e <= len(text)) for s, e in frs2):
                doc.refused.append(
                    Refusal(where, f"offsets {offs} outside the text ({len(text)} characters)")
                )
                continue
            if len(parts) > 1:
                expect = " ".join(text[s:e] for s, e in frs2)
                if _field(expect) != parts[1] and expect != parts[1]:
                    doc.refused.append(
                        Refusal(
                            where,
                            f"text {parts[1][:40]!r} does not match offsets {offs} ({expect[:40]!r})",
                        )
                    )
                    continue
            # brat splits a span at line breaks (fragments with only newlines between
            # them): join those (and space-only gaps); what is left with text between
            # is a discontinuous span
            frs2.sort()
            pieces: list[list[int]] = []
            overlap = False
            for s, e in frs2:
                if pieces and s < pieces[-1][1]:
                    overlap = True
                    break
                if pieces and not text[pieces[-1][1] : s].strip():
                    pieces[-1][1] = e
                else:
                    pieces.append([s, e])
            if overlap:
                doc.refused.append(Refusal(where, f"fragments {offs} overlap"))
                continue
            disc = tuple((s, e) for s, e in pieces) if len(pieces) > 1 else ()
            ts[ident] = _T(
                labels.get(btype, btype), frs2[0][0], max(e for _, e in frs2), where,
                fragments=disc,
            )
        else:
            later.append((ident, rest, where))
    for ident, rest, where in later:
        kind = ident[:1]
        if kind == "#":
            head, _, note = rest.partition("\t")
            target = head.split(" ")[-1] if head else ""
            if target in ts:
                old = ts[target].note
                note = _unescape_note(note)
                ts[target].note = note if old is None else old + "\n" + note
            else:
                doc.refused.append(
                    Refusal(
                        where, f"note on {target or '?'}: pibdesk keeps notes on text spans only"
                    )
                )
        elif kind == "N":
            head, _, name = rest.partition("\t")
            bits = head.split(" ")
            if len(bits) != 3 or bits[1] not in ts or ":" not in bits[2]:
                doc.refused.append(Refusal(where, "normalization not attached to a text span"))
                continue
            db_name = bits[2].split(":", 1)[0]
            t = ts[bits[1]]
            if not name:
                doc.refused.append(Refusal(where, "normalization without a name"))
            elif db_name in _DB_ENTITY:
                t.entity = EntityRef(_DB_ENTITY[db_name], name)
            elif db_name == _DB_SPEAKER:
                t.speaker = EntityRef(EntityKind.PERSON, name)
            elif db_name == _DB_STATEMENT_TOPIC:
                t.topic = EntityRef(EntityKind.TOPIC, name)
            else:
                doc.refused.append(
                    Refusal(
                        where, f"normalization to {db_name!r}: pibdesk links only its own entities"
                    )
                )
        elif kind == "R":
            bits = rest.split("\t")[0].split(" ")
            args = dict(b.split(":", 1) for b in bits[1:] if ":" in b)
            if bits[0] != SPEAKER_RELATION:
                doc.refused.append(
                    Refusal(
                        where,
                        f"relation {bits[0]!r}: pibdesk holds only {SPEAKER_RELATION} relations",
                    )
                )
            elif args.get("Arg1") not in ts or args.get("Arg2") not in ts:
                doc.refused.append(Refusal(where, "Speaker relation between unknown spans"))
            else:
                ts[args["Arg1"]].speaker_t = args["Arg2"]
        elif kind in ("A", "M"):
            bits = rest.split(" ")
            if (
                bits[0] == KIND_ATTRIBUTE
                and len(bits) == 3
                and bits[1] in ts
                and bits[2] in {k.value for k in StatementKind}
            ):
                ts[bits[1]].kind = StatementKind(bits[2])
            else:
                doc.refused.append(
                    Refusal(where, f"attribute {bits[0]!r}: pibdesk has no such attribute")
                )
        elif kind == "E":
            doc.refused.append(
                Refusal(where, "event: pibdesk has no events (its trigger span is imported)")
            )
        elif kind == "*":
            doc.refused.append(Refusal(where, "equivalence relation: not held by pibdesk"))
        else:
            doc.refused.append(Refusal(where, "unknown annotation line"))
    for t in ts.values():
        speaker = t.speaker
        if t.speaker_t is not None:
            arg = ts[t.speaker_t]
            speaker = arg.entity or EntityRef(EntityKind.PERSON, text[arg.start : arg.end].strip())
        doc.spans.append(
            ImportedSpan(
                start=t.start,
                end=t.end,
                label=t.label,
                where=t.where,
                entity=t.entity,
                speaker=speaker,
                statement_kind=t.kind,
                topic=t.topic,
                note=t.note,
                carries=CARRIES,
                fragments=t.fragments,
            )
        )
    return doc


def read(path: Path) -> list[ImportedDocument]:
    """Read a brat folder (every ``*.ann`` under it, sorted) or a single ``.ann`` file."""
    if path.is_dir():
        anns = sorted(path.rglob("*.ann"))
        if not anns:
            raise FormatError(f"{path}: no .ann files")
        return [read_pair(a) for a in anns]
    if path.suffix != ".ann":
        raise FormatError(f"{path}: a brat import takes a folder or an .ann file")
    return [read_pair(path)]
