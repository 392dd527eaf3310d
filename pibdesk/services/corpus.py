"""Importing releases into the corpus and reading them back.

Identity (issue "The release corpus"): a release is its Release ID (PRID); without one,
the SHA-256 of its normalised text. Importing identical content again is a no-op.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pibdesk.core.errors import ParseError, PibdeskError
from pibdesk.core.model import (
    ImportOutcome,
    ImportReport,
    Label,
    ParsedRelease,
    Release,
    ReleaseStatus,
    ReleaseSummary,
)
from pibdesk.core.text import text_hash
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import (
    LabelRepository,
    ReleaseFilter,
    ReleaseRepository,
)

#: progress(done, total, current_source) — total may be 0 when unknown.
ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and release files found under folders named, in a stable order."""
    from pibdesk.parsing import iter_release_files

    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from iter_release_files(path)
        else:
            yield path


class CorpusService:
    """Releases in one database: import, list, read."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- import -------------------------------------------------------------------
    def import_parsed(self, parsed: ParsedRelease) -> ImportOutcome:
        """Store one parsed release in its own transaction.

        Returns an outcome with status ``imported``, ``present`` or ``revised``.
        """
        with self.db.session() as s:
            repo = ReleaseRepository(s)
            h = text_hash(parsed.text)
            pk = repo.find_pk(parsed.release_id, h)
            if pk is None:
                rel = repo.add(parsed)
                return ImportOutcome(parsed.source, "imported", rel.id, rel.release_id, rel.title)
            current = repo.get(pk)
            if not parsed.has_text or current.text_hash == h:
                return ImportOutcome(
                    parsed.source, "present", pk, current.release_id, current.title
                )
            from pibdesk.services.revisions import store_revision

            flagged = store_revision(s, current, parsed)
            return ImportOutcome(
                parsed.source,
                "revised",
                pk,
                current.release_id,
                parsed.title,
                message=f"revision {current.revision + 1}",
                needs_review=flagged,
            )

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ImportReport:
        """Parse and import files and folders; one bad file does not stop the rest.

        Each release is its own transaction, so a cancel (``cancel()`` returning True,
        checked between files) leaves only whole releases stored.
        """
        from pibdesk.parsing import parse_file

        files = list(iter_inputs(paths))
        report = ImportReport()
        for i, f in enumerate(files):
            if cancel is not None and cancel():
                report.cancelled = True
                break
            if progress is not None:
                progress(i, len(files), f.name)
            try:
                parsed = parse_file(f)
                report.outcomes.append(self.import_parsed(parsed))
            except (ParseError, PibdeskError, OSError) as e:
                report.outcomes.append(ImportOutcome(f.name, "failed", message=_one_line(e, f)))
        if progress is not None and not report.cancelled:
            progress(len(files), len(files), "")
        return report

    # -- read -----------------------------------------------------------------------
    def release(self, pk: int) -> Release:
        with self.db.session() as s:
            return ReleaseRepository(s).get(pk)

    def summaries(
        self, f: ReleaseFilter | None = None, offset: int = 0, limit: int | None = None
    ) -> list[ReleaseSummary]:
        with self.db.session() as s:
            return ReleaseRepository(s).summaries(f, offset, limit)

    def count(self, f: ReleaseFilter | None = None) -> int:
        with self.db.session() as s:
            return ReleaseRepository(s).count(f)

    def set_status(self, pk: int, status: ReleaseStatus) -> None:
        with self.db.session() as s:
            ReleaseRepository(s).set_status(pk, status)

    def labels(self) -> list[Label]:
        with self.db.session() as s:
            return LabelRepository(s).all()


def _one_line(e: BaseException, f: Path) -> str:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    if isinstance(e, ParseError):
        return e.problem
    if isinstance(e, OSError):
        return e.strerror or msg
    return msg
