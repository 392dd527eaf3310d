"""The composition root: demo database, first-run offer of the samples, samples folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox


def test_samples_are_unchanged_corpus_files(raw_dir: Path) -> None:
    from pibdesk.ui.main_window import sample_files

    files = sample_files()
    assert len(files) >= 5
    assert "txt_1583904.txt" in {f.name for f in files}
    for f in files:
        assert f.read_bytes() == (raw_dir / f.name).read_bytes(), f.name


def test_demo_database_holds_the_samples(tmp_path: Path, qapp: Any) -> None:
    from pibdesk.app import make_demo_database
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database
    from pibdesk.ui.main_window import sample_files

    path = make_demo_database(tmp_path)
    db = Database(path)
    try:
        rows = CorpusService(db).summaries()
    finally:
        db.dispose()
    assert len(rows) == len(sample_files())
    assert 1583904 in {r.release_id for r in rows}
    assert "hi" in {r.language for r in rows}


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_first_run_offers_the_samples(
    answer: QMessageBox.StandardButton,
    open_window: Any,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def fake_question(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", fake_question)
    win = open_window(db_path)
    assert win.release_model.total() == 0
    assert win.offer_samples() is (answer == QMessageBox.StandardButton.Yes)
    assert len(asked) == 1 and "sample" in asked[0]
    if answer == QMessageBox.StandardButton.Yes:
        assert win.release_model.total() >= 5
        assert win.current_release() is not None  # the first one opens
        assert win.offer_samples() is False  # not asked again once there are releases
        assert len(asked) == 1
    else:
        assert win.release_model.total() == 0
