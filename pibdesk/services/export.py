"""Exporting annotation sets (the format modules live in :mod:`pibdesk.export`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pibdesk.core.model import Annotation, Release
from pibdesk.export.native_jsonl import write_jsonl
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import AnnotationRepository, ReleaseRepository


def iter_releases(
    db: Database, pks: list[int] | None = None
) -> Iterator[tuple[Release, list[Annotation]]]:
    """Each selected release (all by default, by key order) with its annotations.

    One short read transaction per release, so memory stays flat on big corpora.
    """
    with db.session() as s:
        keys = pks if pks is not None else ReleaseRepository(s).all_pks()
    for pk in keys:
        with db.session() as s:
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
