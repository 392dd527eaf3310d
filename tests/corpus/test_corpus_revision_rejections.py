"""Rejected suggestions follow a revised release (issue 4 audit): they are re-anchored
with the annotations, in the revision's transaction; one whose words are gone is
forgotten, so its suggestion may come back to be judged again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pibdesk.core.suggest import STATEMENT
from pibdesk.services.corpus import CorpusService
from pibdesk.services.suggestions import SuggestionService
from pibdesk.storage.db import Database
from pibdesk.storage.entities import RejectionRepository

FOUNDING = "txt_1583904.txt"


def _revise(raw_dir: Path, tmp_path: Path, corpus: CorpusService, edit: Callable[[str], str]) -> None:
    src = (raw_dir / FOUNDING).read_text(encoding="utf-8")
    out = tmp_path / "rev" / FOUNDING
    out.parent.mkdir(parents=True, exist_ok=True)
    new = edit(src)
    assert new != src
    out.write_text(new, encoding="utf-8")
    res = corpus.import_paths([out]).outcomes[0]
    assert res.status == "revised", res


def _rejected(db: Database, pk: int) -> set[tuple[int, int, str]]:
    with db.session() as s:
        return RejectionRepository(s).for_release(pk)


def _setup(db: Database, raw_dir: Path) -> tuple[CorpusService, SuggestionService, int, list]:  # type: ignore[type-arg]
    corpus, sugg = CorpusService(db), SuggestionService(db)
    pk = corpus.import_paths([raw_dir / FOUNDING]).outcomes[0].release_pk
    assert pk is not None
    statements = [s for s in sugg.for_release(pk) if s.label == STATEMENT]
    assert len(statements) == 2, statements  # both tweet quotes
    sugg.reject(pk, statements)
    assert not [s for s in sugg.for_release(pk) if s.label == STATEMENT]
    return corpus, sugg, pk, statements


def test_rejections_stay_rejected_after_a_word_is_added_elsewhere(
    any_db: Database, raw_dir: Path, tmp_path: Path
) -> None:
    db = any_db  # both engines (issue 16)
    corpus, sugg, pk, statements = _setup(db, raw_dir)
    old_text = corpus.release(pk).text
    # one word added in the first paragraph, before both quotes: the offsets after it shift
    _revise(raw_dir, tmp_path, corpus,
            lambda t: t.replace("The dialogue discussed", "The lengthy dialogue discussed", 1))
    new_text = corpus.release(pk).text
    assert len(new_text) == len(old_text) + len("lengthy ")
    assert new_text.index("lengthy") < min(s.start for s in statements)

    moved = _rejected(db, pk)
    want = {(s.start + 8, s.end + 8, STATEMENT) for s in statements}
    assert moved == want
    for st, en, _ in moved:  # the same words as before, at their new place
        assert new_text[st:en] == old_text[st - 8:en - 8]
    # and the suggester still leaves them out; the Person suggestions are still there
    again = sugg.for_release(pk)
    assert not [s for s in again if s.label == STATEMENT]
    assert any(s.label == "Person" for s in again)


def test_a_rejection_whose_words_were_deleted_disappears(
    any_db: Database, raw_dir: Path, tmp_path: Path
) -> None:
    db = any_db  # both engines (issue 16)
    corpus, sugg, pk, statements = _setup(db, raw_dir)
    old_text = corpus.release(pk).text
    first, second = sorted(statements, key=lambda s: s.start)
    gone = old_text[first.start:first.end]
    assert old_text.count(gone) == 1
    _revise(raw_dir, tmp_path, corpus, lambda t: t.replace(gone, "", 1))
    new_text = corpus.release(pk).text
    assert gone not in new_text

    left = _rejected(db, pk)
    # only the second quote's rejection is carried, onto the same words
    assert len(left) == 1
    (st, en, label), = left
    assert label == STATEMENT and new_text[st:en] == old_text[second.start:second.end]
