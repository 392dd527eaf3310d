"""Revisions: the founding example, annotated, then re-imported corrected."""

from __future__ import annotations

from pathlib import Path

from pibdesk.core.model import NewAnnotation
from pibdesk.core.reanchor import Reanchorer, reanchor
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.revisions import RevisionService
from pibdesk.services.search import SearchService

INSERTED = (
    "Both Ministers also reviewed progress on Article 370 related briefings for Japanese investors."
)
DELETED = "Earlier, Shri Rajnath Singh paid homage to the martyrs of Japanese Self-Defence Forces at Ichigaya in Tokyo. "


def _corrected_copy(raw_dir: Path, tmp_path: Path) -> Path:
    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    marker = "    Raksha Mantri also discussed abrogation of Article 370"
    assert src.count(marker) == 1 and src.count(DELETED) == 1
    fixed = (
        src.replace("lwaya", "Iwaya")
        .replace(marker, f"    {INSERTED}\n\n\n{marker}")
        .replace(DELETED, "")
    )
    out = tmp_path / "corrected" / "txt_1583904.txt"
    out.parent.mkdir(parents=True)
    out.write_text(fixed, encoding="utf-8")
    return out


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i, i + len(needle)


def test_founding_example_revision_carries_annotations(any_db, raw_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = any_db  # both engines (issue 16)
    corpus, ann = CorpusService(db), AnnotationService(db)
    pk = corpus.import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    rel = corpus.release(pk)
    text = rel.text
    title_end = len(rel.title)
    spans = {
        "title": _span(text, "Japan – India Defence Ministerial Meeting"),
        "iwaya": _span(text, "Takeshi lwaya", 1),  # the first body paragraph's
        "art370": _span(text, "Article 370", 0),  # paragraph 3 (it recurs in paragraph 5)
        "art370b": _span(text, "Article 370", 1),
        "deleted": _span(text, "martyrs of Japanese Self-Defence Forces at Ichigaya"),
    }
    assert spans["title"][1] <= title_end and spans["iwaya"][0] > title_end
    ids = {
        k: ann.create(NewAnnotation(pk, s, e, "Topic" if "art" in k else "Person")).id
        for k, (s, e) in spans.items()
    }

    out = corpus.import_paths([_corrected_copy(raw_dir, tmp_path)]).outcomes[0]
    assert out.status == "revised" and out.needs_review == 1, out
    new = corpus.release(pk)
    assert new.revision == 2 and "lwaya" not in new.text
    got = {k: ann.get(i) for k, i in ids.items()}
    for k, a in got.items():
        assert new.text[a.start : a.end] == a.text, k
    assert got["title"].text == "Japan – India Defence Ministerial Meeting"
    assert got["title"].end <= len(new.title) and not got["title"].needs_review
    # same words of the new revision, corrected spelling included, same occurrence
    assert (got["iwaya"].start, got["iwaya"].end) == _span(new.text, "Takeshi Iwaya", 1)
    assert new.text[got["iwaya"].end :].startswith(" in Tokyo today")
    assert got["art370"].text == "Article 370" and not got["art370"].needs_review
    assert new.text[got["art370"].start - 30 : got["art370"].start].endswith(
        "also discussed abrogation of "
    )
    assert got["art370b"].text == "Article 370"
    assert new.text[got["art370b"].end :].startswith(" benefits the people")
    # the deleted words: kept, flagged, listed; never dropped
    assert got["deleted"].needs_review and all(
        not got[k].needs_review for k in ("title", "iwaya", "art370", "art370b")
    )
    review = RevisionService(db).needs_review(pk)
    assert [r.annotation_id for r in review] == [ids["deleted"]]
    assert len(ann.for_release(pk)) == 5

    # revisions and what changed
    revs = RevisionService(db).revisions(pk)
    assert [r.number for r in revs] == [1, 2]
    changes = RevisionService(db).changes(pk, 1, 2)
    assert any(INSERTED in c.new for c in changes)
    assert any("Ichigaya" in c.old for c in changes)
    html = RevisionService(db).diff_html(pk, 1, 2)
    assert "<table" in html and "Ichigaya" in html

    # the search index followed the revision in the same transaction
    search = SearchService(db)
    assert search.search("lwaya") == []
    assert [h.pk for h in search.search("Iwaya")] == [pk]
    assert search.search("Ichigaya") == []

    # the same corrected copy again: nothing changes; the original again: an older revision
    assert (
        corpus.import_paths([_corrected_copy(raw_dir, tmp_path / "x")]).outcomes[0].status
        == "present"
    )
    again = corpus.import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0]
    assert again.status == "present" and "revision 1" in again.message
    assert corpus.release(pk).revision == 2


def test_reanchor_diff_mapping_keeps_the_occurrence() -> None:
    old = "A cat. B cat. C cat."
    new = "A cat. New cat here. B cat. C cat."
    s = old.index("cat", 8)  # B's cat
    assert reanchor(old, new, s, s + 3, "cat", old[:s], old[s + 3 :]) == (
        new.index("B cat") + 2,
        new.index("B cat") + 5,
    )


def test_reanchor_internal_change_and_deletion() -> None:
    old = "Mr Takeshi lwaya met Mr Abe in Tokyo. Then he left for Osaka by train."
    new = "Mr Takeshi Iwaya met Mr Abe in Tokyo."
    r = Reanchorer(old, new)
    s = old.index("Takeshi")
    assert r.place(s, s + 13, "Takeshi lwaya", old[:s], old[s + 13 :]) == (3, 16)
    s = old.index("Osaka by train")
    assert r.place(s, s + 14, "Osaka by train", old[s - 20 : s], old[s + 14 :]) is None


def test_reanchor_moved_paragraph_found_by_quote_and_context() -> None:
    old = "First paragraph about budgets.\n\nSecond paragraph on Article 370 today.\n\nThird."
    new = "Second paragraph on Article 370 today.\n\nFirst paragraph about budgets.\n\nThird."
    s = old.index("Article 370")
    got = reanchor(old, new, s, s + 11, "Article 370", old[s - 20 : s], old[s + 11 : s + 31])
    assert got == (new.index("Article 370"), new.index("Article 370") + 11)


def test_reanchor_fuzzy_needs_context() -> None:
    old = "The Raksha Mantri visited Lucknow for DefExpo 2020 on Monday."
    new = "The Raksha Mantri visited Lucknow for DefExpo-2020 on Monday."
    s = old.index("DefExpo 2020")
    got = reanchor(old, new, s, s + 12, "DefExpo 2020", old[:s], old[s + 12 :])
    assert got is not None and new[got[0] : got[1]] == "DefExpo-2020"
    assert (
        reanchor(
            old,
            "Completely different words here.",
            s,
            s + 12,
            "DefExpo 2020",
            old[:s],
            old[s + 12 :],
        )
        is None
    )
