"""The metadata header above the release text: title, ministry, date, ids, sign-off."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from pibdesk.core.model import Release
from pibdesk.ui.release_model import format_ist

#: Display names of the ISO 639 codes PIB publishes in (Manipuri has no 639-1 code).
LANGUAGE_NAMES = {
    "en": "English",
    "hi": "Hindi",
    "ur": "Urdu",
    "bn": "Bengali",
    "pa": "Punjabi",
    "gu": "Gujarati",
    "or": "Odia",
    "ta": "Tamil",
    "te": "Telugu",
    "kn": "Kannada",
    "ml": "Malayalam",
    "mr": "Marathi",
    "as": "Assamese",
    "mni": "Manipuri",
    "kok": "Konkani",
}


def header_html(rel: Release | None, muted: str = "#666666", *, extras_below: bool = False) -> str:
    """Rich text for a release's header (empty prompt for None).

    Line 1 the title, line 2 ministry · posted date
    in IST · bureau, line 3 (in the ``muted`` colour) Release ID · visitors · language ·
    translations · sign-off · text revision. With ``extras_below`` the window shows the
    translations (as links) and the revision (with "What changed") on the line under the
    header (:class:`pibdesk.ui.corpus_tools.ReleaseExtras`), so they are not repeated here.
    """
    if rel is None:
        return f"<span style='color:{muted}'>Choose a release on the left.</span>"
    # sub-headings are not repeated: they open the text just below
    parts = [f"<div style='font-size:13pt; font-weight:600'>{escape(rel.title)}</div>"]
    line2 = [escape(x) for x in (rel.ministry, format_ist(rel.posted_at), rel.bureau) if x]
    if line2:
        parts.append(
            f"<div style='margin-top:4px'>{' &nbsp;·&nbsp; '.join(line2)}</div>"
        )
    facts: list[str] = []
    if rel.release_id is not None:
        facts.append(f"Release ID <b>{rel.release_id}</b>")
    if rel.visitor_count is not None:
        facts.append(f"{rel.visitor_count:,} visitors")
    if rel.language:
        facts.append(escape(LANGUAGE_NAMES.get(rel.language, rel.language)))
    if rel.translations and not extras_below:
        facts.append("also in " + escape(", ".join(t.label for t in rel.translations)))
    if rel.sign_off:
        facts.append(f"sign-off {escape(rel.sign_off)}")
    if rel.revision > 1 and not extras_below:
        facts.append(f"text revision {rel.revision}")
    if facts:
        parts.append(
            f"<div style='color:{muted}; font-size:9.5pt'>{' &nbsp;·&nbsp; '.join(facts)}</div>"
        )
    return "".join(parts)


class ReleaseHeader(QLabel):
    """A compact, selectable, word-wrapped label showing :func:`header_html`.

    ``extras_below`` is set when a :class:`~pibdesk.ui.corpus_tools.ReleaseExtras` line
    sits under the header (see :func:`header_html`).
    """

    extras_below = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseHeader")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # grows to its word-wrapped height at any width (Maximum would clip it in a
        # narrow splitter pane)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setContentsMargins(14, 10, 14, 8)
        self.show_release(None)

    def show_release(self, rel: Release | None) -> None:
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.setText(header_html(rel, muted, extras_below=self.extras_below))
