"""Exporting annotation sets (the format modules live in :mod:`pibdesk.export`).

:class:`ExportService` selects a set (:class:`AnnotationSelection`), counts it, and
writes it through the format registry (:mod:`pibdesk.export.registry`). Every export is
written beside its target (``NAME.part``) and renamed when complete, so a failed or
cancelled export never leaves a half-written file or folder at the target.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from pibdesk.core.model import Annotation, Entity, Release
from pibdesk.export import registry
from pibdesk.export.base import (
    CancelFn,
    ExportCancelled,
    ExportDocument,
    ExportResult,
    FormatError,
    ProgressFn,
)
from pibdesk.export.native_jsonl import write_jsonl
from pibdesk.storage.db import Database
from pibdesk.storage.export_queries import (
    AnnotationSelection,
    count_selection,
    editor_names,
    entities_by_id,
    load_documents,
    selected_release_pks,
)
from pibdesk.storage.repositories import AnnotationRepository, ReleaseRepository

#: Releases read per transaction by :meth:`ExportService.documents`.
_CHUNK = 50

__all__ = [
    "AnnotationSelection",
    "ExportService",
    "export_jsonl",
    "iter_releases",
]


def iter_releases(
    db: Database, pks: list[int] | None = None
) -> Iterator[tuple[Release, list[Annotation]]]:
    """Each selected release (all by default, by key order) with its annotations.

    One short read transaction per release, so memory stays flat on big corpora.
    """
    with db.read_session() as s:
        keys = pks if pks is not None else ReleaseRepository(s).all_pks()
    for pk in keys:
        with db.read_session() as s:
            yield ReleaseRepository(s).get(pk), AnnotationRepository(s).for_release(pk)


def export_jsonl(
    db: Database, path: str | os.PathLike[str], pks: list[int] | None = None
) -> tuple[int, int]:
    """Write the native JSONL export; returns ``(releases, annotations)`` written.

    Writes to a temporary file first and renames it, so a failed export never leaves a
    half-written file at ``path``.
    """
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    n_rel = 0
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        n_ann = 0
        for rel, anns in iter_releases(db, pks):
            n_ann += write_jsonl(out, [(rel, anns)])
            n_rel += 1
    os.replace(tmp, target)
    return n_rel, n_ann


class ExportService:
    """Select, count and export annotation sets of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def count(self, selection: AnnotationSelection | None = None) -> tuple[int, int]:
        """``(releases, annotations)`` the selection holds (what an export would write)."""
        with self.db.read_session() as s:
            return count_selection(s, selection or AnnotationSelection())

    def editor_names(self) -> list[str]:
        """Authors of annotations outside the curated layer (the layers an export can
        pick, with ``"curated"``), sorted."""
        with self.db.read_session() as s:
            return editor_names(s)

    def documents(self, selection: AnnotationSelection | None = None) -> Iterator[ExportDocument]:
        """The selected releases with their selected annotations and linked entities.

        One short read transaction per chunk of releases (flat memory on a big corpus).
        """
        sel = selection or AnnotationSelection()
        with self.db.read_session() as s:
            pks = selected_release_pks(s, sel)
        entities: dict[int, Entity] = {}
        for i in range(0, len(pks), _CHUNK):
            with self.db.read_session() as s:
                chunk = load_documents(s, pks[i : i + _CHUNK], sel)
                ids = {
                    e
                    for _, anns in chunk
                    for a in anns
                    for e in (a.entity_id, a.speaker_id, a.topic_id)
                    if e is not None and e not in entities
                }
                if ids:
                    entities.update(entities_by_id(s, ids))
            for rel, anns in chunk:
                used = {
                    e: entities[e]
                    for a in anns
                    for e in (a.entity_id, a.speaker_id, a.topic_id)
                    if e is not None and e in entities
                }
                yield ExportDocument(rel, anns, used)

    def export(
        self,
        format_name: str,
        path: str | os.PathLike[str],
        selection: AnnotationSelection | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ExportResult:
        """Write the selection in format ``format_name`` to ``path``.

        ``path`` is a file, or for folder formats (brat, XMI) a folder that must not
        exist yet or be empty. ``progress(done, total, title)`` is called per release;
        ``cancel()`` returning True stops the export (raises :class:`ExportCancelled`,
        nothing left at ``path``). Raises :class:`FormatError` for an unknown or
        unavailable format or a non-empty target folder.
        """
        fmt = registry.get(format_name)
        if fmt.unavailable:
            raise FormatError(f"format {fmt.name!r} is unavailable: {fmt.unavailable}")
        sel = selection or AnnotationSelection()
        target = Path(path)
        if fmt.target == "folder" and target.exists():
            if not target.is_dir() or any(target.iterdir()):
                raise FormatError(f"{target}: export folder must be new or empty")
        with self.db.read_session() as s:
            total = len(selected_release_pks(s, sel))
        tmp = target.with_name(target.name + ".part")
        _remove(tmp)
        if fmt.target == "folder":
            tmp.mkdir(parents=True)
        else:
            tmp.parent.mkdir(parents=True, exist_ok=True)
        result = ExportResult(path=str(target), format=fmt.name)

        def docs() -> Iterator[ExportDocument]:
            for i, d in enumerate(self.documents(sel)):
                if cancel is not None and cancel():
                    raise ExportCancelled("export cancelled")
                if progress is not None:
                    progress(i, total, d.release.title)
                yield d

        try:
            fmt.write(docs(), tmp, result)
        except BaseException:
            _remove(tmp)
            for c in result.companions:
                _remove(Path(c + ".part"))
            raise
        if fmt.target == "folder" and target.is_dir():
            target.rmdir()
        os.replace(tmp, target)
        for c in result.companions:  # e.g. the Label Studio labeling config
            os.replace(c + ".part", c)
        if progress is not None:
            progress(total, total, "")
        return result


def _remove(p: Path) -> None:
    if p.is_dir():
        shutil.rmtree(p)
    elif p.exists():
        p.unlink()
