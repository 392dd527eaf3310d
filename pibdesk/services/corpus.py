"""Importing releases into the corpus and reading them back.

Identity (issue "The release corpus"): a release is its Release ID (PRID); without one,
the SHA-256 of its normalised text. Importing identical content again is a no-op; a
changed text becomes a new revision with its annotations carried over
(:mod:`pibdesk.services.revisions`); a metadata-only dataset row ("text not yet
imported") is filled in by a later text import (status ``updated``). Rules in detail:
:meth:`pibdesk.storage.corpus_store.CorpusStore.apply`.

Inputs: release files (``.txt``, ``.html``), folders of them (recursively), PIB-Direct
JSON Lines (``.jsonl``) and the aswinpradeep metadata CSV (``.csv``).
Dataset rows are written in batches (:data:`BATCH_SIZE` releases per transaction); a
cancel rolls the open batch back, so the database only ever holds whole releases, and a
row that fails only fails itself.
"""

from __future__ import annotations

import csv
import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from pibdesk.core.corpus import Facets, TranslationLink, VisitorObservation
from pibdesk.core.errors import ParseError, PibdeskError
from pibdesk.core.model import (
    ImportOutcome,
    ImportReport,
    Label,
    ParsedRelease,
    Release,
    ReleaseStatus,
    ReleaseSummary,
    utcnow,
)
from pibdesk.core.text import describe_control_characters, replace_control_characters
from pibdesk.storage.corpus_store import CorpusStore
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import (
    LabelRepository,
    ReleaseFilter,
    ReleaseRepository,
)

__all__ = [
    "BATCH_SIZE",
    "DATASET_SUFFIXES",
    "CorpusService",
    "ImportCancelled",
    "ImportInterrupted",
    "ReleaseFilter",
    "iter_inputs",
]

#: progress(done, total, current_source): releases handled so far / expected in all.
ProgressFn = Callable[[int, int, str], None]
#: cancel() -> True to stop; checked between releases.
CancelFn = Callable[[], bool]

#: Releases written per transaction during a bulk import.
BATCH_SIZE = 250
#: Multi-release files: JSON Lines (PIB-Direct) and the metadata-only CSV.
DATASET_SUFFIXES = (".jsonl", ".csv")


class ImportCancelled(PibdeskError):
    """Raised inside a batch when the user cancelled; the batch is rolled back."""


class ImportInterrupted(KeyboardInterrupt):
    """A ``KeyboardInterrupt`` (Ctrl+C) during :meth:`CorpusService.import_many`.

    The open batch was rolled back; ``report`` (``cancelled=True``) lists what was
    committed before. Still a ``KeyboardInterrupt`` for callers that do not look.
    """

    def __init__(self, report: ImportReport) -> None:
        super().__init__("import interrupted")
        self.report = report


@dataclass(frozen=True)
class _Input:
    path: Path
    kind: str  # "file" | "jsonl" | "csv"


