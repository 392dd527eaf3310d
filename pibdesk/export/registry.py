"""The registry of annotation formats: name -> writer/reader, offset unit, target kind.

Adding a format touches one module: write ``pibdesk/export/<module>.py`` with ``NAME``,
``OFFSET_UNIT``, ``write(docs, path, result)`` and/or ``read(path)``, and list it in
:data:`_MODULES` (the Picard ``formats/registry.py`` idea). Modules load lazily, so an
optional dependency (spaCy) costs nothing until its format is used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from pibdesk.export.base import ExportResult, FormatError, ImportedDocument

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
    is missing (else None).
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

    def load(self) -> ModuleType:
        return importlib.import_module(f"pibdesk.export.{self.module}")

    def write(self, docs: object, path: Path, result: ExportResult) -> None:
        """Write documents to ``path`` (a file, or an existing empty folder)."""
        if not self.can_export:
            raise FormatError(f"format {self.name!r} cannot be exported")
        if self.unavailable:
            raise FormatError(f"format {self.name!r} is unavailable: {self.unavailable}")
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
    """The importable format a file or folder most likely holds (by suffix and shape).

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
        ".json": "labelstudio",
    }
    if suffix in by_suffix:
        return get(by_suffix[suffix])
    if suffix == ".jsonl":
        with p.open(encoding="utf-8-sig") as f:
            first = f.readline()
        return get("jsonl" if '"pibdesk-jsonl/' in first or '"text_hash"' in first else "doccano")
    raise FormatError(f"{p}: cannot tell the annotation format; give --format")
