"""CoNLL-2003 columns with BIO (IOB2) tags (https://www.clips.uantwerpen.be/conll2003/ner/).

Each release starts with ``-DOCSTART- -X- -X- O`` and a blank line; each non-empty line
of the release text is one "sentence" (PIB releases put one paragraph per line); each
token is a line ``TOKEN _ _ TAG`` (placeholder POS and chunk columns, as
doccano-transformer writes them); sentences end with a blank line.

Tokenizer (stated, so others can reproduce it): :data:`TOKEN_PATTERN`, the ``regex``
module's ``\\w+|[^\\w\\s]`` - runs of word characters (letters with their combining
marks, so Devanagari words stay whole, digits, underscore) and every other
non-space character on its own (punctuation, each emoji).

Offset unit: tokens. BIO cannot hold everything pibdesk can; the export skips and
reports (``ExportResult.warnings``) spans that overlap or nest in an earlier span, start
or end inside a token, cross a line break, or cover no token; ``ExportResult.annotations``
counts only the spans written. A tag is one white-space-free column, so white space in a
label becomes ``_`` (``Scheme name`` -> ``B-Scheme_name``); each label so renamed is
reported once in the warnings (it comes back under the new name on import).

Reading accepts 2 to N whitespace-separated columns (token first, tag last), IOB1
(``I-`` starts an entity), IOB2/BIO and BIOES, ``-DOCSTART-`` lines and missing final
newlines. CoNLL files do not carry their original text: a document's text is rebuilt
from its tokens (single spaces, one sentence per line). It matches a release whose text
has the same characters apart from white space (so a pibdesk CoNLL export goes back onto
its releases, token-aligned spans exactly), else it can be imported as a new document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import regex

from pibdesk.export.base import (
    ExportDocument,
    ExportResult,
    FormatError,
    ImportedDocument,
    ImportedSpan,
    Refusal,
)

NAME = "conll"
OFFSET_UNIT = "tokens (tokenizer: regex \\w+|[^\\w\\s])"
TOKEN_PATTERN = regex.compile(r"\w+|[^\w\s]")
DOCSTART = "-DOCSTART- -X- -X- O"


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans of ``text`` (code points, end-exclusive) by :data:`TOKEN_PATTERN`."""
    return [(m.start(), m.end()) for m in TOKEN_PATTERN.finditer(text)]


def _name(d: ExportDocument) -> str:
    r = d.release
    return f"release {r.release_id}" if r.release_id is not None else f"document {r.id}"


def tag_label(label: str) -> str:
    """``label`` as the entity type of a BIO tag: each run of white space becomes ``_``."""
    return re.sub(r"\s+", "_", label)


def document_lines(d: ExportDocument, warnings: list[str]) -> list[str]:
    """The CoNLL lines of one release; spans it cannot hold are reported in ``warnings``."""
    return _document(d, warnings)[0]


