"""Revisions never silently move an annotation whose words were deleted (issue 3 audit).

The founding example names "Shri Rajnath Singh" six times and "Shinzo Abe" three times;
an annotation on a deleted or reworded occurrence must be flagged "needs review" at its
expected place, not carried onto another occurrence whose one-sided context looks alike.
"""

from __future__ import annotations

from pathlib import Path

from pibdesk.core.model import NewAnnotation
from pibdesk.core.reanchor import Reanchorer
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.revisions import RevisionService

DELETED = (
    "Earlier, Shri Rajnath Singh paid homage to the martyrs of Japanese Self-Defence "
    "Forces at Ichigaya in Tokyo. "
)
NAME = "Shri Rajnath Singh"


def _import(corpus: CorpusService, path: Path) -> int:
    pk = corpus.import_paths([path]).outcomes[0].release_pk
    assert pk is not None
    return pk


def _revise(raw_dir: Path, tmp_path: Path, corpus: CorpusService, edit) -> str:  # type: ignore[no-untyped-def]
    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    out = tmp_path / "rev" / "txt_1583904.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(edit(src), encoding="utf-8")
    res = corpus.import_paths([out]).outcomes[0]
    assert res.status == "revised", res
    return res.message


def test_deleted_occurrence_is_flagged_not_moved_onto_the_other(any_db, raw_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    corpus, ann = CorpusService(db), AnnotationService(db)
    pk = _import(corpus, raw_dir / "txt_1583904.txt")
    text = corpus.release(pk).text
    earlier = text.index("Earlier, " + NAME) + len("Earlier, ")
    later = text.index("Later, " + NAME) + len("Later, ")
    a_earlier = ann.create(NewAnnotation(pk, earlier, earlier + len(NAME), "Person")).id
    a_later = ann.create(NewAnnotation(pk, later, later + len(NAME), "Person")).id

    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    assert src.count(DELETED) == 1
    _revise(raw_dir, tmp_path, corpus, lambda t: t.replace(DELETED, ""))
    new = corpus.release(pk).text
    assert "Earlier, " + NAME not in new

    kept, moved = ann.get(a_later), ann.get(a_earlier)
    # the surviving occurrence keeps its annotation, unflagged
    at = new.index("Later, " + NAME) + len("Later, ")
    assert (kept.start, kept.end) == (at, at + len(NAME))
    assert not kept.needs_review
    # the deleted one: flagged, not on the "Later" words, no duplicate there
    assert moved.needs_review
    assert (moved.start, moved.end) != (kept.start, kept.end)
    assert not new[moved.start - 10 : moved.end].endswith("Later, " + NAME)
    assert new[moved.start : moved.end] == moved.text
    # it sits where the deleted sentence was: just after the paragraph that preceded it
    assert abs(moved.start - new.index("He also inspected")) <= 2
    people = [a for a in ann.for_release(pk) if a.text == NAME and not a.needs_review]
    assert [a.id for a in people] == [a_later]
    assert [r.annotation_id for r in RevisionService(db).needs_review(pk)] == [a_earlier]


def test_reworded_name_is_flagged_not_moved_to_another_mention(any_db, raw_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    corpus, ann = CorpusService(db), AnnotationService(db)
    pk = _import(corpus, raw_dir / "txt_1583904.txt")
    text = corpus.release(pk).text
    assert text.count("Shinzo Abe") == 3 and text.count("Mr Shinzo Abe.") == 1
    s = text.index("Mr Shinzo Abe.") + 3  # the first mention, "…of Japan, Mr Shinzo Abe."
    abe = ann.create(NewAnnotation(pk, s, s + 10, "Person")).id

    _revise(
        raw_dir,
        tmp_path,
        corpus,
        lambda t: t.replace("Mr Shinzo Abe.", "Mr Abe Shinzo."),
    )
    new = corpus.release(pk).text
    got = ann.get(abe)
    assert got.needs_review
    # still at the reworded mention, not carried to "Mr Shinzo Abe and …" or "… was excellent"
    at = new.index("Mr Abe Shinzo.") + 3
    assert at <= got.start < got.end <= at + 10, (at, new[got.start - 20 : got.end + 20])
    others = [i for i in range(len(new)) if new.startswith("Shinzo Abe", i)]
    assert len(others) == 2 and got.start not in others
    assert new[got.start : got.end] == got.text


def test_two_annotations_landing_on_one_span_flag_the_second(any_db, raw_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A paragraph repeated word for word: deleting one copy leaves both contexts of the
    other copy agreeing, so the deleted copy's annotation would land on the same span
    as the kept one's. The one mapped through unchanged text keeps it; the other is
    flagged at its expected place."""
    db = any_db  # both engines (issue 16)
    corpus, ann = CorpusService(db), AnnotationService(db)
    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    para = "    Shri Rajnath Singh also conveyed to the Prime Minister of Japan"
    assert src.count(para) == 1
    i = src.index(para)
    j = src.index("\n", i)
    paragraph = src[i:j]
    doubled = src[:j] + "\n\n\n" + paragraph + src[j:]
    orig = tmp_path / "orig" / "txt_1583904.txt"
    orig.parent.mkdir(parents=True)
    orig.write_text(doubled, encoding="utf-8")
    pk = _import(corpus, orig)
    text = corpus.release(pk).text
    word = "Prime Minister of Japan"
    first = text.index(paragraph.strip()) + paragraph.strip().index(word)
    second = text.index(paragraph.strip(), first) + paragraph.strip().index(word)
    assert second > first
    a1 = ann.create(NewAnnotation(pk, first, first + len(word), "Topic")).id
    a2 = ann.create(NewAnnotation(pk, second, second + len(word), "Topic")).id

    _revise(raw_dir, tmp_path, corpus, lambda t: t)  # back to a single copy
    new = corpus.release(pk).text
    assert new.count(paragraph.strip()) == 1
    g1, g2 = ann.get(a1), ann.get(a2)
    spans = {(g1.start, g1.end), (g2.start, g2.end)}
    assert len(spans) == 2, "two annotations silently merged onto one span"
    flagged = [g for g in (g1, g2) if g.needs_review]
    kept = [g for g in (g1, g2) if not g.needs_review]
    assert len(flagged) == 1 and len(kept) == 1
    assert kept[0].text == word
    assert new[kept[0].start : kept[0].end] == word


def test_reanchorer_needs_both_sides_of_context() -> None:
    old = "Alpha met the minister. Beta met the minister at noon. Gamma left."
    new = "Alpha met the minister. Gamma left."
    s = old.index("the minister", old.index("Beta"))
    r = Reanchorer(old, new)
    # the prefix "Beta met " resembles "Alpha met " but the suffix does not: no placement
    assert r.place(s, s + 12, "the minister", old[max(0, s - 9) : s], old[s + 12 : s + 24]) is None
    # both sides agree: found, even where the diff alone cannot map it
    moved = "Gamma left. Beta met the minister at noon. Alpha met the minister."
    r2 = Reanchorer(old, moved)
    got = r2.place(s, s + 12, "the minister", old[max(0, s - 9) : s], old[s + 12 : s + 24])
    assert got == (moved.index("the minister"), moved.index("the minister") + 12)
