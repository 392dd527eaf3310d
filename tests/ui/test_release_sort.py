"""The release list sorts in the database, paged: the order the model shows, fetched batch
by batch, is Python's case-folded order of the corpus releases (ties by key), ascending
and descending, for every sortable column; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from pibdesk.core.model import ParsedRelease, ReleaseSummary
from pibdesk.services.corpus import CorpusService
from pibdesk.ui.release_model import (
    COL_COUNT,
    COL_EDITOR,
    COL_MINISTRY,
    COL_POSTED,
    COL_TITLE,
    ReleaseTableModel,
)

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _text_key(value: str | None) -> tuple[int, str]:
    return (0, "") if value is None else (1, value.casefold())  # a missing value first


#: Python's order of each column (ascending); ties by release key.
KEYS: dict[int, Any] = {
    COL_TITLE: lambda s: (_text_key(s.title), s.id),
    COL_MINISTRY: lambda s: (_text_key(s.ministry), s.id),
    COL_EDITOR: lambda s: (_text_key(s.claimed_by), s.id),
    COL_COUNT: lambda s: (s.annotation_count, s.id),
    COL_POSTED: lambda s: ((0, 0.0) if s.posted_at is None else (1, s.posted_at.timestamp()), s.id),
}


@pytest.fixture()
def corpus(any_db, corpus_dir):  # type: ignore[no-untyped-def]
    """The raw corpus and the PIB-Direct dataset (600 releases) with a few claims and
    annotations, so every column has distinct values and ties."""
    svc = CorpusService(any_db)
    rep = svc.import_paths(
        [corpus_dir / "raw", corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl"]
    )
    assert rep.count("imported") > 500
    return svc


def _all_rows(model: ReleaseTableModel) -> list[ReleaseSummary]:
    while model.canFetchMore():
        model.fetchMore()
    return [model.summary(r) for r in range(model.rowCount())]


@pytest.mark.parametrize("column", [COL_TITLE, COL_MINISTRY, COL_POSTED, COL_COUNT, COL_EDITOR])
def test_model_order_is_python_casefold_order(qtbot, corpus, column, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ReleaseTableModel, "BATCH", 64)  # many pages
    everything = corpus.summaries()
    assert len(everything) > 500
    model = ReleaseTableModel(corpus)
    for order in (ASC, DESC):
        model.sort(column, order)
        assert model.rowCount() == 64  # one page read, not every summary
        got = [s.id for s in _all_rows(model)]
        want = [s.id for s in sorted(everything, key=KEYS[column], reverse=order == DESC)]
        assert got == want
    # the displayed titles follow too (the first page, as the editor sees it)
    if column == COL_TITLE:
        model.sort(COL_TITLE, ASC)
        shown = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
        assert shown == sorted(shown, key=str.casefold)
        assert len({t.casefold()[:1] for t in shown}) > 1


def test_case_and_ties(qtbot, any_db) -> None:  # type: ignore[no-untyped-def]
    """Lower-case titles sort among upper-case ones (not after "Z"); equal keys by id;
    releases without a ministry come first."""
    svc = CorpusService(any_db)
    for i, (title, ministry) in enumerate(
        [("zebra crossing", "b"), ("Apple orchard", None), ("apple orchard", "A"), ("Mango", "a")]
    ):
        svc.import_parsed(
            ParsedRelease(
                title=title, text=f"{title} text {i}", release_id=9_000_000 + i,
                ministry=ministry, source=f"r{i}.txt",
            )
        )  # fmt: skip
    model = ReleaseTableModel(svc)
    model.sort(COL_TITLE, ASC)
    titles = [s.title for s in _all_rows(model)]
    assert titles == ["Apple orchard", "apple orchard", "Mango", "zebra crossing"]
    model.sort(COL_TITLE, DESC)
    assert [s.title for s in _all_rows(model)] == titles[::-1]
    model.sort(COL_MINISTRY, ASC)
    assert [s.ministry for s in _all_rows(model)] == [None, "A", "a", "b"]


def test_unknown_sort_is_refused(any_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown sort 'colour'"):
        CorpusService(any_db).summaries(sort="colour")
