"""Annotation status of releases: the first annotation starts a release (same
transaction), "done" is the editor's, and the release-list status filter sees both."""

from __future__ import annotations

import pytest

from pibdesk.core.errors import SpanError
from pibdesk.core.model import NewAnnotation, ReleaseStatus
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService, ReleaseFilter

FOUNDING = "txt_1583904.txt"


def _two_releases(db, raw_dir) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    corpus = CorpusService(db)
    other = next(p for p in sorted(raw_dir.glob("txt_*.txt")) if p.name != FOUNDING)
    outs = corpus.import_paths([raw_dir / FOUNDING, other]).outcomes
    assert [o.status for o in outs] == ["imported", "imported"], outs
    a, b = (o.release_pk for o in outs)
    assert a is not None and b is not None
    return a, b


def _ids(corpus: CorpusService, status: ReleaseStatus) -> list[int]:
    return [r.id for r in corpus.summaries(ReleaseFilter(status=status))]


def test_first_annotation_sets_in_progress_and_the_filter_lists_it(db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    corpus, ann = CorpusService(db), AnnotationService(db)
    pk, other = _two_releases(db, raw_dir)
    assert corpus.release(pk).status == ReleaseStatus.NOT_STARTED
    assert _ids(corpus, ReleaseStatus.IN_PROGRESS) == []
    assert sorted(_ids(corpus, ReleaseStatus.NOT_STARTED)) == sorted([pk, other])

    text = corpus.release(pk).text
    s = text.index("Takeshi")
    ann.create(NewAnnotation(pk, s, s + 13, "Person", author="asha"))
    assert corpus.release(pk).status == ReleaseStatus.IN_PROGRESS
    assert corpus.release(other).status == ReleaseStatus.NOT_STARTED
    assert _ids(corpus, ReleaseStatus.IN_PROGRESS) == [pk]
    assert _ids(corpus, ReleaseStatus.NOT_STARTED) == [other]
    assert corpus.count(ReleaseFilter(status=ReleaseStatus.IN_PROGRESS)) == 1

    # a second annotation changes nothing
    s = text.index("Article 370")
    ann.create(NewAnnotation(pk, s, s + 11, "Topic", author="asha"))
    assert _ids(corpus, ReleaseStatus.IN_PROGRESS) == [pk]


def test_refused_annotation_leaves_the_release_not_started(db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    corpus, ann = CorpusService(db), AnnotationService(db)
    pk, _ = _two_releases(db, raw_dir)
    n = len(corpus.release(pk).text)
    with pytest.raises(SpanError):
        ann.create(NewAnnotation(pk, n - 2, n + 5, "Person"))
    assert corpus.release(pk).status == ReleaseStatus.NOT_STARTED
    assert ann.for_release(pk) == []


def test_done_is_kept_by_new_annotations_and_toggles_back(db, raw_dir) -> None:  # type: ignore[no-untyped-def]
    corpus, ann = CorpusService(db), AnnotationService(db)
    pk, other = _two_releases(db, raw_dir)
    assert corpus.toggle_done(pk, "asha") == (ReleaseStatus.NOT_STARTED, ReleaseStatus.DONE)
    assert _ids(corpus, ReleaseStatus.DONE) == [pk]
    text = corpus.release(pk).text
    s = text.index("Takeshi")
    ann.create(NewAnnotation(pk, s, s + 13, "Person", author="asha"))
    assert corpus.release(pk).status == ReleaseStatus.DONE  # "done" stays done
    assert corpus.toggle_done(pk) == (ReleaseStatus.DONE, ReleaseStatus.IN_PROGRESS)
    assert (
        _ids(corpus, ReleaseStatus.IN_PROGRESS) == [pk] and _ids(corpus, ReleaseStatus.DONE) == []
    )
    # set_status returns what it replaced (the GUI's undo restores it)
    assert corpus.set_status(other, ReleaseStatus.DONE) == ReleaseStatus.NOT_STARTED
    assert corpus.set_status(other, ReleaseStatus.NOT_STARTED) == ReleaseStatus.DONE
    assert _ids(corpus, ReleaseStatus.NOT_STARTED) == [other]


def test_cli_sets_and_shows_the_status(db, db_path, raw_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    from pibdesk.cli import main

    pk, _ = _two_releases(db, raw_dir)
    db.dispose()
    base = ["status", "--db", str(db_path), "--release"]
    assert main([*base, "1583904", "done"]) == 0
    assert capsys.readouterr().out.strip() == f"#{pk} (1583904): not_started -> done"
    assert main([*base, f"#{pk}"]) == 0
    assert capsys.readouterr().out.strip() == f"#{pk} (1583904): done"
    assert main([*base, FOUNDING, "in_progress"]) == 0
    assert capsys.readouterr().out.strip().endswith("done -> in_progress")
    assert _ids(CorpusService(db), ReleaseStatus.IN_PROGRESS) == [pk]
    # an unknown release: exit 2, nothing changed, the message names the release
    assert main([*base, "999999", "done"]) == 2
    assert "no release with Release ID 999999" in capsys.readouterr().err
    assert _ids(CorpusService(db), ReleaseStatus.DONE) == []
    with pytest.raises(SystemExit):  # argparse refuses an unknown status
        main([*base, "1583904", "finished"])
