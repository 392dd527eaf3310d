"""UIMA CAS XMI (https://uima.apache.org/d/uimaj-current/references.html#ugr.ref.xmi) for
INCEpTION, written and read with dkpro-cassis.

Export: a folder with ``TypeSystem.xml`` and one ``<stem>.xmi`` per release. The type
system declares the span layer :data:`SPAN_TYPE` (``webanno.custom.*``, the namespace
INCEpTION gives custom span layers) with String features ``label``, ``entity``,
``entityKind``, ``speaker``, ``statementKind``, ``topic``, ``note``, ``author``,
``origin``, ``fragments`` (a discontinuous span's pieces, ``"0 5;12 17"``, in UTF-16
code units like ``begin``/``end``, which are its covering span; a file pibdesk wrote
before 2026-12-06 has them in code points, and reading tells the two apart by which of
them covers ``begin``/``end``). Import the folder (or a zip of it) into INCEpTION as "UIMA CAS XMI".

Offset unit: **UTF-16 code units** in the XMI file (UIMA is Java). cassis converts
between UTF-16 and Python code points itself when it writes and reads, so pibdesk
hands it code points; ``tests/export`` checks the written ``begin``/``end`` against
:class:`pibdesk.core.offsets.Utf16Index`.

Import: every ``*.xmi`` (with ``TypeSystem.xml`` or another type-system ``*.xml`` in its
folder). Spans of :data:`SPAN_TYPE` keep all their features; DKPro ``NamedEntity``
spans take their ``value`` as label (refused when it has none); other custom span types
take a ``label``/``value`` feature or their short type name. Token, sentence, POS and
other linguistic-structure types, document metadata (``DocumentAnnotation``,
``DocumentMetaData``) and feature structures that are not text spans are not annotations:
they go to the document's ``skipped`` list (reported apart from refusals).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pibdesk.core.model import EntityKind, StatementKind
from pibdesk.core.offsets import Utf16Index
from pibdesk.core.text import xml_safe
from pibdesk.export.base import (
    COMPARED_FIELDS,
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

NAME = "xmi"
OFFSET_UNIT = "UTF-16 code units, end-exclusive (in the XMI file)"
#: Discontinuous spans keep their fragments (pibdesk.export.registry.AnnotationFormat).
HOLDS_FRAGMENTS = True
SPAN_TYPE = "webanno.custom.PibdeskSpan"
FEATURES = (
    "label",
    "entity",
    "entityKind",
    "speaker",
    "statementKind",
    "topic",
    "note",
    "author",
    "origin",
    "fragments",
)
_STRUCTURE = (
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.",
    "de.tudarmstadt.ukp.dkpro.core.api.syntax.",
    "de.tudarmstadt.ukp.dkpro.core.api.metadata.",
    "uima.tcas.DocumentAnnotation",
)
_STRUCTURE_SHORT = {"Token", "Sentence", "Paragraph", "POS", "Lemma", "Stem", "Chunk"}
NER_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"


def typesystem() -> Any:
    """The cassis ``TypeSystem`` pibdesk exports with (``SPAN_TYPE`` and its features)."""
    from cassis import TypeSystem

    ts = TypeSystem()
    t = ts.create_type(name=SPAN_TYPE, supertypeName="uima.tcas.Annotation")
    for f in FEATURES:
        ts.create_feature(domainType=t, name=f, rangeType="uima.cas.String")
    return ts


def _safe(value: str | None) -> str | None:
    return xml_safe(value)[0] if value else value


def cas_of(d: ExportDocument, ts: Any) -> Any:
    """A cassis ``Cas`` holding one release's text and annotations.

    Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, stored before pibdesk
    replaced them at import) are written as U+FFFD, one for one, in the text and in every
    feature, so every offset stays right (:func:`pibdesk.core.text.xml_safe`).
    """
    from cassis import Cas

    cas = Cas(typesystem=ts)
    cas.sofa_string = xml_safe(d.release.text)[0]
    cas.sofa_mime = "text/plain"
    if d.release.language:
        cas.document_language = d.release.language
    t = ts.get_type(SPAN_TYPE)
    u16 = Utf16Index(d.release.text)
    for a in d.annotations:
        ent, spk, top = d.entity(a.entity_id), d.entity(a.speaker_id), d.entity(a.topic_id)
        cas.add(
            t(
                begin=a.start,
                end=a.end,
                label=_safe(a.label),
                entity=_safe(ent.name if ent else None),
                entityKind=ent.kind.value if ent else None,
                speaker=_safe(spk.name if spk else None),
                statementKind=a.statement_kind.value if a.statement_kind else None,
                topic=_safe(top.name if top else None),
                note=_safe(a.note),
                author=_safe(a.author or None),
                origin=a.origin.value,
                # a discontinuous span: "start end;start end" in UTF-16 code units, the
                # file's unit (begin/end, which cassis converts, are its covering span;
                # UIMA has no discontinuous annotation)
                fragments=";".join(
                    f"{u16.to_utf16(s)} {u16.to_utf16(e)}" for s, e in a.fragments
                ) or None,
            )
        )
    return cas


def write(docs: Iterable[ExportDocument], path: Path, result: ExportResult) -> None:
    """Write ``TypeSystem.xml`` and one XMI per release into the folder ``path``."""
    ts = typesystem()
    ts.to_xml(path / "TypeSystem.xml")
    result.files = 1
    for d in docs:
        target = inside(path, safe_stem(d.release) + ".xmi")
        replaced = xml_safe(d.release.text)[1]
        if replaced:
            result.warnings.append(
                f"release {d.release.release_id or d.release.id}: {replaced} control "
                "character(s) XML cannot hold written as U+FFFD (offsets unchanged)"
            )
        try:
            cas_of(d, ts).to_xmi(target)
        except ValueError as e:  # lxml: a control character XML 1.0 cannot carry at all
            raise FormatError(
                f"release {d.release.release_id or d.release.id} ({d.release.title[:40]!r}): "
                f"cannot be written as XMI ({e}); export it as JSONL or brat instead"
            ) from e
        result.releases += 1
        result.annotations += len(d.annotations)
        result.files += 1


# ----------------------------------------------------------------------------- import
def _typesystem_candidates(folder: Path) -> list[Path]:
    first = [folder / n for n in ("TypeSystem.xml", "typesystem.xml") if (folder / n).is_file()]
    rest = []
    for p in sorted(folder.glob("*.xml")):
        if p in first:
            continue
        try:
            head = p.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            continue
        if "typeSystemDescription" in head:
            rest.append(p)
    return first + rest


def load(xmi: Path) -> Any:
    """Load an XMI file with the first type system beside it that fits.

    Raises :class:`FormatError` naming the file when none does.
    """
    from cassis import load_cas_from_xmi, load_typesystem

    from pibdesk.export.xml_safety import refuse_doctype

    refuse_doctype(xmi)  # no DTD, entities or network, whatever lxml's defaults
    errors = []
    cands = _typesystem_candidates(xmi.parent)
    for tsp in cands:
        refuse_doctype(tsp)
        try:
            with tsp.open("rb") as f:
                ts = load_typesystem(f)
            with xmi.open("rb") as f:
                return load_cas_from_xmi(f, typesystem=ts, lenient=False)
        except Exception as e:  # cassis raises several types for a type system that does not fit
            errors.append(f"{tsp.name}: {e}")
    if not cands:
        raise FormatError(f"{xmi}: no type system (TypeSystem.xml) beside it")
    raise FormatError(f"{xmi}: no type system beside it fits ({'; '.join(errors)[:300]})")


def _get(fs: Any, name: str) -> Any:
    try:
        return fs.get(name)
    except Exception:
        return None


def _structure(type_name: str) -> bool:
    return type_name.startswith(_STRUCTURE) or type_name.rsplit(".", 1)[-1] in _STRUCTURE_SHORT


def _is_ner(t: Any) -> bool:
    while t is not None:
        if t.name == NER_TYPE:
            return True
        t = t.supertype
    return False


def _fragments_in_code_points(
    frs: tuple[tuple[int, int], ...], text: str, begin: int, end: int
) -> tuple[tuple[int, int], ...]:
    """The ``fragments`` feature's pieces in code points: read as UTF-16 (the file's
    unit) when that gives the covering span ``begin..end`` (code points, as cassis gives
    them), else as code points (files pibdesk wrote before 2026-12-06). Out-of-range
    pieces are returned as they are, for the importer to refuse with its message."""
    idx = Utf16Index(text)
    if not frs or idx.length == idx.length_utf16:
        return frs  # no character outside the BMP: both units agree
    try:
        conv = tuple((idx.to_codepoint(s), idx.to_codepoint(e)) for s, e in frs)
    except ValueError:
        return frs
    return conv if (conv[0][0], conv[-1][1]) == (begin, end) else frs


def read_cas(xmi: Path) -> ImportedDocument:
    """Read one XMI file into a document (spans in code points)."""
    cas = load(xmi)
    text = cas.sofa_string or ""
    doc = ImportedDocument(source=xmi.name, text=text)
    for fs in cas.select_all_fs():
        t = fs.type
        where = f"{xmi.name} xmi:id {fs.xmiID} ({t.name.rsplit('.', 1)[-1]})"
        begin, end = _get(fs, "begin"), _get(fs, "end")
        if not isinstance(begin, int) or not isinstance(end, int):
            doc.skipped.append(Refusal(where, f"{t.name} is not a text span"))
            continue
        if _structure(t.name):
            doc.skipped.append(
                Refusal(where, f"{t.name} is document structure or metadata, not a labelled span")
            )
            continue
        if begin >= end:
            doc.refused.append(Refusal(where, f"empty span {begin}-{end}"))
            continue
        if t.name == SPAN_TYPE:
            label = _get(fs, "label")
        elif _is_ner(t):
            label = _get(fs, "value")
            if not label:
                doc.refused.append(Refusal(where, "NamedEntity without a value (no label)"))
                continue
        else:
            label = _get(fs, "label") or _get(fs, "value") or t.name.rsplit(".", 1)[-1]
        if not isinstance(label, str) or not label:
            doc.refused.append(Refusal(where, "no label"))
            continue
        ent = spk = top = None
        kind = None
        note = author = None
        frs: tuple[tuple[int, int], ...] = ()
        if t.name == SPAN_TYPE:
            if _get(fs, "entity"):
                try:
                    ek = EntityKind(_get(fs, "entityKind") or "person")
                except ValueError:
                    ek = EntityKind.PERSON
                ent = EntityRef(ek, _get(fs, "entity"))
            if _get(fs, "speaker"):
                spk = EntityRef(EntityKind.PERSON, _get(fs, "speaker"))
            if _get(fs, "topic"):
                top = EntityRef(EntityKind.TOPIC, _get(fs, "topic"))
            sk = _get(fs, "statementKind")
            kind = StatementKind(sk) if sk in {k.value for k in StatementKind} else None
            note, author = _get(fs, "note"), _get(fs, "author")
            raw = _get(fs, "fragments")
            if raw:
                try:
                    frs = tuple(
                        (int(p.split()[0]), int(p.split()[1])) for p in str(raw).split(";")
                    )
                except (ValueError, IndexError):
                    doc.refused.append(Refusal(where, f"malformed fragments {raw!r}"))
                    continue
                frs = _fragments_in_code_points(frs, text, begin, end)
        doc.spans.append(
            ImportedSpan(
                start=begin,
                end=end,
                label=label,
                where=where,
                quote=fs.get_covered_text(),
                author=author or "",
                entity=ent,
                speaker=spk,
                statement_kind=kind,
                topic=top,
                note=note,
                fragments=frs,
                # pibdesk's own layer states every field; other types only a label
                carries=COMPARED_FIELDS if t.name == SPAN_TYPE else frozenset(),
            )
        )
    return doc


def read(path: Path) -> list[ImportedDocument]:
    """Read one ``.xmi`` file or every ``*.xmi`` under a folder (sorted)."""
    if path.is_dir():
        files = sorted(path.rglob("*.xmi"))
        if not files:
            raise FormatError(f"{path}: no .xmi files")
        return [read_cas(f) for f in files]
    return [read_cas(path)]
