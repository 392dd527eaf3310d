"""Screenshots of the real app for README (issue 7): light and dark main window with an
annotated release, the welcome page, the timeline, the quote ledger and the curation
view (issue 14).

    .venv/bin/python scripts/screenshots.py [--out docs] [--only ledger|curation]

Runs offscreen (no display needed), on a throw-away database loaded with the bundled
samples; the founding example gets annotations of each label, made through the same
service the window uses. Settings go to a temporary INI file, never the user's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: (label, quoted words, occurrence): what the founding example is annotated with.
MARKS = (
    ("Person", "Rajnath Singh", 0),
    ("Person", "Takeshi lwaya", 1),
    ("Person", "Rajnath Singh", 2),
    ("Person", "Shinzo Abe", 0),
    ("Person", "Narendra Modi", 0),
    ("Topic", "Article 370", 0),
    ("Topic", "cross-border terrorism", 0),
    ("Topic", "DefExpo 2020", 0),
    ("Topic", "India-Japan defence cooperation", 0),
    (
        "Statement",
        "talks and cross-border terrorism originating from Pakistan cannot go together",
        0,
    ),
    (
        "Statement",
        "Had an extremely fruitful Ministerial Level Dialogue with Japan’s Defence Minister, "
        "Mr Takeshi Iwaya in Tokyo.",
        0,
    ),
)


def _find(text: str, words: str, nth: int) -> int:
    i = -1
    for _ in range(nth + 1):
        i = text.find(words, i + 1)
        if i < 0:
            raise SystemExit(f"sample text lacks {words!r} (occurrence {nth})")
    return i


#: The curation view's shot (issue 14): (label, words, occurrence, editors who marked it,
#: speaker of a Statement). Two agree on most; each also marks what the other did not.
REVIEW_MARKS = (
    ("Person", "Rajnath Singh", 0, ("Anita Rao", "Vikram Sen"), None),
    ("Person", "Shri Rajnath Singh", 1, ("Vikram Sen",), None),
    ("Person", "Rajnath Singh", 1, ("Anita Rao",), None),
    ("Person", "Takeshi lwaya", 0, ("Anita Rao", "Vikram Sen"), None),
    ("Topic", "Article 370", 0, ("Anita Rao", "Vikram Sen"), None),
    ("Topic", "cross-border terrorism", 0, ("Anita Rao",), None),
    ("Statement", "talks and cross-border terrorism originating from Pakistan cannot go together",
     0, ("Anita Rao",), "Rajnath Singh"),
    ("Statement", "said talks and cross-border terrorism originating from Pakistan cannot go "
     "together", 0, ("Vikram Sen",), "Rajnath Singh"),
    ("Topic", "DefExpo 2020", 0, ("Vikram Sen",), None),
    ("Person", "Shinzo Abe", 0, ("Anita Rao", "Vikram Sen"), None),
    ("Person", "Narendra Modi", 0, ("Anita Rao", "Vikram Sen"), None),
    ("Topic", "Jammu & Kashmir", 0, ("Vikram Sen",), None),
)


def curation_shot(app: object, tmp: Path, out: Path) -> Path:
    """``docs/curation.png``: the founding example annotated independently by two
    editors, opened in the curation view by a reviewer (agreements merged, one
    disagreement accepted, one rejected, the rest open)."""
    from PySide6.QtWidgets import QApplication

    from pibdesk.app import create_main_window, make_demo_database
    from pibdesk.core.model import EntityKind, NewAnnotation, StatementKind
    from pibdesk.core.review import ReviewMode, Status
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.corpus import CorpusService
    from pibdesk.services.entities import EntityService
    from pibdesk.services.review import ReviewService
    from pibdesk.storage.db import Database

    assert isinstance(app, QApplication)
    folder = tmp / "review"
    folder.mkdir()
    path = make_demo_database(folder)
    db = Database(path)
    corpus, anns, review = CorpusService(db), AnnotationService(db), ReviewService(db)
    rel = corpus.release(next(s.id for s in corpus.summaries() if s.release_id == 1583904))
    review.set_mode(rel.id, ReviewMode.INDEPENDENT, by="Meera Iyer")
    people = EntityService(db)
    hits = people.search("Rajnath Singh", EntityKind.PERSON, limit=1)
    rajnath = hits[0].entity.id if hits else people.create(EntityKind.PERSON, "Rajnath Singh").id
    for label, words, nth, editors, speaker in REVIEW_MARKS:
        start = _find(rel.text, words, nth)
        for editor in editors:
            anns.create(
                NewAnnotation(
                    release_pk=rel.id, start=start, end=start + len(words), label=label,
                    author=editor, speaker_id=rajnath if speaker else None,
                    statement_kind=StatementKind.REPORTED if speaker else None,
                )
            )
    review.merge_agreements(rel.id, "Meera Iyer")
    rows = review.curation(rel.id).rows
    dis = [r for r in rows if r.status is Status.DISAGREED]
    review.accept(rel.id, dis[0].candidate, "Meera Iyer")
    review.reject(rel.id, dis[1].candidate, "Meera Iyer")
    db.dispose()

    win = create_main_window(path, author="Meera Iyer")
    win.desktop.apply_theme("light", store=False)
    win.select_release(rel.id)
    cur = win.review_tools.open_curation(rel.id)
    assert cur is not None
    cur.resize(1320, 800)
    app.processEvents()
    open_row = next(
        i for i, r in enumerate(cur.model_.rows) if r.status is Status.DISAGREED and r.is_open
        and r.candidate.label == "Statement"
    )
    cur.table.selectRow(open_row)
    app.processEvents()
    target = out / "curation.png"
    cur.grab().save(str(target))
    print(f"wrote {target}")
    cur.close()
    win.close()
    app.processEvents()
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs"))
    ap.add_argument(
        "--only", choices=["ledger", "curation"], help="take only this screenshot"
    )
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="pibdesk-shots-"))

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from pibdesk.ui import prefs

    prefs.OVERRIDE_PATH = str(tmp / "settings.ini")
    prefs.set_editor_name("Anita Rao")
    app = QApplication.instance() or QApplication(["pibdesk"])
    app.setApplicationName("pibdesk")
    if args.only == "ledger":
        ledger_shot(app, out, tmp)
        return 0
    if args.only == "curation":
        curation_shot(app, tmp, out)
        return 0

    from pibdesk.app import create_main_window, make_demo_database
    from pibdesk.core.model import NewAnnotation
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.corpus import CorpusService
    from pibdesk.storage.db import Database

    # welcome page: an empty database
    empty = tmp / "pibdesk.db"
    win = create_main_window(empty)
    win.resize(1280, 800)
    win.desktop.apply_theme("light", store=False)
    win.show()
    app.processEvents()
    win.grab().save(str(out / "welcome.png"))
    win.close()
    win.deleteLater()
    app.processEvents()

    path = make_demo_database(tmp)
    db = Database(path)
    corpus, anns = CorpusService(db), AnnotationService(db)
    founding = next(s for s in corpus.summaries() if s.release_id == 1583904)
    rel = corpus.release(founding.id)
    for label, words, nth in MARKS:
        start = _find(rel.text, words, nth)
        anns.create(
            NewAnnotation(
                release_pk=rel.id, start=start, end=start + len(words), label=label,
                author="Anita Rao",
            )
        )
    # a few on another release, so the timeline has more than one month
    for s in corpus.summaries():
        if s.id == rel.id:
            continue
        other = corpus.release(s.id)
        if other.has_text and "Minister" in other.text:
            i = other.text.find("Minister")
            anns.create(
                NewAnnotation(release_pk=other.id, start=i, end=i + 8, label="Topic", author="x")
            )
    db.dispose()

    win = create_main_window(path)
    win.resize(1400, 860)
    win.show()
    win.select_release(rel.id)
    from PySide6.QtWidgets import QDockWidget

    docks = win.findChildren(QDockWidget)
    for d in docks:  # the main shots show the release list, the text and the panel
        d.hide()
    app.processEvents()
    for kind in ("light", "dark"):
        win.desktop.apply_theme(kind, store=False)
        win.text_view.set_current_annotation(None, scroll=False)
        win.panel.clearSelection()
        win.desktop.step_annotation(+1)
        win.desktop.step_annotation(+1)  # the outlined one: Takeshi lwaya
        win.text_view.verticalScrollBar().setValue(0)
        app.processEvents()
        win.grab().save(str(out / f"main-{kind}.png"))
        print(f"wrote {out / f'main-{kind}.png'}")

    # the timeline: the window's Timeline dock, engagements per label (light look)
    win.desktop.apply_theme("light", store=False)
    view = win.timeline_view
    done: list[bool] = []
    view.updated.connect(lambda: done.append(True))
    win.resize(1400, 1000)
    win.timeline_dock.show()
    win.resizeDocks([win.timeline_dock], [560], Qt.Orientation.Vertical)
    view.pick("Person", "Statement", "Topic")
    done.clear()
    view.refresh()
    import time

    deadline = time.monotonic() + 60
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    win.grab().save(str(out / "timeline.png"))
    print(f"wrote {out / 'timeline.png'}")
    win.desktop.apply_theme("dark", store=False)  # the chart follows the dark look too
    app.processEvents()
    win.grab().save(str(out / "timeline-dark.png"))
    print(f"wrote {out / 'timeline-dark.png'}")
    win.desktop.apply_theme("light", store=False)
    win.close()
    app.processEvents()
    ledger_shot(app, out, tmp)
    curation_shot(app, tmp, out)
    return 0


def ledger_shot(app: object, out: Path, tmp: Path) -> None:
    """docs/ledger.png: View > Quote ledger over real releases (the corpus in ../shared
    when present, else the samples), every suggested Statement accepted as an editor
    would, the founding example open above."""
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDockWidget

    from pibdesk.app import create_main_window
    from pibdesk.config import samples_dir
    from pibdesk.core.model import EntityKind
    from pibdesk.services.annotations import AnnotationService
    from pibdesk.services.corpus import CorpusService
    from pibdesk.services.entities import EntityService
    from pibdesk.services.suggestions import SuggestionService
    from pibdesk.storage.db import Database

    assert isinstance(app, QApplication)
    corpus_dir = ROOT.parent / "shared" / "corpus"
    sources = (
        [corpus_dir / "raw", corpus_dir / "datasets" / "pib_direct_2026_articles.jsonl"]
        if corpus_dir.is_dir() else [samples_dir()]
    )
    path = tmp / "ledger.db"
    db = Database(path)
    db.migrate()
    corpus = CorpusService(db)
    corpus.import_paths(sources)
    svc = SuggestionService(db)
    anns, ents = AnnotationService(db), EntityService(db)
    topics = {t: ents.create(EntityKind.TOPIC, t).id
              for t in ("India-Japan defence ties", "COVID-19 warriors", "Armed forces")}
    founding = None
    for s in corpus.summaries():
        if s.release_id == 1583904:
            founding = s.id
        if not s.has_text:
            continue
        for g in svc.for_release(s.id):
            if g.label == "Statement" and g.speaker_id is not None:
                a = svc.accept(s.id, g, author="Anita Rao").annotation
                # an editor's topic links (Annotate > the Statement's topic)
                topic = ("India-Japan defence ties" if s.release_id == 1583904
                         else "COVID-19 warriors" if "Corona" in a.text
                         else "Armed forces" if "soldiers" in a.text else None)
                if topic is not None:
                    anns.update(a.id, a.row_version, topic_id=topics[topic], editor="Anita Rao")
    db.dispose()

    win = create_main_window(path)
    win.resize(1500, 980)
    win.desktop.apply_theme("light", store=False)
    win.show()
    for d in win.findChildren(QDockWidget):
        d.hide()
    if founding is not None:
        win.select_release(founding)
    view = win.ledger_view
    done: list[bool] = []
    view.loaded.connect(lambda: done.append(True))
    win.ledger_dock.toggleViewAction().trigger()
    deadline = time.monotonic() + 120
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    win.resizeDocks([win.ledger_dock], [600], Qt.Orientation.Vertical)
    app.processEvents()
    row = next((i for i in range(view.model.rowCount())
                if view.model.row(i).release_id == 1583904), 0)
    view.select_annotation(view.model.row(row).annotation_id)
    view.open_row(row)
    view.table.setFocus()
    app.processEvents()
    win.grab().save(str(out / "ledger.png"))
    print(f"wrote {out / 'ledger.png'}")
    win.close()
    app.processEvents()


if __name__ == "__main__":
    raise SystemExit(main())
