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
import re
from dataclasses import dataclass

from pibdesk.core.corpus import ReviewItem, RevisionInfo
from pibdesk.core.errors import NotFoundError
from pibdesk.storage.corpus_store import CorpusStore
from pibdesk.storage.db import Database


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
