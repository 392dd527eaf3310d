"""The line under the release header (other language versions, revision, annotations
needing review) and the "what changed" view between two revisions.

Object names for automation: ``releaseExtras``, ``revisionDiff``.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pibdesk.core.model import Release


# --------------------------------------------------------------------------- header extras
class DiffDialog(QDialog):
    """Side-by-side "what changed" between two revisions (``difflib.HtmlDiff``)."""

    def __init__(self, html: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionDiff")
        self.setWindowTitle(title)
        self.view = QTextBrowser()
        self.view.setObjectName("revisionDiffView")
        style = (
            "<style>table.diff{font-family:monospace; font-size:9pt} .diff_add{background:#cfc}"
            " .diff_chg{background:#ffa} .diff_sub{background:#fcc} td{padding:0 4px}</style>"
        )
        self.view.setHtml(style + html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.resize(1100, 600)


class ReleaseExtras(QLabel):
    """A line under the header: revision with a "What changed" link, annotations needing
    review, and "Other languages" links to the translations stored in the corpus.

    ``openRelease(pk)``, ``showDiff()`` and ``showReview()`` are emitted when a link
    is clicked.
    """

    openRelease = Signal(int)
    showDiff = Signal()
    showReview = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseExtras")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setContentsMargins(14, 0, 14, 6)
        self.setStyleSheet("color:#555; font-size:9.5pt")
        self.linkActivated.connect(self._on_link)
        self.hide()

    def set_content(self, rel: Release, links: list[tuple[str, int | None]], review: int) -> None:
        """Show ``rel``'s revision facts and language links (``(label, pk or None)``)."""
        parts: list[str] = []
        if rel.revision > 1:
            parts.append(f"Revision {rel.revision} · <a href='diff'>What changed</a>")
        if review:
            parts.append(
                f"<a href='review' style='color:#a33'>{review} annotation(s) need review</a>"
            )
        if links:
            shown = [
                f"<a href='open:{pk}'>{escape(label)}</a>" if pk is not None else escape(label)
                for label, pk in links
            ]
            parts.append("Other languages: " + ", ".join(shown))
        if not rel.has_text:
            parts.append("<i>Text not yet imported</i>")
        self.setText(" &nbsp;·&nbsp; ".join(parts))
        self.setVisible(bool(parts))

    def _on_link(self, href: str) -> None:
        if href == "diff":
            self.showDiff.emit()
        elif href == "review":
            self.showReview.emit()
        elif href.startswith("open:"):
            self.openRelease.emit(int(href[5:]))