def _inputs(paths: Iterable[str | os.PathLike[str]]) -> list[_Input]:
    from pibdesk.parsing import iter_release_files

    out: list[_Input] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key in seen:
            return
        seen.add(key)
        suffix = p.suffix.lower()
        kind = "jsonl" if suffix == ".jsonl" else "csv" if suffix == ".csv" else "file"
        out.append(_Input(p, kind))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = list(iter_release_files(path))
            for suffix in DATASET_SUFFIXES:
                found.extend(
                    f
                    for f in path.rglob(f"*{suffix}")
                    if not any(part.startswith(".") for part in f.relative_to(path).parts)
                )
            for f in sorted(found):
                add(f)
        else:
            add(path)
    return out


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and release/dataset files found under folders named, in a stable order."""
    for item in _inputs(paths):
        yield item.path


def _count(item: _Input) -> int:
    """How many releases an input holds (cheap pre-scan, for the progress total)."""
    if item.kind == "file":
        return 1
    try:
        with item.path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
            if item.kind == "jsonl":
                return sum(1 for line in fh if line.strip())
            return sum(1 for _ in csv.reader(fh))
    except OSError:
        return 1


def _rows(item: _Input) -> Iterator[ParsedRelease | ParseError]:
    from pibdesk.parsing import parse_file
    from pibdesk.parsing.datasets import read_jsonl, read_metadata_csv

    if item.kind == "file":
        try:
            yield parse_file(item.path)
        except ParseError as e:
            yield e
        return
    reader = read_jsonl if item.kind == "jsonl" else read_metadata_csv
    try:
        yield from reader(item.path)
    except ParseError as e:
        yield e
    except (OSError, UnicodeError, ValueError) as e:
        yield ParseError(item.path.name, f"cannot read dataset ({e})")


def without_control_characters(parsed: ParsedRelease) -> ParsedRelease:
    """``parsed`` with the C0 control characters pibdesk does not store replaced one for
    one (:func:`pibdesk.core.text.replace_control_characters`: VT/FF by a space, the rest
    by U+FFFD) in its text, title, sub-headings, ministry, bureau and sign-off, and a
    warning for the import report saying how many of each were in the text and where the
    first was. Offsets into the text are unchanged; a clean release is returned as is.
    """
    text, counts = replace_control_characters(parsed.text)
    changes: dict[str, object] = {}
    if counts:
        changes["text"] = text
        changes["warnings"] = (
            *parsed.warnings,
            describe_control_characters(parsed.text, counts),
        )
    for name in ("title", "ministry", "bureau", "sign_off"):
        value = getattr(parsed, name)
        if value:
            clean, found = replace_control_characters(value)
            if found:
                changes[name] = clean
    subs = tuple(replace_control_characters(x)[0] for x in parsed.subtitles)
    if subs != parsed.subtitles:
        changes["subtitles"] = subs
    return dataclasses.replace(parsed, **changes) if changes else parsed  # type: ignore[arg-type]


def _failed(source: str, message: str) -> ImportOutcome:
    return ImportOutcome(source, "failed", message=message)


class CorpusService:
    """Releases in one database: import, list, read.

    Every public method opens its own transaction(s); what it returns is committed.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- import -------------------------------------------------------------------
    def import_parsed(self, parsed: ParsedRelease) -> ImportOutcome:
        """Store one parsed release in its own transaction.

        Returns an outcome with status ``imported``, ``present``, ``updated`` or
        ``revised`` (see :meth:`CorpusStore.apply`). Raises :class:`ValueError` for a
        metadata-only release without a Release ID.
        """
        parsed = without_control_characters(parsed)
        with self.db.session() as s:
            store = CorpusStore(s)
            outcome = store.apply(parsed)
            store.flush()
            return outcome

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> ImportReport:
        """Parse and import files, folders and dataset files; returns the report.

        One bad file or row fails alone (outcome ``failed`` with the reason). Releases
        are written ``batch_size`` per transaction; ``cancel()`` is checked between
        releases and, when it returns True, the open batch is rolled back and the
        report (``cancelled=True``) lists only what was committed. ``progress(done,
        total, source)`` is called as releases are handled (``total`` from a quick
        pre-scan of the inputs).
        """
        inputs = _inputs(paths)
        total = sum(_count(i) for i in inputs)

        def rows() -> Iterator[ParsedRelease | ParseError]:
            for item in inputs:
                yield from _rows(item)

        return self.import_many(
            rows(), total=total, progress=progress, cancel=cancel, batch_size=batch_size
        )

    def import_many(
        self,
        items: Iterable[ParsedRelease | ParseError],
        *,
        total: int = 0,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> ImportReport:
        """Import already-parsed releases (and record parse failures) in batches.

        Same transaction, cancel and progress rules as :meth:`import_paths`; outcomes
        are in input order. A ``KeyboardInterrupt`` (raised by Ctrl+C or a callback)
        rolls the open batch back and is re-raised as :class:`ImportInterrupted`
        carrying the report so far. All releases of one run share one ``seen_at`` time for
        their visitor-counter observations.
        """
        report = ImportReport()
        seen_at = utcnow()
        batch: list[ParsedRelease | ParseError] = []
        done = 0

        def flush() -> None:
            nonlocal done
            if batch:
                report.outcomes.extend(
                    self._write_batch(batch, seen_at, cancel, progress, done, total)
                )
                done += len(batch)
                batch.clear()

        try:
            for item in items:
                if cancel is not None and cancel():
                    raise ImportCancelled("cancelled")
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
            flush()
        except ImportCancelled:
            report.cancelled = True
        except KeyboardInterrupt as e:  # Ctrl+C: the open batch was rolled back
            report.cancelled = True
            raise ImportInterrupted(report) from e
        if progress is not None and not report.cancelled:
            progress(done, max(total, done), "")
        return report

    def _write_batch(
        self,
        batch: list[ParsedRelease | ParseError],
        seen_at: datetime,
        cancel: CancelFn | None,
        progress: ProgressFn | None,
        done: int,
        total: int,
    ) -> list[ImportOutcome]:
        """Write one batch in one transaction; on a database error, retry row by row."""
        try:
            with self.db.session() as s:
                store = CorpusStore(s)
                store.prefetch(
                    p.release_id
                    for p in batch
                    if isinstance(p, ParsedRelease) and p.release_id is not None
                )
                outcomes = []
                for i, item in enumerate(batch):
                    if cancel is not None and cancel():
                        raise ImportCancelled("cancelled")
                    outcomes.append(self._apply_one(store, item, seen_at))
                    if progress is not None:
                        progress(done + i + 1, max(total, done + i + 1), outcomes[-1].source)
                store.flush()
                return outcomes
        except SQLAlchemyError:
            if len(batch) == 1:
                item = batch[0]
                source = item.source if isinstance(item, ParsedRelease) else str(item.source)
                return [_failed(source, "database refused this release")]
            out: list[ImportOutcome] = []
            for k, item in enumerate(batch):
                out.extend(self._write_batch([item], seen_at, cancel, progress, done + k, total))
            return out

    @staticmethod
    def _apply_one(
        store: CorpusStore, item: ParsedRelease | ParseError, seen_at: datetime
    ) -> ImportOutcome:
        if isinstance(item, ParseError):
            return _failed(item.source, item.problem)
        item = without_control_characters(item)
        try:
            outcome = store.apply(item, seen_at)
        except ValueError as e:  # raised before anything is written
            return _failed(item.source, str(e))
        if item.warnings:  # e.g. stray windows-1252 bytes in a UTF-8 file
            message = "; ".join(x for x in (outcome.message, *item.warnings) if x)
            outcome = dataclasses.replace(outcome, message=message)
        return outcome

    # -- read -----------------------------------------------------------------------
    def release(self, pk: int) -> Release:
        """The release with key ``pk`` (current text). Raises :class:`NotFoundError`."""
        with self.db.read_session() as s:
            return ReleaseRepository(s).get(pk)

    def summaries(
        self,
        f: ReleaseFilter | None = None,
        offset: int = 0,
        limit: int | None = None,
        sort: str = "posted",
        descending: bool = True,
    ) -> list[ReleaseSummary]:
        """Release-list rows (no text), ``limit`` from ``offset``, newest first or sorted
        in the database by ``sort`` (``"posted"``, ``"title"``, ``"ministry"``,
        ``"editor"``, ``"annotations"``; rules in
        :meth:`~pibdesk.storage.repositories.ReleaseRepository.summaries`). Raises
        :class:`ValueError` for an unknown ``sort``."""
        with self.db.read_session() as s:
            return ReleaseRepository(s).summaries(f, offset, limit, sort, descending)

    def count(self, f: ReleaseFilter | None = None) -> int:
        """How many releases the filter selects."""
        with self.db.read_session() as s:
            return ReleaseRepository(s).count(f)

    def set_status(self, pk: int, status: ReleaseStatus, author: str = "") -> ReleaseStatus:
        """Set release ``pk``'s annotation status (not started / in progress / done), the
        value the release list's status filter selects on; returns the status it had
        before (for undo). One transaction. A release becomes "in progress" by itself
        with its first annotation (:meth:`AnnotationRepository.add`). Raises
        :class:`NotFoundError` for an unknown release.
        """
        with self.db.session() as s:
            repo = ReleaseRepository(s)
            before = repo.get(pk).status
            repo.set_status(pk, status, author)
            return before

    def toggle_done(self, pk: int, author: str = "") -> tuple[ReleaseStatus, ReleaseStatus]:
        """Annotate > Mark release done: a release not done becomes "done"; a done one
        goes back to "in progress". Returns ``(before, after)``. One transaction; raises
        :class:`NotFoundError` for an unknown release.
        """
        with self.db.session() as s:
            repo = ReleaseRepository(s)
            before = repo.get(pk).status
            done = before == ReleaseStatus.DONE
            after = ReleaseStatus.IN_PROGRESS if done else ReleaseStatus.DONE
            repo.set_status(pk, after, author)
            return before, after

    def labels(self) -> list[Label]:
        with self.db.read_session() as s:
            return LabelRepository(s).all()

    def facets(self) -> Facets:
        """Distinct ministries, bureaus and languages (for the filter choices)."""
        with self.db.read_session() as s:
            return CorpusStore(s).facets()

    def translations(self, pk: int) -> list[TranslationLink]:
        """The release's "Read this release in" links, resolved against the corpus."""
        with self.db.read_session() as s:
            return CorpusStore(s).translations(pk)

    def visitor_history(self, pk: int) -> list[VisitorObservation]:
        """Each recorded ``(seen_at, count)`` of the release's visitor counter, oldest first."""
        with self.db.read_session() as s:
            return CorpusStore(s).visitor_history(pk)


def write_report(report: ImportReport, path: str | os.PathLike[str]) -> None:
    """Save an import report: JSON (``ImportReport.to_json``) for a ``.json`` path,
    else CSV with columns status, source, release_id, title, message, needs_review.

    Written to ``PATH.part`` first and renamed, so a failed write leaves no half file.
    """
    import json

    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if target.suffix.lower() == ".json":
            json.dump(report.to_json(), fh, ensure_ascii=False, indent=2)
        else:
            w = csv.writer(fh)
            w.writerow(["status", "source", "release_id", "title", "message", "needs_review"])
            for o in report.outcomes:
                w.writerow(
                    [o.status, o.source, o.release_id or "", o.title, o.message, o.needs_review]
                )
    os.replace(tmp, target)
