"""The light and the dark look (View > Theme: System / Light / Dark), issue 7.

Both looks use Qt's Fusion style with an explicit palette, so they read the same on
every platform. *System* follows the platform's colour scheme
(``QStyleHints.colorScheme()``, Qt >= 6.5; https://doc.qt.io/qt-6/qstylehints.html#colorScheme-prop)
and switches when it changes. Label colours are chosen to read on both: the text view
paints them as translucent fills under the glyphs plus solid bars, so the text keeps the
palette's text colour.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

LIGHT, DARK, SYSTEM = "light", "dark", "system"

_LIGHT = {
    "window": "#f3f4f6",
    "base": "#ffffff",
    "alt": "#f6f7f9",
    "text": "#1d1f23",
    "button": "#eceef1",
    "highlight": "#2f6fb3",
    "htext": "#ffffff",
    "muted": "#5b6270",
    "link": "#1f5fa8",
    "light": "#ffffff",
    "mid": "#c4c8ce",
    "dark": "#9aa0a8",
    "tip": "#fffbe6",
}
_DARK = {
    "window": "#23262b",
    "base": "#1a1c20",
    "alt": "#22252a",
    "text": "#e6e8eb",
    "button": "#2d3137",
    "highlight": "#3d7bc4",
    "htext": "#ffffff",
    "muted": "#9aa1ab",
    "link": "#79aef0",
    "light": "#3a3f46",
    "mid": "#4a5059",
    "dark": "#14161a",
    "tip": "#2d3137",
}


def palette_for(kind: str) -> QPalette:
    """The palette of ``light`` or ``dark`` (raises ValueError for anything else)."""
    if kind not in (LIGHT, DARK):
        raise ValueError(f"no palette {kind!r}")
    c = {k: QColor(v) for k, v in (_LIGHT if kind == LIGHT else _DARK).items()}
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    p = QPalette()
    for role, key in (
        (R.Window, "window"),
        (R.WindowText, "text"),
        (R.Base, "base"),
        (R.AlternateBase, "alt"),
        (R.Text, "text"),
        (R.Button, "button"),
        (R.ButtonText, "text"),
        (R.BrightText, "htext"),
        (R.Highlight, "highlight"),
        (R.HighlightedText, "htext"),
        (R.Link, "link"),
        (R.LinkVisited, "link"),
        (R.Light, "light"),
        (R.Midlight, "mid"),
        (R.Mid, "mid"),
        (R.Dark, "dark"),
        (R.Shadow, "dark"),
        (R.ToolTipBase, "tip"),
        (R.ToolTipText, "text"),
        (R.PlaceholderText, "muted"),
    ):
        p.setColor(role, c[key])
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(G.Disabled, role, c["muted"])
    p.setColor(G.Disabled, R.Highlight, c["mid"])
    return p


def system_is_dark(platform_palette: QPalette | None = None) -> bool:
    """True when the platform asks for a dark colour scheme (else, when it is unknown,
    when ``platform_palette``, default the application's, has a dark window colour)."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        value = scheme()
        if value == Qt.ColorScheme.Dark:
            return True
        if value == Qt.ColorScheme.Light:
            return False
    # unknown: judge the platform's own palette
    pal = platform_palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def resolve(choice: str, platform_palette: QPalette | None = None) -> str:
    """``light`` or ``dark`` for a choice of ``system``/``light``/``dark``."""
    if choice in (LIGHT, DARK):
        return choice
    return DARK if system_is_dark(platform_palette) else LIGHT


def current() -> str:
    """The look applied now: ``light`` or ``dark``."""
    app = QApplication.instance()
    return str(app.property("pibdeskTheme") or LIGHT) if app is not None else LIGHT


def muted_color() -> str:
    """``#rrggbb`` of secondary text in the current look (hints, counts)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()


class ThemeManager(QObject):
    """Applies a look to the application and, for ``system``, follows platform changes.

    Emits nothing itself; widgets that paint with palette colours repaint on Qt's
    ``PaletteChange`` event.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.choice = SYSTEM
        self._platform_palette = QPalette(QGuiApplication.palette())
        hints = QGuiApplication.styleHints()
        sig = getattr(hints, "colorSchemeChanged", None)
        if sig is not None:
            sig.connect(self._system_changed)

    def apply(self, choice: str) -> str:
        """Apply ``system``/``light``/``dark``; returns the look applied (light or dark)."""
        self.choice = choice if choice in (SYSTEM, LIGHT, DARK) else SYSTEM
        kind = resolve(self.choice, self._platform_palette)
        if self.app.style().name().lower() != "fusion":
            style = QStyleFactory.create("Fusion")
            if style is not None:
                self.app.setStyle(style)
        self.app.setPalette(palette_for(kind))
        self.app.setProperty("pibdeskTheme", kind)
        # a widget with its own style sheet keeps the old palette until re-polished.
        # Walk the live window trees only: QApplication.allWidgets() also hands out
        # widgets whose deletion is pending, and touching those crashed (SIGSEGV/abort).
        for top in self.app.topLevelWidgets():
            if not shiboken6.isValid(top):
                continue
            for w in [top, *top.findChildren(QWidget)]:
                if shiboken6.isValid(w) and w.styleSheet():
                    w.setStyleSheet(w.styleSheet())
        return kind

    def _system_changed(self, *_args: object) -> None:
        if self.choice == SYSTEM:
            self.apply(SYSTEM)


def theme_manager(app: QApplication | None = None) -> ThemeManager:
    """The application's one :class:`ThemeManager` (made on first use)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        raise RuntimeError("theme_manager needs a QApplication")
    for child in app.children():
        if isinstance(child, ThemeManager):
            return child
    return ThemeManager(app)
