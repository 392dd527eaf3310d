"""A release whose text changed: store a new revision and carry annotations over.

Each annotation is re-anchored by its quote with prefix and suffix (W3C
TextQuoteSelector, https://www.w3.org/TR/annotation-model/#text-quote-selector):
exact match with context first, then the exact quote nearest the old offset, then a
fuzzy match (rapidfuzz). Annotations that cannot be placed with confidence are kept at
their old offsets (clamped), flagged ``needs_review``; never dropped.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from pibdesk.core.model import ParsedRelease, Release, utcnow
from pibdesk.core.reanchor import reanchor
from pibdesk.core.text import quote_of, text_hash
from pibdesk.storage.repositories import ReleaseRepository, log_change
from pibdesk.storage.tables import AnnotationRow, ReleaseRevisionRow, ReleaseRow


def store_revision(s: Session, current: Release, parsed: ParsedRelease) -> int:
    """Make ``parsed`` the next revision of ``current`` inside session ``s``.

    Returns how many annotations were flagged "needs review".
    """
    row = s.get(ReleaseRow, current.id)
    assert row is not None
    now = utcnow()
    new_text = parsed.text
    number = current.revision + 1
    s.add(
        ReleaseRevisionRow(
            release_pk=current.id,
            number=number,
            text=new_text,
            text_hash=text_hash(new_text),
            title=parsed.title,
            source=parsed.source,
            imported_at=now,
        )
    )
    flagged = 0
    for ann in s.exec(select(AnnotationRow).where(AnnotationRow.release_pk == current.id)).all():
        placed = reanchor(
            current.text, new_text, ann.start, ann.end, ann.text, ann.prefix, ann.suffix
        )
        if placed is None:
            ann.needs_review = True
            ann.start = min(ann.start, max(0, len(new_text) - 1))
            ann.end = min(max(ann.end, ann.start + 1), len(new_text))
            flagged += 1
        else:
            ann.start, ann.end = placed
        if ann.end > ann.start:
            ann.prefix, ann.text, ann.suffix = quote_of(new_text, ann.start, ann.end)
        ann.updated_at = now
        ann.row_version += 1
        s.add(ann)
    row.text = new_text
    row.text_hash = text_hash(new_text)
    row.title = parsed.title
    row.subtitles_json = json.dumps(list(parsed.subtitles), ensure_ascii=False)
    row.revision = number
    row.source = parsed.source
    for attr in ("ministry", "posted_at", "bureau", "language", "sign_off", "visitor_count"):
        value = getattr(parsed, attr)
        if value is not None:
            setattr(row, attr, value)
    row.updated_at = now
    s.add(row)
    repo = ReleaseRepository(s)
    if parsed.translations:
        repo.set_translations(current.id, parsed.translations)
    if parsed.visitor_count is not None:
        repo.record_visitor_count(current.id, parsed.visitor_count, now)
    log_change(s, "release", current.id, "revise", current.id)
    return flagged
