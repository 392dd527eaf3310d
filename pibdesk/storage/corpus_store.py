"""Fast, batched writes and corpus-wide reads for the import pipeline.

:class:`CorpusStore` applies one :class:`~pibdesk.core.model.ParsedRelease` at a time
inside a caller's session (the import service puts a few hundred in one transaction),
using SQLAlchemy Core statements rather than ORM objects so a 10,000-release import stays
close to raw ``sqlite3`` speed. Identity and outcome rules are documented on
:meth:`CorpusStore.apply`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.corpus import (
    Facets,
    ReviewItem,
    RevisionInfo,
    TranslationLink,
    VisitorObservation,
)
from pibdesk.core.model import ImportOutcome, ParsedRelease, Translation, utcnow
from pibdesk.core.text import content_hash, text_hash
from pibdesk.storage.revision_store import META_FIELDS, store_revision
from pibdesk.storage.tables import (
    AnnotationRow,
    ChangeLogRow,
    ReleaseRevisionRow,
    ReleaseRow,
    TranslationRow,
    VisitorCountRow,
)

R: sa.Table = ReleaseRow.__table__  # type: ignore[attr-defined]
REV: sa.Table = ReleaseRevisionRow.__table__  # type: ignore[attr-defined]
TR: sa.Table = TranslationRow.__table__  # type: ignore[attr-defined]
VC: sa.Table = VisitorCountRow.__table__  # type: ignore[attr-defined]
CL: sa.Table = ChangeLogRow.__table__  # type: ignore[attr-defined]
ANN: sa.Table = AnnotationRow.__table__  # type: ignore[attr-defined]



@dataclass
class _Known:
    pk: int
    release_id: int | None
    text_hash: str
    has_text: bool
    revision: int
    title: str
    visitor_count: int | None
    subtitles_json: str
    meta: dict[str, Any]


_COLS = (
    R.c.id,
    R.c.release_id,
    R.c.text_hash,
    R.c.has_text,
    R.c.revision,
    R.c.title,
    R.c.visitor_count,
    R.c.subtitles_json,
    *(R.c[name] for name in META_FIELDS),
)


def _known(row: Any) -> _Known:
    return _Known(
        pk=row.id,
        release_id=row.release_id,
        text_hash=row.text_hash,
        has_text=bool(row.has_text),
        revision=row.revision,
        title=row.title,
        visitor_count=row.visitor_count,
        subtitles_json=row.subtitles_json,
        meta={name: getattr(row, name) for name in META_FIELDS},
    )


_INSERT_RELEASE = R.insert()


def _subtitles(parsed: ParsedRelease) -> str:
    return json.dumps(list(parsed.subtitles), ensure_ascii=False)


class CorpusStore:
    """Import-side writes and corpus-wide reads inside one session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._by_prid: dict[int, _Known | None] = {}
        # rows that need no generated key, written with one executemany per table
        self._pending: dict[sa.Table, list[dict[str, Any]]] = {}

    def _defer(self, table: sa.Table, row: dict[str, Any]) -> None:
        self._pending.setdefault(table, []).append(row)

    def flush(self) -> None:
        """Write the rows queued by :meth:`apply` (call before the transaction ends)."""
        for table in (REV, TR, VC, CL):
            rows = self._pending.pop(table, None)
            if rows:
                self.s.execute(table.insert(), rows)

    # ------------------------------------------------------------------ lookups
    def prefetch(self, release_ids: Iterable[int]) -> None:
        """Load what is stored for these PRIDs in one query (speeds up :meth:`apply`)."""
        want = [p for p in set(release_ids) if p not in self._by_prid]
        for i in range(0, len(want), 500):
            chunk = want[i : i + 500]
            found = {
                r.release_id: _known(r)
                for r in self.s.execute(sa.select(*_COLS).where(R.c.release_id.in_(chunk)))
            }
            for p in chunk:
                self._by_prid[p] = found.get(p)

    def _find(self, release_id: int | None, h: str | None) -> _Known | None:
        if release_id is not None:
            if release_id not in self._by_prid:
                row = self.s.execute(sa.select(*_COLS).where(R.c.release_id == release_id)).first()
                self._by_prid[release_id] = _known(row) if row else None
            return self._by_prid[release_id]
        if h is None:
            return None
        row = self.s.execute(
            sa.select(*_COLS).where(R.c.text_hash == h, R.c.has_text.is_(True)).limit(1)
        ).first()
        return _known(row) if row else None

    def forget(self) -> None:
        """Drop cached lookups and queued rows (call after a rollback)."""
        self._by_prid.clear()
        self._pending.clear()

    # ------------------------------------------------------------------ writes
    def _log(self, pk: int, action: str) -> None:
        self._defer(
            CL,
            {
                "at": utcnow(),
                "table_name": "release",
                "row_id": pk,
                "release_pk": pk,
                "action": action,
                "author": "",
            },
        )

    def _record_count(self, pk: int, count: int, seen_at: datetime) -> None:
        self._defer(VC, {"release_pk": pk, "seen_at": seen_at, "count": count})

    def _set_translations(
        self, pk: int, translations: Iterable[Translation], new: bool = False
    ) -> None:
        if not new:
            self.flush()
            self.s.execute(TR.delete().where(TR.c.release_pk == pk))
        for t in translations:
            self._defer(
                TR,
                {
                    "release_pk": pk,
                    "language": t.language,
                    "label": t.label,
                    "target_release_id": t.release_id,
                },
            )

    def _add_revision(
        self, pk: int, number: int, parsed: ParsedRelease, h: str, now: datetime
    ) -> None:
        self._defer(
            REV,
            {
                "release_pk": pk,
                "number": number,
                "text": parsed.text,
                "text_hash": h,
                "title": parsed.title,
                "source": parsed.source,
                "imported_at": now,
            },
        )

    def apply(self, parsed: ParsedRelease, seen_at: datetime | None = None) -> ImportOutcome:
        """Store one parsed release; returns what happened.

        Identity: the Release ID (PRID); without one, the SHA-256 of the NFC text
        (:func:`pibdesk.core.text.text_hash`). Outcomes:

        * ``imported``: new release (revision 1 when it has text);
        * ``present``: same identity and same text, or the same text apart from
          whitespace (NFC, whitespace runs collapsed: :func:`~pibdesk.core.text.content_hash`;
          the current text is kept), or a text an earlier revision already had (a second
          source of the same release), or a metadata-only row for a release already
          stored: nothing changes;
        * ``updated``: a metadata-only release ("text not yet imported") got its text
          (metadata it had is kept where the new file lacks it), or missing metadata or
          translation links were filled in;
        * ``revised``: the text changed: a new revision is stored and annotations are
          carried over (:func:`pibdesk.storage.revision_store.store_revision`).

        Visitor counter: an observation ``(seen_at, count)`` is recorded only when the
        count differs from the last one recorded for the release, so re-importing the
        same file adds nothing. Raises :class:`ValueError` for a metadata-only row with
        no Release ID (it could never be matched to its text).
        """
        now = seen_at or utcnow()
        h = text_hash(parsed.text) if parsed.has_text else None
        if h is None and parsed.release_id is None:
            raise ValueError("metadata-only row without a Release ID: cannot identify it")
        known = self._find(parsed.release_id, h)
        if known is None:
            return self._insert(parsed, h, now)
        self.flush()  # an existing release: later reads must see every queued row
        status, message, flagged = "present", "", 0
        changed = parsed.has_text and known.has_text and known.text_hash != h
        if changed and self._same_content(known.pk, parsed.text):
            changed = False  # only whitespace differs: the current text is kept
            message = "same text apart from whitespace"
        if parsed.has_text and not known.has_text:
            self._fill_text(known, parsed, h or "", now)
            status, message = "updated", "text imported"
        elif changed and (old_rev := self._revision_with_hash(known.pk, h)):
            message = f"same text as revision {old_rev} (current is {known.revision})"
        elif changed:
            flagged = store_revision(self.s, known.pk, parsed, now)
            if parsed.translations:
                self._set_translations(known.pk, parsed.translations)
                self.flush()
            known.revision += 1
            known.text_hash = h or ""
            known.title = parsed.title
            status, message = "revised", f"revision {known.revision}"
            if flagged:
                message += f", {flagged} annotation(s) need review"
        elif self._fill_missing(known, parsed):
            status = "updated"
            message = "; ".join(x for x in (message, "metadata filled in") if x)
        if parsed.visitor_count is not None and parsed.visitor_count != known.visitor_count:
            self._record_count(known.pk, parsed.visitor_count, now)
            self.s.execute(
                R.update().where(R.c.id == known.pk).values(visitor_count=parsed.visitor_count)
            )
            known.visitor_count = parsed.visitor_count
            if status == "present":
                counted = f"visitor counter {parsed.visitor_count} recorded"
                message = "; ".join(x for x in (message, counted) if x)
        self.flush()
        return ImportOutcome(
            parsed.source,
            status,
            known.pk,
            known.release_id,
            known.title,
            message=message,
            needs_review=flagged,
        )

    def _same_content(self, pk: int, text: str) -> bool:
        """Whether release ``pk``'s current text equals ``text`` apart from whitespace
        (:func:`pibdesk.core.text.content_hash`, computed from both texts)."""
        stored = self.s.execute(sa.select(R.c.text).where(R.c.id == pk)).scalar_one()
        return content_hash(stored) == content_hash(text)

    def _revision_with_hash(self, pk: int, h: str | None) -> int | None:
        return self.s.execute(
            sa.select(REV.c.number).where(REV.c.release_pk == pk, REV.c.text_hash == h).limit(1)
        ).scalar_one_or_none()

    def _insert(self, parsed: ParsedRelease, h: str | None, now: datetime) -> ImportOutcome:
        res = self.s.execute(
            _INSERT_RELEASE,
            {
                "release_id": parsed.release_id,
                "text_hash": h or "",
                "title": parsed.title,
                "ministry": parsed.ministry,
                "subtitles_json": _subtitles(parsed),
                "posted_at": parsed.posted_at,
                "bureau": parsed.bureau,
                "language": parsed.language,
                "visitor_count": parsed.visitor_count,
                "sign_off": parsed.sign_off,
                "source": parsed.source,
                "text": parsed.text if parsed.has_text else "",
                "has_text": parsed.has_text,
                "revision": 1,
                "status": "not_started",
                "imported_at": now,
                "updated_at": now,
            },
        )
        pk = int(res.inserted_primary_key[0])  # type: ignore[attr-defined,index]
        if h is not None:
            self._add_revision(pk, 1, parsed, h, now)
        if parsed.translations:
            self._set_translations(pk, parsed.translations, new=True)
        if parsed.visitor_count is not None:
            self._record_count(pk, parsed.visitor_count, now)
        self._log(pk, "insert")
        if parsed.release_id is not None:
            self._by_prid[parsed.release_id] = _Known(
                pk=pk,
                release_id=parsed.release_id,
                text_hash=h or "",
                has_text=parsed.has_text,
                revision=1,
                title=parsed.title,
                visitor_count=parsed.visitor_count,
                subtitles_json=_subtitles(parsed),
                meta={name: getattr(parsed, name) for name in META_FIELDS},
            )
        msg = "" if parsed.has_text else "metadata only: text not yet imported"
        return ImportOutcome(parsed.source, "imported", pk, parsed.release_id, parsed.title, msg)

    def _fill_text(self, known: _Known, parsed: ParsedRelease, h: str, now: datetime) -> None:
        values: dict[str, Any] = {
            "text": parsed.text,
            "text_hash": h,
            "has_text": True,
            "title": parsed.title or known.title,
            "source": parsed.source,
            "updated_at": now,
        }
        for name in META_FIELDS:
            new = getattr(parsed, name)
            if new is not None:
                values[name] = new
                known.meta[name] = new
        if parsed.subtitles:
            values["subtitles_json"] = _subtitles(parsed)
        self.s.execute(R.update().where(R.c.id == known.pk).values(**values))
        self._add_revision(known.pk, known.revision, parsed, h, now)
        if parsed.translations:
            self._set_translations(known.pk, parsed.translations)
        self._log(known.pk, "text")
        known.has_text, known.text_hash, known.title = True, h, values["title"]

    def _fill_missing(self, known: _Known, parsed: ParsedRelease) -> bool:
        values: dict[str, Any] = {}
        for name in META_FIELDS:
            new = getattr(parsed, name)
            if new is not None and known.meta.get(name) is None:
                values[name] = new
                known.meta[name] = new
        if parsed.subtitles and known.subtitles_json in ("", "[]"):
            values["subtitles_json"] = known.subtitles_json = _subtitles(parsed)
        changed = bool(values)
        if values:
            values["updated_at"] = utcnow()
            self.s.execute(R.update().where(R.c.id == known.pk).values(**values))
        if parsed.translations:
            n = self.s.execute(
                sa.select(sa.func.count()).select_from(TR).where(TR.c.release_pk == known.pk)
            ).scalar_one()
            if n == 0:
                self._set_translations(known.pk, parsed.translations)
                changed = True
        if changed:
            self._log(known.pk, "update")
        return changed

    # ------------------------------------------------------------------ reads
    def revisions(self, pk: int) -> list[RevisionInfo]:
        """The text versions of release ``pk``, oldest first."""
        q = (
            sa.select(
                REV.c.number,
                REV.c.text_hash,
                REV.c.title,
                REV.c.source,
                REV.c.imported_at,
                sa.func.length(REV.c.text).label("n"),
            )
            .where(REV.c.release_pk == pk)
            .order_by(REV.c.number)
        )
        return [
            RevisionInfo(r.number, r.text_hash, r.title, r.source, r.imported_at, int(r.n))
            for r in self.s.execute(q)
        ]

    def revision_text(self, pk: int, number: int) -> str | None:
        """The text of revision ``number`` of release ``pk`` (None if there is none)."""
        return self.s.execute(
            sa.select(REV.c.text).where(REV.c.release_pk == pk, REV.c.number == number)
        ).scalar_one_or_none()

    def visitor_history(self, pk: int) -> list[VisitorObservation]:
        """Every visitor-counter observation of release ``pk``, oldest first."""
        q = (
            sa.select(VC.c.seen_at, VC.c.count)
            .where(VC.c.release_pk == pk)
            .order_by(VC.c.seen_at, VC.c.id)
        )
        return [VisitorObservation(r.seen_at, int(r._mapping["count"])) for r in self.s.execute(q)]

    def translations(self, pk: int) -> list[TranslationLink]:
        """Release ``pk``'s language links, each resolved to a stored release when possible.

        Resolution: the link's PRID when the page gave one; else a release in the
        link's language posted at the same minute (PIB posts all language versions of a
        release with the same "Posted On" time). Releases that link *to* ``pk`` by PRID
        are added as links too (the English page of a Hindi release, say).
        """
        me = self.s.execute(sa.select(R.c.release_id, R.c.posted_at).where(R.c.id == pk)).first()
        if me is None:
            return []
        out: list[TranslationLink] = []
        seen: set[int] = {pk}
        for t in self.s.execute(sa.select(TR).where(TR.c.release_pk == pk).order_by(TR.c.id)):
            target = None
            if t.target_release_id is not None:
                target = self.s.execute(
                    sa.select(R.c.id).where(R.c.release_id == t.target_release_id)
                ).scalar_one_or_none()
            if target is None and t.language and me.posted_at is not None:
                target = self.s.execute(
                    sa.select(R.c.id)
                    .where(R.c.language == t.language, R.c.posted_at == me.posted_at, R.c.id != pk)
                    .limit(1)
                ).scalar_one_or_none()
            if target is not None:
                seen.add(target)
            out.append(TranslationLink(t.label, t.language, t.target_release_id, target))
        if me.release_id is not None:
            back = (
                sa.select(R.c.id, R.c.release_id, R.c.language)
                .join(TR, TR.c.release_pk == R.c.id)
                .where(TR.c.target_release_id == me.release_id)
            )
            for r in self.s.execute(back):
                if r.id not in seen:
                    seen.add(r.id)
                    out.append(TranslationLink(r.language or "?", r.language, r.release_id, r.id))
        return out

    def facets(self) -> Facets:
        """Distinct ministries, bureaus and languages of the stored releases."""

        def distinct(c: sa.Column[Any]) -> tuple[str, ...]:
            return tuple(
                v
                for v in self.s.execute(
                    sa.select(c).where(c.is_not(None)).distinct().order_by(c)
                ).scalars()
            )

        return Facets(distinct(R.c.ministry), distinct(R.c.bureau), distinct(R.c.language))

    def needs_review(self, pk: int | None = None) -> list[ReviewItem]:
        """Annotations flagged "needs review" (of release ``pk``, or of all releases)."""
        q = sa.select(
            ANN.c.id, ANN.c.release_pk, ANN.c.label, ANN.c.text, ANN.c.start, ANN.c.end
        ).where(ANN.c.needs_review.is_(True))
        if pk is not None:
            q = q.where(ANN.c.release_pk == pk)
        q = q.order_by(ANN.c.release_pk, ANN.c.start)
        return [
            ReviewItem(r.id, r.release_pk, r.label, r.text, r.start, r.end)
            for r in self.s.execute(q)
        ]
