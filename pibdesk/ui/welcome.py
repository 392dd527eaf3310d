"""The first-run page (objectName ``welcomePage``), shown while the database holds no
releases: where the database lives, "Load sample releases", "Import a folder…", and the
label keys of the schema (issue 7)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.model import Label
from pibdesk.ui.icons import app_icon, icon, label_icon


class WelcomePage(QWidget):
    """Signals: ``loadSamplesRequested``, ``importFolderRequested``.

    ``database`` is the path or URL (without password) shown to the editor; ``labels``
    the schema whose keys are listed.
    """

    loadSamplesRequested = Signal()
    importFolderRequested = Signal()

    def __init__(
        self, database: str, labels: Sequence[Label], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        card.setBackgroundRole(QPalette.ColorRole.Base)
        card.setAutoFillBackground(True)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(32, 28, 32, 28)
        lay.setSpacing(14)

        top = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            "<div style='font-size:18pt; font-weight:600'>Welcome to pibdesk</div>"
            "<div>Mark people, statements and topics in PIB press releases.</div>"
        )
        title.setWordWrap(True)
        top.addWidget(title, 1)
        lay.addLayout(top)

        self.db_label = QLabel()
        self.db_label.setObjectName("welcomeDatabase")
        self.db_label.setWordWrap(True)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.db_label)
        self.set_database(database)

        buttons = QHBoxLayout()
        self.samples_button = QPushButton(icon("samples"), "Load sample releases")
        self.samples_button.setObjectName("loadSamplesButton")
        self.samples_button.setDefault(True)
        self.samples_button.clicked.connect(self.loadSamplesRequested)
        self.import_button = QPushButton(icon("import"), "Import a folder…")
        self.import_button.setObjectName("importFolderButton")
        self.import_button.clicked.connect(self.importFolderRequested)
        for b in (self.samples_button, self.import_button):
            b.setMinimumHeight(34)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        keys_title = QLabel("<b>Then select text and press a label key:</b>")
        lay.addWidget(keys_title)
        self.keys_box = QVBoxLayout()
        self.keys_box.setSpacing(6)
        lay.addLayout(self.keys_box)
        self.set_labels(labels)
        more = QLabel(
            "Select with the mouse, or with <b>Shift+arrows</b> from the caret. "
            "<b>Tab</b>/<b>Shift+Tab</b> step through annotations, <b>Del</b> removes one, "
            "<b>Ctrl+Z</b> undoes. <b>F1</b> lists every shortcut."
        )
        more.setWordWrap(True)
        lay.addWidget(more)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_database(self, database: str) -> None:
        """Show where the database lives."""
        self.db_label.setText(
            f"Your work is kept in the database<br><code>{escape(database)}</code><br>"
            "It holds no releases yet."
        )

    def set_labels(self, labels: Sequence[Label]) -> None:
        """List each label with its key and colour chip."""
        while self.keys_box.count():
            item = self.keys_box.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.key_labels: list[QLabel] = []
        for lab in labels:
            line = QWidget()
            h = QHBoxLayout(line)
            h.setContentsMargins(8, 0, 0, 0)
            chip = QLabel()
            chip.setPixmap(label_icon(lab.name, lab.color).pixmap(20, 20))
            h.addWidget(chip)
            key = lab.shortcut or "—"
            text = QLabel(f"<b style='font-size:12pt'>{escape(key)}</b>&nbsp;&nbsp;{escape(lab.name)}")
            text.setObjectName(f"welcomeKey{lab.name}")
            h.addWidget(text, 1)
            self.key_labels.append(text)
            self.keys_box.addWidget(line)