def _document(d: ExportDocument, warnings: list[str]) -> tuple[list[str], list[str]]:
    """``(lines, labels of the spans written)`` of one release (see :func:`document_lines`)."""
    text = d.release.text
    toks = tokenize(text)
    tags = ["O"] * len(toks)
    held: list[tuple[int, int, str]] = []
    for a in sorted(d.annotations, key=lambda a: (a.start, -a.end, a.id)):
        what = f"{_name(d)}: {a.label} {a.start}-{a.end} {a.text[:40]!r}"
        inner = [i for i, (s, e) in enumerate(toks) if s >= a.start and e <= a.end]
        cut = [i for i, (s, e) in enumerate(toks) if s < a.end and e > a.start and i not in inner]
        clash = next((h for h in held if h[0] < a.end and a.start < h[1]), None)
        if clash is not None:
            warnings.append(f"{what}: overlaps {clash[2]} {clash[0]}-{clash[1]}; not written")
            continue
        if cut:
            warnings.append(f"{what}: starts or ends inside a token; not written")
            continue
        if not inner:
            warnings.append(f"{what}: covers no token; not written")
            continue
        if "\n" in text[toks[inner[0]][0] : toks[inner[-1]][1]]:
            warnings.append(f"{what}: crosses a line break (sentence); not written")
            continue
        label = tag_label(a.label)
        for k, i in enumerate(inner):
            tags[i] = ("B-" if k == 0 else "I-") + label
        held.append((a.start, a.end, a.label))
    lines = [DOCSTART, ""]
    pos = 0
    for line in text.split("\n"):
        line_end = pos + len(line)
        sent = [i for i, (s, _) in enumerate(toks) if pos <= s < line_end]
        if sent:
            lines.extend(f"{text[toks[i][0] : toks[i][1]]} _ _ {tags[i]}" for i in sent)
            lines.append("")
        pos = line_end + 1
    return lines, [h[2] for h in held]


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write every release of ``docs`` to the CoNLL file ``path``.

    ``result.annotations`` counts the spans written (not those reported as not written);
    each label written under another name adds one warning, after the span warnings.
    """
    written: dict[str, int] = {}
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for d in docs:
            lines, labels = _document(d, result.warnings)
            for line in lines:
                out.write(line + "\n")
            result.releases += 1
            result.annotations += len(labels)
            for label in labels:
                written[label] = written.get(label, 0) + 1
    result.files = 1
    for label, n in written.items():
        if tag_label(label) != label:
            result.warnings.append(
                f"label {label!r} written as {tag_label(label)!r} ({n} span"
                f"{'s' if n != 1 else ''}): a CoNLL tag cannot hold white space, so it "
                f"imports back as {tag_label(label)!r}"
            )


# ----------------------------------------------------------------------------- import
def _finish(doc: ImportedDocument, sents: list[list[tuple[str, str, str]]]) -> None:
    """Rebuild the text of ``doc`` from its sentences and decode the tags into spans."""
    parts: list[str] = []
    pos = 0
    spans: list[list] = []  # [start, end, label, where]
    for si, sent in enumerate(sents):
        if si:
            parts.append("\n")
            pos += 1
        cur: list | None = None
        for ti, (tok, tag, where) in enumerate(sent):
            if ti:
                parts.append(" ")
                pos += 1
            s, e = pos, pos + len(tok)
            parts.append(tok)
            pos = e
            if tag == "O" or tag == "_":
                cur = None
                continue
            prefix, _, label = tag.partition("-")
            if not label:
                prefix, label = "I", tag
            if prefix not in ("B", "I", "E", "S"):
                doc.refused.append(Refusal(where, f"tag {tag!r} is not B-, I-, E-, S- or O"))
                cur = None
                continue
            if prefix in ("B", "S") or cur is None or cur[2] != label:
                cur = [s, e, label, where]
                spans.append(cur)
            else:
                cur[1] = e
            if prefix in ("E", "S"):
                cur = None
    doc.text = "".join(parts)
    for s, e, label, where in spans:
        doc.spans.append(ImportedSpan(start=s, end=e, label=label, where=where))


def read(path: Path) -> list[ImportedDocument]:
    """Read a CoNLL column file into documents (split at ``-DOCSTART-`` lines)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise FormatError(f"{path}: not UTF-8 ({e.reason})") from e
    docs: list[ImportedDocument] = []
    doc: ImportedDocument | None = None
    sents: list[list[tuple[str, str, str]]] = []
    sent: list[tuple[str, str, str]] = []

    def close_doc() -> None:
        nonlocal doc, sents, sent
        if sent:
            sents.append(sent)
            sent = []
        if doc is not None and (sents or doc.refused):
            _finish(doc, sents)
            docs.append(doc)
        doc, sents = None, []

    for n, line in enumerate(raw.split("\n"), 1):
        line = line.rstrip("\r")
        where = f"{path.name}:{n}"
        if line.startswith("-DOCSTART-"):
            close_doc()
            doc = ImportedDocument(source=where, text=None, rebuilt_text=True)
            continue
        if doc is None:
            doc = ImportedDocument(source=where, text=None, rebuilt_text=True)
        if not line.strip():
            if sent:
                sents.append(sent)
                sent = []
            continue
        cols = line.split()
        if len(cols) < 2:
            doc.refused.append(Refusal(where, "line has no tag column"))
            continue
        sent.append((cols[0], cols[-1], where))
    close_doc()
    return docs
