"""The registry of annotation formats: name -> writer/reader, offset unit, target kind.

Adding a format touches one module: write ``pibdesk/export/<module>.py`` with ``NAME``,
``OFFSET_UNIT``, ``write(docs, path, result)`` and/or ``read(path)``, and list it in
:data:`_MODULES` (the Picard ``formats/registry.py`` idea). Modules load lazily, so an
optional dependency (spaCy) costs nothing until its format is used.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pibdesk.export.base import ExportDocument, ExportResult, FormatError, ImportedDocument

#: (module, title, target, default suffix, carries documents)
_MODULES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("native_jsonl", "pibdesk JSON Lines (lossless)", "file", ".jsonl", True),
    ("csv_table", "CSV table (one row per annotation)", "file", ".csv", True),
    ("brat", "brat standoff (.txt + .ann)", "folder", "", True),
    ("doccano", "doccano JSONL", "file", ".jsonl", True),
    ("labelstudio", "Label Studio JSON", "file", ".json", True),
    ("conll", "CoNLL-2003 BIO", "file", ".conll", True),
    ("w3c", "W3C Web Annotation JSON-LD", "file", ".jsonld", False),
    ("uima_xmi", "UIMA CAS XMI (INCEpTION)", "folder", "", True),
    ("spacy_docbin", "spaCy DocBin", "file", ".spacy", True),
)


@dataclass(frozen=True)
class AnnotationFormat:
    """One registered format.

    ``target`` is ``"file"`` or ``"folder"`` (brat, XMI write one file per release).
    ``offset_unit`` states the unit its files count in. ``can_export``/``can_import``
    say which directions exist; ``unavailable`` is a reason when an optional package
    is missing (else None). ``holds_fragments``: the format keeps a discontinuous span's
    fragments (its module sets ``HOLDS_FRAGMENTS = True``); any other writes the
    covering span and the export's ``warnings`` name each such annotation.
    """

    name: str
    title: str
    module: str
    offset_unit: str
    target: str
    suffix: str
    carries_documents: bool
    can_export: bool
    can_import: bool
    unavailable: str | None
    holds_fragments: bool = False

    def load(self) -> ModuleType:
        return importlib.import_module(f"pibdesk.export.{self.module}")

    def write(self, docs: object, path: Path, result: ExportResult) -> None:
        """Write documents to ``path`` (a file, or an existing empty folder)."""
        if not self.can_export:
            raise FormatError(f"format {self.name!r} cannot be exported")
        if self.unavailable:
            raise FormatError(f"format {self.name!r} is unavailable: {self.unavailable}")
        if not self.holds_fragments:
            docs = _warn_fragments(docs, self.name, result)  # type: ignore[arg-type]
        self.load().write(docs, path, result)

    def read(self, path: Path) -> list[ImportedDocument]:
        """Read an annotation file (or folder, for brat/XMI) into documents."""
        if not self.can_import:
            raise FormatError(f"format {self.name!r} cannot be imported")
        try:
            return list(self.load().read(path))
        except UnicodeDecodeError as e:  # found by tests/safety/test_fuzz_importers.py
            raise FormatError(
                f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); "
                f"{self.name} files are UTF-8"
            ) from e


def _warn_fragments(
    docs: Iterable[ExportDocument], fmt: str, result: ExportResult
) -> Iterator[ExportDocument]:
    """``docs`` unchanged, adding a warning for each discontinuous annotation (streamed)."""
    for d in docs:
        for a in d.annotations:
            if a.fragments:
                pieces = ";".join(f"{s}-{e}" for s, e in a.fragments)
                result.warnings.append(
                    f"release {d.release.release_id or d.release.id}, annotation {a.id} "
                    f"({a.label} {pieces}): {fmt} has no discontinuous spans; written as "
                    f"its covering span {a.start}-{a.end}"
                )
        yield d


_CACHE: dict[str, AnnotationFormat] = {}


def all_formats() -> list[AnnotationFormat]:
    """Every registered format, in menu order."""
    if not _CACHE:
        for module, title, target, suffix, carries in _MODULES:
            mod = importlib.import_module(f"pibdesk.export.{module}")
            check = getattr(mod, "unavailable", None)
            fmt = AnnotationFormat(
                name=mod.NAME,
                title=title,
                module=module,
                offset_unit=mod.OFFSET_UNIT,
                target=target,
                suffix=suffix,
                carries_documents=carries,
                can_export=hasattr(mod, "write"),
                can_import=hasattr(mod, "read"),
                unavailable=check() if callable(check) else None,
                holds_fragments=bool(getattr(mod, "HOLDS_FRAGMENTS", False)),
            )
            _CACHE[fmt.name] = fmt
    return list(_CACHE.values())


def names(*, importable: bool = False) -> list[str]:
    """Format names (only those that can be imported with ``importable``)."""
    return [f.name for f in all_formats() if f.can_import or not importable]


def get(name: str) -> AnnotationFormat:
    """The format called ``name``. Raises :class:`FormatError` naming the known ones."""
    all_formats()
    try:
        return _CACHE[name]
    except KeyError:
        raise FormatError(
            f"unknown annotation format {name!r} (known: {', '.join(_CACHE)})"
        ) from None


def guess(path: Path) -> AnnotationFormat:
    """The importable format a file or folder most likely holds (by suffix and content).

    * a folder: brat if it holds ``*.ann`` files, else UIMA XMI if it holds ``*.xmi``;
    * ``.jsonl``: native pibdesk JSONL only when its first line carries the native
      marker ``"format": "pibdesk-jsonl/<version>"`` (:data:`native_jsonl.FORMAT_TAG`),
      else doccano (whose own metadata may hold ``text_hash`` and ``release_id`` too);
    * ``.json``/``.jsonld``: W3C Web Annotation when the content is W3C-shaped (see
      :func:`looks_like_w3c`), else (``.json``) Label Studio;
    * ``.ann``, ``.xmi``, ``.conll``/``.bio`` by suffix.

    Raises :class:`FormatError` when it cannot tell.
    """
    p = Path(path)
    if p.is_dir():
        if any(p.rglob("*.ann")):
            return get("brat")
        if any(p.rglob("*.xmi")):
            return get("xmi")
        raise FormatError(f"{p}: no .ann or .xmi files to import")
    suffix = p.suffix.lower()
    by_suffix = {
        ".ann": "brat",
        ".xmi": "xmi",
        ".conll": "conll",
        ".bio": "conll",
        ".jsonld": "w3c",
    }
    if suffix in by_suffix:
        return get(by_suffix[suffix])
    if suffix == ".json":
        return get("w3c" if looks_like_w3c(_json_or_none(p)) else "labelstudio")
    if suffix == ".jsonl":
        return get("jsonl" if _first_line_is_native(p) else "doccano")
    raise FormatError(f"{p}: cannot tell the annotation format; give --format")


#: ``@context`` values of the Web Annotation model (https://www.w3.org/TR/annotation-model/#annotations).
W3C_CONTEXTS = frozenset({"http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"})
_W3C_TYPES = frozenset({"Annotation", "AnnotationCollection", "AnnotationPage", "oa:Annotation"})


def looks_like_w3c(obj: object) -> bool:
    """True when a parsed JSON value is W3C Web Annotation: an object (or a list whose
    first object is one) whose ``@context`` names the anno.jsonld context, or whose
    ``type`` is ``Annotation``, ``AnnotationCollection`` or ``AnnotationPage``
    (https://www.w3.org/TR/annotation-model/ sections 3.1, 4.1, 4.2)."""
    if isinstance(obj, list):
        obj = next((x for x in obj if isinstance(x, dict)), None)
    if not isinstance(obj, dict):
        return False
    ctx = obj.get("@context")
    contexts = ctx if isinstance(ctx, list) else [ctx]
    if any(isinstance(c, str) and c in W3C_CONTEXTS for c in contexts):
        return True
    types = obj.get("type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t in _W3C_TYPES for t in types)


def _json_or_none(p: Path) -> object:
    """The parsed JSON of ``p``, or None when it is not UTF-8 JSON (the reader the guess
    picks then reports the problem)."""
    try:
        return json.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _first_line_is_native(p: Path) -> bool:
    """True when the first non-blank line of ``p`` is a JSON object whose ``format`` is
    a native pibdesk JSONL marker (``pibdesk-jsonl/<version>``)."""
    from pibdesk.export.native_jsonl import has_marker

    try:
        with p.open(encoding="utf-8-sig") as f:
            first = next((line for line in f if line.strip()), "")
        obj = json.loads(first) if first else None
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return has_marker(obj)
