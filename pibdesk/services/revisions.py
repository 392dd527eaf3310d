"""A release whose text changed: store a new revision and carry annotations over.

Each annotation is re-anchored with :class:`pibdesk.core.reanchor.Reanchorer` (diff
mapping, then quote with prefix/suffix, then fuzzy; W3C TextQuoteSelector,
https://www.w3.org/TR/annotation-model/#text-quote-selector). Annotations that cannot be
placed with confidence are kept, never dropped: they move to where the diff says their
old place now is, are flagged ``needs_review`` and listed by
:meth:`RevisionService.needs_review`. Their quote is re-read from the new text (so
``text[start:end] == annotation.text`` always holds); the words they used to cover stay
visible in the older revision (:meth:`RevisionService.diff_html`). Two annotations of
the same label that would land on the same span (from different old spans) do not
silently merge: the one nearest its expected place keeps it, the other is flagged.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.corpus import ReviewItem, RevisionInfo
from pibdesk.core.errors import NotFoundError
from pibdesk.core.model import ParsedRelease, utcnow
from pibdesk.core.reanchor import Reanchorer
from pibdesk.core.text import quote_of, text_hash
from pibdesk.storage.corpus_store import ANN, CL, META_FIELDS, REV, CorpusStore, R
from pibdesk.storage.db import Database
from pibdesk.storage.entities import RejectionRepository


def store_revision(s: Session, pk: int, parsed: ParsedRelease, now: datetime | None = None) -> int:
    """Make ``parsed`` the next revision of release ``pk`` inside session ``s``.

    Stores the revision row, re-anchors every annotation and every rejected suggestion
    (those that cannot be placed are forgotten), updates the release row (the FTS index
    follows by trigger, same transaction). Metadata the new file lacks
    is kept. Returns how many annotations were flagged "needs review".
    """
    now = now or utcnow()
    cur = s.execute(sa.select(R.c.text, R.c.revision).where(R.c.id == pk)).first()
    if cur is None:
        raise NotFoundError(f"release {pk} does not exist")
    old_text, new_text = cur.text, parsed.text
    number = cur.revision + 1
    h = text_hash(new_text)
    s.execute(
        REV.insert().values(
            release_pk=pk,
            number=number,
            text=new_text,
            text_hash=h,
            title=parsed.title,
            source=parsed.source,
            imported_at=now,
        )
    )
    flagged = 0
    anns = s.execute(
        sa.select(
            ANN.c.id, ANN.c.start, ANN.c.end, ANN.c.label, ANN.c.text, ANN.c.prefix, ANN.c.suffix
        )
        .where(ANN.c.release_pk == pk)
        .order_by(ANN.c.id)
    ).all()
    if anns:
        placer = Reanchorer(old_text, new_text)
        placements = {a.id: placer.place(a.start, a.end, a.text, a.prefix, a.suffix) for a in anns}
        for ann_id in _colliding(anns, placements, placer):
            placements[ann_id] = None
        for a in anns:
            placed = placements[a.id]
            review = placed is None
            if placed is None:
                n = max(1, len(new_text))
                st = min(placer.expected(a.start), n - 1)
                en = min(max(placer.expected(a.end), st + 1), n)
                placed = (st, en)
                flagged += 1
            values: dict[str, object] = {"start": placed[0], "end": placed[1], "updated_at": now}
            if new_text:
                values["prefix"], values["text"], values["suffix"] = quote_of(new_text, *placed)
            if review:
                values["needs_review"] = True
            s.execute(
                ANN.update()
                .where(ANN.c.id == a.id)
                .values(row_version=ANN.c.row_version + 1, **values)
            )
            s.execute(
                CL.insert().values(
                    at=now,
                    table_name="annotation",
                    row_id=a.id,
                    release_pk=pk,
                    action="reanchor",
                    author="",
                )
            )
    _carry_rejections(s, pk, old_text, new_text)
    values = {
        "text": new_text,
        "text_hash": h,
        "title": parsed.title,
        "revision": number,
        "source": parsed.source,
        "updated_at": now,
        "has_text": True,
    }
    if parsed.subtitles:
        values["subtitles_json"] = json.dumps(list(parsed.subtitles), ensure_ascii=False)
    for name in META_FIELDS:
        if getattr(parsed, name) is not None:
            values[name] = getattr(parsed, name)
    s.execute(R.update().where(R.c.id == pk).values(**values))
    if parsed.translations:
        store = CorpusStore(s)
        store._set_translations(pk, parsed.translations)
        store.flush()
    s.execute(
        CL.insert().values(
            at=now, table_name="release", row_id=pk, release_pk=pk, action="revise", author=""
        )
    )
    return flagged


def _carry_rejections(s: Session, pk: int, old_text: str, new_text: str) -> int:
    """Move release ``pk``'s rejected suggestions onto the new text, as annotations move.

    A rejection stores only ``(start, end, label)``; its quote, prefix and suffix are read
    from ``old_text`` and placed with :class:`Reanchorer` (same rules as annotations).
    Unlike annotations, a rejection that cannot be placed confidently (its words were
    deleted or reworded) is dropped: the suggestion may come back, to be judged again.
    Runs in the caller's session (the revision's transaction). Returns how many were
    dropped.
    """
    repo = RejectionRepository(s)
    old = repo.for_release(pk)
    if not old:
        return 0
    placer = Reanchorer(old_text, new_text)
    kept: set[tuple[int, int, str]] = set()
    for st, en, label in sorted(old):
        if not 0 <= st < en <= len(old_text):
            continue  # never valid on the old text: nothing to carry
        prefix, exact, suffix = quote_of(old_text, st, en)
        placed = placer.place(st, en, exact, prefix, suffix)
        if placed is not None:
            kept.add((placed[0], placed[1], label))
    repo.replace(pk, kept)
    return len(old) - len(kept)


def _colliding(
    anns: Sequence[sa.Row[Any]],
    placements: dict[int, tuple[int, int] | None],
    placer: Reanchorer,
) -> list[int]:
    """Ids of annotations whose placement lands on the same span, with the same label,
    as another annotation that was NOT on the same span before the revision.

    Of such a group the placement nearest where the diff says the span now lies is
    kept (one mapped through unchanged text has distance 0); ties keep the older
    annotation (lower id). The others are returned, to be flagged "needs review" at
    their expected place instead of silently duplicating the kept one. Annotations
    that already shared a span and label before the revision are left alone.
    """
    groups: dict[tuple[int, int, str], list[sa.Row[Any]]] = {}
    for a in anns:
        placed = placements[a.id]
        if placed is not None:
            groups.setdefault((placed[0], placed[1], a.label), []).append(a)
    out: list[int] = []
    for (st, _, _), group in groups.items():
        if len({(a.start, a.end) for a in group}) < 2:
            continue
        group.sort(key=lambda a: (abs(st - placer.expected(a.start)), a.id))
        keep = (group[0].start, group[0].end)
        out.extend(a.id for a in group[1:] if (a.start, a.end) != keep)
    return out


@dataclass(frozen=True)
class TextChange:
    """One changed region between two revisions: ``tag`` is ``replace``, ``insert`` or
    ``delete``; offsets are code points in the old (``a_*``) and new (``b_*``) texts."""

    tag: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    old: str
    new: str


_TOKEN = re.compile(r"\S+|\s+")


def word_changes(old: str, new: str) -> list[TextChange]:
    """The changed regions between two texts, aligned on words (code-point offsets)."""
    ta, tb = _TOKEN.findall(old), _TOKEN.findall(new)
    pa, pb = [0], [0]
    for t in ta:
        pa.append(pa[-1] + len(t))
    for t in tb:
        pb.append(pb[-1] + len(t))
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        a1, a2, b1, b2 = pa[i1], pa[i2], pb[j1], pb[j2]
        out.append(TextChange(tag, a1, a2, b1, b2, old[a1:a2], new[b1:b2]))
    return out


class RevisionService:
    """Revisions of releases: list, compare, and the annotations needing review."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def revisions(self, pk: int) -> list[RevisionInfo]:
        """The text versions of release ``pk``, oldest first (no texts)."""
        with self.db.session() as s:
            return CorpusStore(s).revisions(pk)

    def text(self, pk: int, number: int) -> str:
        """The text of revision ``number``. Raises :class:`NotFoundError`."""
        with self.db.session() as s:
            t = CorpusStore(s).revision_text(pk, number)
        if t is None:
            raise NotFoundError(f"release {pk} has no revision {number}")
        return t

    def changes(self, pk: int, a: int, b: int) -> list[TextChange]:
        """What changed from revision ``a`` to revision ``b``: word-aligned regions
        (``difflib.SequenceMatcher`` over words and runs of whitespace)."""
        return word_changes(self.text(pk, a), self.text(pk, b))

    def diff_html(self, pk: int, a: int, b: int, context: int = 2) -> str:
        """A side-by-side HTML table of the lines that differ (``difflib.HtmlDiff``)."""
        old, new = self.text(pk, a), self.text(pk, b)
        return difflib.HtmlDiff(wrapcolumn=70).make_table(
            old.splitlines(),
            new.splitlines(),
            f"revision {a}",
            f"revision {b}",
            context=True,
            numlines=context,
        )

    def needs_review(self, pk: int | None = None) -> list[ReviewItem]:
        """Annotations flagged "needs review" (of one release, or all)."""
        with self.db.session() as s:
            return CorpusStore(s).needs_review(pk)
