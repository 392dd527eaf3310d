"""File > Export… and File > Import annotations…: open the two dialogs over a database.

Both dialogs run their work off the GUI thread and report back through their signals
(:mod:`pibdesk.ui.export_dialog`, :mod:`pibdesk.ui.import_annotations_dialog`); this
module only builds their services and connects the result to the window's callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from pibdesk.storage.db import Database


def open_export_dialog(
    parent: QWidget,
    db: Database,
    labels: list[str],
    current: list[int],
    say: Callable[[str, int], None],
) -> QDialog:
    """Open the export dialog (window-modal) over ``db``; ``current`` holds the open
    release's key (preselected as "this release"), ``say`` shows the result line."""
    from pibdesk.services.export import ExportService
    from pibdesk.ui.export_dialog import ExportDialog

    dlg = ExportDialog(ExportService(db), labels, current, parent)
    dlg.exported.connect(
        lambda r: say(f"Wrote {r.releases} releases, {r.annotations} annotations to {r.path}", 8000)
    )
    dlg.open()
    return dlg


def open_import_annotations_dialog(
    parent: QWidget, db: Database, imported: Callable[[object], None]
) -> QDialog:
    """Open the import-annotations dialog (preview, then one transaction); ``imported``
    gets the :class:`~pibdesk.services.annotation_import.AnnotationImportReport` when it is done."""
    from pibdesk.services.annotation_import import AnnotationImportService
    from pibdesk.ui.import_annotations_dialog import ImportAnnotationsDialog

    dlg = ImportAnnotationsDialog(AnnotationImportService(db), parent)
    dlg.imported.connect(imported)
    dlg.open()
    return dlg
