"""The desktop habits around the main window (issue 7), installed by
:func:`pibdesk.app.create_main_window` with :func:`install`:

* icons on the actions and the window; View > Theme (System / Light / Dark);
* the welcome page (objectName ``welcomePage``) while the database holds no releases;
* File > Open database… (Ctrl+Shift+O) and File > Recent databases;
* Edit > Settings… (Ctrl+,): label colours and keys, editor's name, timeline bucket;
* Help > Keyboard shortcuts (F1), built from the real actions; Help > About;
* Tab / Shift+Tab in the text view: next / previous annotation (selected and scrolled to);
* the window's geometry, toolbar state and splitter sizes remembered in QSettings;
* the editor's name asked once, on the first annotation, when none is known.

Kept apart from :mod:`pibdesk.ui.main_window` so the window stays about annotating; this
module only uses the window's public attributes and actions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from pibdesk import __version__
from pibdesk.core.model import Label
from pibdesk.services.settings import SettingsService
from pibdesk.ui import prefs, theme
from pibdesk.ui.icons import app_icon, icon, label_icon
from pibdesk.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow

#: Icons for menu actions whose text (without & and …) starts with these words.
ACTION_ICONS: tuple[tuple[str, str], ...] = (
    ("Import", "import"),
    ("Export", "export"),
    ("Load sample", "samples"),
    ("Quit", "quit"),
    ("Filter releases", "search"),
    ("Search", "search"),
    ("Timeline", "timeline"),
)


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…").rstrip(".").strip()


def _menu(window: MainWindow, title: str, before: str | None = None) -> QMenu:
    """The menu-bar menu called ``title`` (ignoring &), made (before ``before``) if missing."""
    bar = window.menuBar()
    for act in bar.actions():
        m = act.menu()
        if isinstance(m, QMenu) and _plain(act.text()) == _plain(title):
            return m
    menu = QMenu(title, window)
    anchor = None
    if before is not None:
        for act in bar.actions():
            if _plain(act.text()) == _plain(before):
                anchor = act
                break
    if anchor is None:
        bar.addMenu(menu)
    else:
        bar.insertMenu(anchor, menu)
    return menu


class Desktop(QObject):
    """The habits of one main window (see the module docstring); ``window.desktop``."""

    def __init__(
        self,
        window: MainWindow,
        database: str,
        ask_author: bool,
        follow_editor: bool = False,
        open_window: Callable[[str], MainWindow] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        #: builds a window over another database (File > Open database…, Recent)
        self.open_window = open_window
        #: the window's author is this machine's editor name (so Settings can change it)
        self.follow_editor = follow_editor or ask_author
        self.settings_service = SettingsService(window.corpus.db)
        window.setWindowIcon(app_icon())
        if ask_author:
            window.author_prompt = self.ask_editor_name  # type: ignore[attr-defined]
        self._build_welcome()
        self._build_menus()
        self.set_action_icons()
        self.apply_theme(prefs.theme(), store=False)
        self.restore_layout()
        self.apply_timeline_bucket()
        window.installEventFilter(self)
        window.text_view.installEventFilter(self)
        live = getattr(window, "live", None)
        if live is not None:  # a colour or key changed in another window or process
            live.changed.connect(self._on_live_changes)
        window.release_model.modelReset.connect(self.update_welcome)
        window.release_model.rowsInserted.connect(self.update_welcome)
        self.update_welcome()

    # ------------------------------------------------------------------ welcome
    def _build_welcome(self) -> None:
        w = self.window
        content = w.takeCentralWidget()
        assert content is not None
        self.content = content
        self.welcome = WelcomePage(self.database, w.labels)
        self.welcome.loadSamplesRequested.connect(self.load_samples)
        self.welcome.importFolderRequested.connect(self.import_folder_dialog)
        self.stack = QStackedWidget()
        self.stack.setObjectName("centralStack")
        self.stack.addWidget(content)
        self.stack.addWidget(self.welcome)
        w.setCentralWidget(self.stack)
        self._hidden_docks: list[QDockWidget] = []

    def showing_welcome(self) -> bool:
        return self.stack.currentWidget() is self.welcome

    def update_welcome(self, *_args: object) -> None:
        """Show the welcome page while the database holds no release, else the work."""
        try:
            empty = self.window.corpus.count() == 0
        except Exception:  # an unreachable server: the banner says so; keep the work area
            empty = False
        if empty == self.showing_welcome():
            return
        # the docks (timeline, suggestions...) have nothing to show on an empty database
        docks = self.window.findChildren(QDockWidget)
        if empty:
            self._hidden_docks = [d for d in docks if not d.isHidden()]
            for d in self._hidden_docks:
                d.hide()
        else:
            for d in self._hidden_docks:
                d.show()
            self._hidden_docks = []
        self.stack.setCurrentWidget(self.welcome if empty else self.content)

    def load_samples(self) -> int:
        """Load the bundled sample releases (welcome page, File menu); returns how many."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            n = self.window.load_samples()
        finally:
            QApplication.restoreOverrideCursor()
        self.update_welcome()
        return n

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of releases")
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str) -> None:
        """Import every release file under ``folder`` and open the first one (in the
        background with progress when the corpus tools are installed)."""
        tools = getattr(self.window, "corpus_tools", None)
        start = getattr(tools, "start_import", None)
        if callable(start):
            start([folder])
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.window.import_files([folder])
        finally:
            QApplication.restoreOverrideCursor()
        self.update_welcome()

    # ------------------------------------------------------------------ menus
    def _build_menus(self) -> None:
        w = self.window
        file_menu = _menu(w, "&File")
        first = file_menu.actions()[0] if file_menu.actions() else None
        self.open_db_action = QAction(icon("database"), "&Open database…", w)
        self.open_db_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_db_action.triggered.connect(self.open_database_dialog)
        self.open_url_action = QAction(icon("database"), "Open s&hared database (URL)…", w)
        self.open_url_action.triggered.connect(self.open_url_dialog)
        self.recent_menu = QMenu("&Recent databases", w)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        if first is None:
            file_menu.addAction(self.open_db_action)
            file_menu.addAction(self.open_url_action)
            file_menu.addMenu(self.recent_menu)
            file_menu.addSeparator()
        else:
            file_menu.insertAction(first, self.open_db_action)
            file_menu.insertAction(first, self.open_url_action)
            file_menu.insertMenu(first, self.recent_menu)
            file_menu.insertSeparator(first)
        tools = getattr(w, "corpus_tools", None)
        theirs = getattr(tools, "import_folder_action", None)
        if isinstance(theirs, QAction):  # the corpus tools' background import (issue 3)
            self.import_folder_action = theirs
        else:
            self.import_folder_action = QAction(icon("import"), "Import a &folder…", w)
            self.import_folder_action.triggered.connect(self.import_folder_dialog)
            file_menu.addAction(self.import_folder_action)
        if self.import_folder_action.shortcut().isEmpty():
            self.import_folder_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.fill_recent_menu()

        edit = _menu(w, "&Edit")
        edit.addSeparator()
        self.settings_action = QAction(icon("settings"), "&Settings…", w)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        edit.addAction(self.settings_action)

        view = _menu(w, "&View", before="Help")
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(w)
        group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for key, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            act = QAction(text, w, checkable=True)
            act.triggered.connect(lambda _=False, k=key: self.apply_theme(k))
            group.addAction(act)
            theme_menu.addAction(act)
            self.theme_actions[key] = act

        go = _menu(w, "&Go")
        self.next_ann_action = QAction("Ne&xt annotation", w)
        self.next_ann_action.setShortcut(QKeySequence(Qt.Key.Key_Tab))
        self.next_ann_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.next_ann_action.triggered.connect(lambda: self.step_annotation(+1))
        self.prev_ann_action = QAction("Pre&vious annotation", w)
        self.prev_ann_action.setShortcut(QKeySequence("Shift+Tab"))
        self.prev_ann_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.prev_ann_action.triggered.connect(lambda: self.step_annotation(-1))
        go.addSeparator()
        go.addActions([self.next_ann_action, self.prev_ann_action])
        self.text_action = QAction("Go to the &text", w)
        self.text_action.setShortcut(QKeySequence("Ctrl+T"))
        self.text_action.triggered.connect(lambda: w.text_view.setFocus())
        self.list_action = QAction("Go to the release &list", w)
        self.list_action.setShortcut(QKeySequence("Ctrl+L"))
        self.list_action.triggered.connect(lambda: w.release_list.setFocus())
        go.addActions([self.text_action, self.list_action])
        for a in (self.text_action, self.list_action):
            w.addAction(a)

        help_menu = _menu(w, "&Help")
        self.shortcuts_action = QAction(icon("keyboard"), "&Keyboard shortcuts", w)
        self.shortcuts_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        about = QAction("&About pibdesk", w)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addActions([self.shortcuts_action, about])
        # window-wide shortcuts work even when the menu bar is hidden (native menus)
        for a in (self.open_db_action, self.import_folder_action, self.settings_action):
            w.addAction(a)
        w.addAction(self.shortcuts_action)

    def set_action_icons(self) -> None:
        """Icons in the current palette on the window's actions and label chips."""
        w = self.window
        named = {
            "undo_action": "undo",
            "redo_action": "redo",
            "delete_action": "delete",
            "next_action": "next",
            "prev_action": "previous",
            "find_action": "search",
            "open_db_action": "database",
            "import_folder_action": "import",
            "settings_action": "settings",
            "shortcuts_action": "keyboard",
        }
        done: set[int] = set()
        for attr, name in named.items():
            act = getattr(w, attr, None) or getattr(self, attr, None)
            if isinstance(act, QAction):
                act.setIcon(icon(name))
                done.add(id(act))
        for lab in w.labels:
            act = w.label_actions.get(lab.name)
            if act is not None:
                act.setIcon(label_icon(lab.name, lab.color))
                done.add(id(act))
        from pibdesk.ui.shortcuts import menu_actions

        for _path, act in menu_actions(w):
            if id(act) in done:
                continue
            text = _plain(act.text())
            for prefix, name in ACTION_ICONS:
                if text.startswith(prefix):
                    act.setIcon(icon(name))
                    break

    # ------------------------------------------------------------------ theme
    def apply_theme(self, choice: str, store: bool = True) -> str:
        """Apply ``system``/``light``/``dark`` (remembered unless ``store`` is False)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        kind = theme.theme_manager(app).apply(choice)
        if store:
            prefs.set_theme(choice)
        act = self.theme_actions.get(choice if choice in self.theme_actions else "system")
        if act is not None:
            act.setChecked(True)
        self.restyle()
        return kind

    def restyle(self) -> None:
        """Re-colour what holds explicit colours (icons, muted labels, the header)."""
        w = self.window
        muted = theme.muted_color()
        w.list_status.setStyleSheet(f"color:{muted}; padding:2px 4px")
        hint = getattr(w, "label_hint", None)
        if hint is not None:
            hint.setStyleSheet(f"color:{muted}; padding:2px")
        self.set_action_icons()
        w.header.show_release(w.current_release())
        w.text_view.viewport().update()

    # ------------------------------------------------------------------ databases
    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = prefs.recent_databases()
        for i, name in enumerate(items):
            act = self.recent_menu.addAction(f"&{i + 1}  {name}" if i < 9 else name)
            act.setData(name)
            if "://" not in name and not os.path.exists(name):
                act.setEnabled(False)  # moved or deleted: opening it would make a new one
                act.setToolTip("This file no longer exists")
            act.triggered.connect(lambda _=False, n=name: self.open_database(n))
        if not items:
            none = self.recent_menu.addAction("(none yet)")
            none.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("&Clear list")
            clear.triggered.connect(prefs.clear_recent_databases)

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Open or create a pibdesk database",
            os.path.dirname(self.database) if "://" not in self.database else "",
            "pibdesk databases (*.db *.sqlite);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.open_database(path)

    def open_url_dialog(self) -> MainWindow | None:
        """File > Open shared database (URL)…: a ``postgresql://`` URL (team mode, issue 9).

        A password typed into the URL goes to the keyring (or the 0600 pgpass file), never
        to the settings: :func:`pibdesk.app.create_main_window` moves it there.
        """
        url, ok = QInputDialog.getText(
            self.window,
            "Open shared database",
            "PostgreSQL URL, e.g. postgresql://editor@dbhost/pibdesk?sslmode=require\n"
            "(a password typed here is kept in the keyring, not in the settings):",
        )
        if ok and url.strip():
            return self.open_database(url.strip())
        return None

    def open_database(self, name: str) -> MainWindow | None:
        """Open database ``name`` (path or URL) in a new window that replaces this one.

        On failure (unreachable server, newer schema) a message says why and this window
        stays. Returns the new window or None.
        """
        w = self.window
        if self.open_window is None:
            QMessageBox.warning(w, "Database not opened", "This window cannot open another database.")
            return None
        try:
            new = self.open_window(name)
        except Exception as e:
            from pibdesk.services.connections import display_url

            QMessageBox.warning(w, "Database not opened", f"{display_url(name)}:\n{e}")
            return None
        self.save_layout()
        new.show()
        w.close()
        return new

    # ------------------------------------------------------------------ dialogs
    def open_settings(self) -> bool:
        """Edit > Settings…; returns True if saved."""
        from pibdesk.ui.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.settings_service, self.window)
        if not dlg.exec():
            return False
        self.apply_labels(dlg.labels)
        self.apply_timeline_bucket()
        name = prefs.editor_name()
        if name and self.follow_editor:
            self.window.author = name
        return True

    def _on_live_changes(self, changes: list[Any]) -> None:
        if any(getattr(c, "table", None) == "label" for c in changes):
            self.apply_labels(self.settings_service.labels())

    def apply_timeline_bucket(self) -> None:
        """Set the Timeline dock's bucket (if the window has one) to the work's default."""
        view = getattr(self.window, "timeline_view", None)
        box = getattr(view, "bucket_box", None)
        if box is not None:
            i = box.findData(self.settings_service.timeline_bucket().value)
            if i >= 0:
                box.setCurrentIndex(i)

    def apply_labels(self, labels: list[Label]) -> None:
        """Show a changed label schema: colours repainted, new keys active at once."""
        w = self.window
        w.labels = labels
        w.text_view.set_labels(labels)
        w.panel.model_.set_labels(labels)
        for lab in labels:
            act = w.label_actions.get(lab.name)
            if act is not None:
                act.setIcon(label_icon(lab.name, lab.color))
                act.setShortcut(QKeySequence(lab.shortcut) if lab.shortcut else QKeySequence())
                act.setToolTip(f"Mark the selection as {lab.name} ({lab.shortcut or 'no key'})")
        hint = getattr(w, "label_hint", None)
        if hint is not None:
            hint.setText(
                "Select text, then press "
                + ", ".join(f"<b>{lab.shortcut}</b> {lab.name}" for lab in labels if lab.shortcut)
                + ". <b>Del</b> removes the selected annotation."
            )
        self.welcome.set_labels(labels)
        w.panel.viewport().update()
        w.text_view.viewport().update()

    def show_shortcuts(self) -> QWidget:
        from pibdesk.ui.shortcuts import ShortcutDialog

        dlg = ShortcutDialog(self.window)
        dlg.show()
        return dlg

    def show_about(self) -> None:
        QMessageBox.about(
            self.window,
            "About pibdesk",
            f"<b>pibdesk {__version__}</b><br>Annotate PIB press releases.<br><br>"
            f"Database: <code>{self.database}</code><br>"
            f"Settings: <code>{prefs.settings_path()}</code>",
        )

    def ask_editor_name(self) -> str | None:
        """Ask the editor's name once (remembered in QSettings); None if cancelled."""
        from pibdesk.config import default_author

        name, ok = QInputDialog.getText(
            self.window,
            "Your name",
            "pibdesk stamps your name on every annotation you make.\nYour name:",
            QLineEdit.EchoMode.Normal,
            prefs.editor_name() or default_author(),
        )
        name = name.strip()
        if not ok or not name:
            return None
        prefs.set_editor_name(name)
        return name

    # ------------------------------------------------------------------ annotations
    def step_annotation(self, delta: int) -> int | None:
        """Select the next (``+1``) or previous (``-1``) annotation in text order and scroll
        to it; from the caret when none is selected; wraps around. Returns its id."""
        w = self.window
        seen: set[int] = set()
        hl = []  # one per annotation (its first piece: a discontinuous span paints several)
        for h in w.text_view.highlights():
            if h.ann_id not in seen:
                seen.add(h.ann_id)
                hl.append(h)
        if not hl:
            w.statusBar().showMessage("No annotations in this release.", 3000)
            return None
        ids = [h.ann_id for h in hl]
        cur = w.text_view.current_annotation()
        if cur in ids:
            i = (ids.index(cur) + delta) % len(ids)
        else:
            pos = w.text_view.textCursor().position()
            if delta > 0:
                i = next((k for k, h in enumerate(hl) if h.start16 >= pos), 0)
            else:
                i = next((k for k in range(len(hl) - 1, -1, -1) if hl[k].start16 < pos), len(hl) - 1)
        ann_id = ids[i]
        w.panel.select_id(ann_id)
        w.text_view.set_current_annotation(ann_id, scroll=True)
        h = hl[i]
        quote = w.text_view.toPlainText()[h.start16 : h.end16]
        quote = " ".join(quote.split())
        if len(quote) > 48:
            quote = quote[:47] + "…"
        w.statusBar().showMessage(f"Annotation {i + 1} of {len(ids)}: {h.label} “{quote}”", 4000)
        return ann_id

    # ------------------------------------------------------------------ layout
    def restore_layout(self) -> None:
        s = prefs.settings()
        geo = s.value(prefs.K_GEOMETRY)
        if geo is not None:
            self.window.restoreGeometry(geo)  # type: ignore[arg-type]
        state = s.value(prefs.K_STATE)
        if state is not None:
            self.window.restoreState(state)  # type: ignore[arg-type]
        sizes = s.value(prefs.K_SPLITTER)
        if sizes is not None:
            self.window.splitter.restoreState(sizes)  # type: ignore[arg-type]
        side = s.value(prefs.K_SIDE_SPLITTER)
        if side is not None:
            self.window.side_splitter.restoreState(side)  # type: ignore[arg-type]

    def save_layout(self) -> None:
        s = prefs.settings()
        s.setValue(prefs.K_GEOMETRY, self.window.saveGeometry())
        s.setValue(prefs.K_STATE, self.window.saveState())
        s.setValue(prefs.K_SPLITTER, self.window.splitter.saveState())
        s.setValue(prefs.K_SIDE_SPLITTER, self.window.side_splitter.saveState())
        s.sync()

    # ------------------------------------------------------------------ events
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        w = self.window
        if obj is w and event.type() == QEvent.Type.Close:
            self.save_layout()
        elif obj is w.text_view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            if not (mods & ctrl_alt):
                if event.key() == Qt.Key.Key_Backtab or (
                    event.key() == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ShiftModifier
                ):
                    self.step_annotation(-1)
                    return True
                if event.key() == Qt.Key.Key_Tab:
                    self.step_annotation(+1)
                    return True
        return super().eventFilter(obj, event)


def install(
    window: MainWindow,
    database: str,
    ask_author: bool = False,
    follow_editor: bool = False,
    open_window: Callable[[str], MainWindow] | None = None,
) -> Desktop:
    """Add the desktop habits to ``window`` (see the module docstring); returns them, also
    kept as ``window.desktop``. ``database`` is shown on the welcome page (a path, or a
    URL without password); ``ask_author`` makes the first annotation ask the editor's name;
    ``follow_editor`` makes a name changed in Settings the window's author from then on;
    ``open_window`` builds the window for another database (the composition root's
    :func:`pibdesk.app.create_main_window`; None: opening another database is refused)."""
    d = Desktop(window, database, ask_author, follow_editor, open_window)
    window.desktop = d  # type: ignore[attr-defined]
    return d


def any_window() -> Any:
    """The first top-level main window (for scripts), or None."""
    from pibdesk.ui.main_window import MainWindow

    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow):
            return w
    return None
