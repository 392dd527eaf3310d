"""A new revision of a stored release, inside the import's transaction.

:func:`store_revision` stores the revised text as the release's next revision and moves
every annotation and rejected suggestion onto it (:class:`pibdesk.core.reanchor.Reanchorer`:
diff, then the W3C TextQuoteSelector quote with prefix and suffix); annotations it cannot
place confidently stay, flagged "needs review". Called by
:meth:`pibdesk.storage.corpus_store.CorpusStore.apply`; reviewing them is
:class:`pibdesk.services.revisions.RevisionService`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pibdesk.core.errors import NotFoundError
from pibdesk.core.fragments import decode as decode_fragments
from pibdesk.core.fragments import encode as encode_fragments
from pibdesk.core.model import ParsedRelease, utcnow
from pibdesk.core.reanchor import Reanchorer
from pibdesk.core.text import quote_of, text_hash
from pibdesk.storage import history
from pibdesk.storage.entities import RejectionRepository
from pibdesk.storage.tables import AnnotationRow, ChangeLogRow, ReleaseRevisionRow, ReleaseRow

R: sa.Table = ReleaseRow.__table__  # type: ignore[attr-defined]
REV: sa.Table = ReleaseRevisionRow.__table__  # type: ignore[attr-defined]
CL: sa.Table = ChangeLogRow.__table__  # type: ignore[attr-defined]
ANN: sa.Table = AnnotationRow.__table__  # type: ignore[attr-defined]

#: Metadata fields a later import may fill in when the stored release lacks them.
META_FIELDS = ("ministry", "posted_at", "bureau", "language", "sign_off")


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
            ANN.c.id, ANN.c.start, ANN.c.end, ANN.c.label, ANN.c.text, ANN.c.prefix, ANN.c.suffix,
            ANN.c.needs_review, ANN.c.fragments,
        )
        .where(ANN.c.release_pk == pk)
        .order_by(ANN.c.id)
    ).all()
    if anns:
        placer = Reanchorer(old_text, new_text)
        placements = {a.id: placer.place(a.start, a.end, a.text, a.prefix, a.suffix) for a in anns}
        for ann_id in _colliding(anns, placements, placer):
            placements[ann_id] = None
        moved: list[tuple[int, int, str, str, dict[str, Any], dict[str, Any]]] = []
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
            old_frs = decode_fragments(a.fragments)
            if old_frs:
                # a discontinuous span moves whole when its covering text is unchanged;
                # otherwise its fragments cannot be trusted: it becomes its covering span,
                # flagged for review (the history keeps the old fragments)
                if not review and new_text[placed[0] : placed[1]] == a.text:
                    delta = placed[0] - a.start
                    values["fragments"] = encode_fragments(
                        [(fs + delta, fe + delta) for fs, fe in old_frs]
                    )
                else:
                    values["fragments"] = None
                    if not review:
                        review = True
                        flagged += 1
                    values["needs_review"] = True
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
            before: dict[str, Any] = {"start": a.start, "end": a.end}
            after: dict[str, Any] = {"start": placed[0], "end": placed[1]}
            if new_text:
                before["text"], after["text"] = a.text, values["text"]
            if old_frs:
                before["fragments"] = [list(f) for f in old_frs]
                after["fragments"] = [list(f) for f in decode_fragments(values["fragments"])]  # type: ignore[arg-type]
            if review:
                before["needs_review"], after["needs_review"] = bool(a.needs_review), True
            moved.append((a.id, pk, "reanchor", "", before, after))
        history.record_many(s, moved)
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
