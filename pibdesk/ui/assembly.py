"""Builds a main window with all its parts: the top of the ``ui`` package.

:class:`~pibdesk.ui.main_window.MainWindow` is the annotation window itself and knows
none of its parts; each part takes the window and adds its widgets, menus and docks.
:func:`build_main_window` adds them in this order (menus and docks appear in it):

1. Annotate > Mark release done (:mod:`pibdesk.ui.release_status`);
2. team mode: live updates, connection banner, claim (:mod:`pibdesk.ui.team_mode`);
3. corpus tools: search, filters, background import, revisions line
   (:mod:`pibdesk.ui.corpus_tools`);
4. the Timeline dock (:mod:`pibdesk.ui.timeline_view`);
5. entity tools: Entities, Offices and Suggestions docks, pickers
   (:mod:`pibdesk.ui.entity_tools`);
6. the Quote ledger dock (:mod:`pibdesk.ui.ledger_view`);
7. the Review menu: independent annotation, curation view, agreement
   (:mod:`pibdesk.ui.review_tools`);
8. label changes and boundary moves of the selected annotation (:mod:`pibdesk.ui.span_edit`);

then connects the window's signals to the parts that follow them, and opens the first
release. The desktop habits (welcome page, theme, recent databases) and File > Restore
come after, from the composition root (:func:`pibdesk.app.create_main_window`), which
knows the database's name.
"""

from __future__ import annotations

from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.ui.annotation_details import install_annotation_details
from pibdesk.ui.corpus_tools import install_corpus_tools
from pibdesk.ui.entity_tools import install_entity_tools
from pibdesk.ui.ledger_view import install_ledger
from pibdesk.ui.main_window import MainWindow
from pibdesk.ui.release_status import MarkDoneAction
from pibdesk.ui.review_tools import install_review_tools
from pibdesk.ui.span_edit import install_span_edit
from pibdesk.ui.team_mode import install_team_mode
from pibdesk.ui.timeline_view import install_timeline


def build_main_window(
    corpus: CorpusService, annotations: AnnotationService, author: str
) -> MainWindow:
    """A :class:`MainWindow` over the two services with every part installed and the
    first release open (not shown yet). ``author`` is stamped on new annotations."""
    window = MainWindow(corpus, annotations, author)
    window.mark_done = MarkDoneAction(window, window.annotate_menu)  # type: ignore[attr-defined]
    install_team_mode(window)
    tools = install_corpus_tools(window)
    window.corpus_tools = tools  # type: ignore[attr-defined]
    window.filter_sources.append(tools.filter_values)
    window.importRequested.connect(tools.import_files_dialog)
    # looked up at each call (not bound now), so a wrapper set later is called
    # (benchmarks/bench_open_release.py times the parts' show_release this way)
    window.releaseShown.connect(lambda rel: tools.show_release(rel))
    window.timeline_dock = install_timeline(window)  # type: ignore[attr-defined]
    entities = install_entity_tools(window)
    window.entity_tools = entities  # type: ignore[attr-defined]
    window.releaseShown.connect(lambda rel: entities.show_release(rel))
    window.annotationMarked.connect(lambda ann: entities.after_mark(ann))
    install_ledger(window)  # window.ledger_view, window.ledger_dock
    window.review_tools = install_review_tools(window)  # type: ignore[attr-defined]
    span_editor = install_span_edit(window)  # window.span_editor
    install_annotation_details(window)  # window.annotation_details
    span_editor.relabelled.connect(lambda ann: entities.after_mark(ann))
    window.open_first_release()
    return window
