"""Edit > Settings… (objectName ``settingsDialog``), issue 7.

* Labels: colour (``QColorDialog``) and key of each label: the work's, stored in the
  database through :class:`pibdesk.services.settings.SettingsService`.
* Default timeline bucket: the work's, in the database.
* The editor's name: this machine's, in QSettings (:mod:`pibdesk.ui.prefs`).

:meth:`SettingsDialog.save` stores everything or, on a bad value, nothing, and says why.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.errors import PibdeskError
from pibdesk.core.model import Label
from pibdesk.core.timeline import Bucket
from pibdesk.services.settings import LabelStyle, SettingsService, check_label_styles
from pibdesk.ui import prefs
from pibdesk.ui.icons import label_icon


class SettingsDialog(QDialog):
    """Widgets by objectName: ``colorButton<Label>``, ``keyEdit<Label>``, ``editorName``,
    ``timelineBucket``. After :meth:`save` succeeded, :attr:`labels` is the new schema."""

    def __init__(self, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.service = service
        self.labels: list[Label] = service.labels()
        self._colors: dict[str, str] = {lab.name: lab.color for lab in self.labels}
        self.color_buttons: dict[str, QPushButton] = {}
        self.key_edits: dict[str, QLineEdit] = {}

        box = QGroupBox("Labels (kept in the database, shared by everyone using it)")
        grid = QGridLayout(box)
        grid.addWidget(QLabel("<b>Label</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Colour</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Key</b>"), 0, 2)
        for i, lab in enumerate(self.labels, start=1):
            grid.addWidget(QLabel(lab.name), i, 0)
            b = QPushButton(lab.color)
            b.setObjectName(f"colorButton{lab.name}")
            b.setIcon(label_icon(lab.name, lab.color))
            b.clicked.connect(lambda _=False, n=lab.name: self.pick_color(n))
            self.color_buttons[lab.name] = b
            grid.addWidget(b, i, 1)
            e = QLineEdit(lab.shortcut or "")
            e.setObjectName(f"keyEdit{lab.name}")
            e.setMaxLength(1)
            e.setFixedWidth(48)
            self.key_edits[lab.name] = e
            grid.addWidget(e, i, 2)

        work = QGroupBox("Timeline (kept in the database)")
        wf = QFormLayout(work)
        self.bucket = QComboBox()
        self.bucket.setObjectName("timelineBucket")
        for b_ in Bucket:
            self.bucket.addItem(b_.value, b_.value)
        self.bucket.setCurrentIndex(self.bucket.findData(service.timeline_bucket().value))
        wf.addRow("Default bucket:", self.bucket)

        me = QGroupBox("You (kept on this computer)")
        mf = QFormLayout(me)
        self.editor = QLineEdit(prefs.editor_name())
        self.editor.setObjectName("editorName")
        self.editor.setPlaceholderText("your name, stamped on every annotation you make")
        mf.addRow("Editor's name:", self.editor)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (box, work, me, buttons):
            lay.addWidget(w)

    def set_color(self, name: str, color: str) -> None:
        """Choose ``color`` (``#rrggbb``) for label ``name`` (not stored until :meth:`save`)."""
        self._colors[name] = QColor(color).name()
        b = self.color_buttons[name]
        b.setText(self._colors[name])
        b.setIcon(label_icon(name, self._colors[name]))

    def pick_color(self, name: str) -> None:
        c = QColorDialog.getColor(QColor(self._colors[name]), self, f"Colour of {name}")
        if c.isValid():
            self.set_color(name, c.name())

    def styles(self) -> list[LabelStyle]:
        """The label styles as edited now."""
        return [
            LabelStyle(lab.name, self._colors[lab.name], self.key_edits[lab.name].text() or None)
            for lab in self.labels
        ]

    def save(self) -> list[Label]:
        """Store the edited settings; returns the new label schema.

        Raises :class:`PibdeskError` (nothing stored) for a bad colour, key or bucket.
        """
        styles = check_label_styles(self.styles())
        name = self.editor.text().strip()
        self.labels = self.service.save_label_styles(styles)
        self.service.set_timeline_bucket(str(self.bucket.currentData()))
        if name:
            prefs.set_editor_name(name)
        return self.labels

    def _on_save(self) -> None:
        try:
            self.save()
        except PibdeskError as e:
            QMessageBox.warning(self, "Settings not saved", str(e))
            return
        self.accept()


def label_summary(labels: Sequence[Label]) -> str:
    """``"P Person, S Statement, T Topic"``: the keys of a schema, for hints."""
    return ", ".join(f"{lab.shortcut} {lab.name}" for lab in labels if lab.shortcut)
