"""The Timeline dock: pick entities and labels, see their engagement and reach over time.

Wiring: picks -> :class:`~pibdesk.services.timeline.TimelineService` (run in a
``QThreadPool`` task; the service opens its own session in that thread) -> plain arrays
delivered back by a queued signal -> :class:`~pibdesk.charts.timeline_chart.TimelineChart`
and :class:`~pibdesk.charts.reach_chart.ReachChart`. A newer request supersedes an
older one still running (its result is dropped).

Clicking a mark opens that release with the annotation selected (``open_release``
callback, normally the main window's); clicking a bar lists the bucket's releases.
The dock exports the chart as PNG/SVG and the series as CSV.

Object names for automation: ``timelinePicks``, ``timelineFilter``, ``timelineMode``,
``timelineBucket``, ``timelineStyle``, ``timelineNormalise``, ``timelineChart``,
``reachChart``, ``timelineDock``.
"""

from __future__ import annotations

import itertools
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pibdesk.charts.reach_chart import ReachChart
from pibdesk.charts.timeline_chart import BARS, COUNTS, EVENTS, LINES, TimelineChart
from pibdesk.core.model import EntityKind
from pibdesk.core.timeline import (
    Bucket,
    EventSeries,
    ReachData,
    SeriesSpec,
    TimelineData,
    ist_datetime,
)
from pibdesk.services.timeline import TimelineService, write_csv
from pibdesk.ui.busy_worker import emit_if_alive

if TYPE_CHECKING:
    from pibdesk.ui.main_window import MainWindow

#: open_release(release_pk, annotation_id or None)
OpenRelease = Callable[[int, int | None], None]

#: At most this many releases are listed when a bar is clicked.
MAX_LISTED = 40


# ----------------------------------------------------------------------------- tasks
class _TaskSignals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Task(QRunnable):
    """Runs ``fn()`` on a pool thread; reports ``(ticket, result)`` or ``(ticket, error)``."""

    def __init__(self, ticket: int, fn: Callable[[], object], signals: _TaskSignals) -> None:
        super().__init__()
        self.ticket, self.fn, self.signals = ticket, fn, signals

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as e:  # reported on the GUI thread, never lost
            traceback.print_exc()
            emit_if_alive(self.signals.failed, self.ticket, f"{type(e).__name__}: {e}")
        else:
            emit_if_alive(self.signals.done, self.ticket, result)


class TaskRunner(QObject):
    """Runs callables on a thread pool and calls back on the GUI thread.

    ``run(kind, fn, on_done)``: a newer task of the same ``kind`` makes an older one's
    result stale (dropped). Errors go to ``on_error(message)``.
    """

    def __init__(self, on_error: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self.on_error = on_error
        self._tickets = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[str, Callable[[Any], None]]] = {}
        self.signals = _TaskSignals()
        self.signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)

    def run(self, kind: str, fn: Callable[[], object], on_done: Callable[[Any], None]) -> int:
        ticket = next(self._tickets)
        self._latest[kind] = ticket
        self._callbacks[ticket] = (kind, on_done)
        self.pool.start(_Task(ticket, fn, self.signals))
        return ticket

    def busy(self) -> bool:
        """True while a task's result has not been delivered yet."""
        return bool(self._callbacks)

    @Slot(int, object)
    def _done(self, ticket: int, result: object) -> None:
        kind, cb = self._callbacks.pop(ticket, ("", None))  # type: ignore[arg-type]
        if cb is not None and self._latest.get(kind) == ticket:
            cb(result)

    @Slot(int, str)
    def _failed(self, ticket: int, message: str) -> None:
        kind, _cb = self._callbacks.pop(ticket, ("", None))  # type: ignore[arg-type]
        if self._latest.get(kind) == ticket:
            self.on_error(message)


# ----------------------------------------------------------------------------- view
class TimelineView(QWidget):
    """Picks (entities, labels), controls, the engagement chart and the reach chart."""

    #: Emitted after new data is drawn (tests, status).
    updated = Signal()

    def __init__(
        self,
        service: TimelineService,
        open_release: OpenRelease | None = None,
        parent: QWidget | None = None,
        *,
        load_picks: bool = True,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.open_release = open_release
        self.tasks = TaskRunner(self._show_error, self)
        self.data: TimelineData | None = None
        self.reach: ReachData | None = None
        self.history_pk: int | None = None
        self._build()
        if load_picks:  # the dock reads them when it is shown (install_timeline)
            self.reload_picks()

    # -- construction --------------------------------------------------------------
    def _build(self) -> None:
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("timelineFilter")
        self.filter_box.setPlaceholderText("Find a person, topic or label")
        self.filter_box.setClearButtonEnabled(True)
        self.picks = QListWidget()
        self.picks.setObjectName("timelinePicks")
        self.picks.setToolTip("Tick entities and labels: each becomes a series")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("Series"))
        lv.addWidget(self.filter_box)
        lv.addWidget(self.picks)

        self.mode_box = QComboBox()

        self.mode_box.setObjectName("timelineMode")
        self.mode_box.addItem("Events (one mark per release)", EVENTS)
        self.mode_box.addItem("Counts per period", COUNTS)
        self.bucket_box = QComboBox()
        self.bucket_box.setObjectName("timelineBucket")
        for b in Bucket:
            self.bucket_box.addItem(b.value.capitalize(), b.value)
        self.bucket_box.setCurrentIndex(2)  # month
        self.style_box = QComboBox()
        self.style_box.setObjectName("timelineStyle")
        self.style_box.addItem("Bars", BARS)
        self.style_box.addItem("Lines", LINES)
        self.normalise_box = QCheckBox("Share of releases imported")
        self.normalise_box.setObjectName("timelineNormalise")
        self.normalise_box.setToolTip(
            "Divide each count by the number of releases imported for that period"
        )
        self.fit_button = QPushButton("Fit")
        self.png_button = QPushButton("PNG…")
        self.svg_button = QPushButton("SVG…")
        self.csv_button = QPushButton("CSV…")
        for button, tip in (
            (self.png_button, "Export the chart as a PNG image"),
            (self.svg_button, "Export the chart as an SVG drawing"),
            (self.csv_button, "Export the counts per period as CSV"),
        ):
            button.setToolTip(tip)
        controls = QHBoxLayout()
        for w in (
            self.mode_box,
            QLabel("per"),
            self.bucket_box,
            self.style_box,
            self.normalise_box,
        ):
            controls.addWidget(w)
        controls.addStretch(1)
        for button in (self.fit_button, self.png_button, self.svg_button, self.csv_button):
            controls.addWidget(button)

        self.chart = TimelineChart()
        self.chart.setObjectName("timelineChart")
        self.reach_chart = ReachChart()
        self.reach_chart.setObjectName("reachChart")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.chart, "Engagement")
        self.tabs.addTab(self.reach_chart, "Reach")
        self.status = QLabel("Pick a person, topic or label.")
        self.status.setObjectName("timelineStatus")

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(controls)
        rv.addWidget(self.tabs, 1)
        rv.addWidget(self.status)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 4)
        split.setSizes([220, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

        self.filter_box.textChanged.connect(self._filter_picks)
        self.picks.itemChanged.connect(lambda _item: self.refresh())
        for box in (self.mode_box, self.bucket_box, self.style_box):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.normalise_box.toggled.connect(lambda _on: self.refresh())
        self.fit_button.clicked.connect(self.chart.fit)
        self.png_button.clicked.connect(lambda: self._export_dialog(".png"))
        self.svg_button.clicked.connect(lambda: self._export_dialog(".svg"))
        self.csv_button.clicked.connect(lambda: self._export_dialog(".csv"))
        self.chart.releaseActivated.connect(self._open)
        self.chart.bucketActivated.connect(self._bucket_clicked)
        self.reach_chart.releasePicked.connect(self.show_history)

    # -- picks ---------------------------------------------------------------------
    def reload_picks(self) -> None:
        """Fill the pick list: labels, then people and topics (keeps ticked picks)."""
        ticked = set(self.specs())
        self.picks.blockSignals(True)
        self.picks.clear()
        for label in self.service.labels():
            self._add_pick(f"Label: {label}", SeriesSpec.for_label(label), ticked)
        entities = self.service.entities()
        seen = Counter(e.name.casefold() for e in entities)
        for e in entities:
            kind = "Person" if e.kind is EntityKind.PERSON else "Topic"
            # two entities of one name are told apart by their id
            tail = f"  [#{e.id}]" if seen[e.name.casefold()] > 1 else ""
            self._add_pick(f"{kind}: {e.name}{tail}", SeriesSpec.for_entity(e.id, e.name), ticked)
        self.picks.blockSignals(False)
        self._filter_picks(self.filter_box.text())

    def _add_pick(self, text: str, spec: SeriesSpec, ticked: set[SeriesSpec]) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, spec)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if spec in ticked else Qt.CheckState.Unchecked)
        self.picks.addItem(item)

    def _filter_picks(self, text: str) -> None:
        key = text.strip().casefold()
        for i in range(self.picks.count()):
            item = self.picks.item(i)
            item.setHidden(bool(key) and key not in item.text().casefold())

    def pick(self, *names: str, on: bool = True) -> None:
        """Tick (or untick) the picks whose series name is one of ``names``."""
        for i in range(self.picks.count()):
            item = self.picks.item(i)
            spec: SeriesSpec = item.data(Qt.ItemDataRole.UserRole)
            if spec.name in names:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def specs(self) -> list[SeriesSpec]:
        """The ticked series, in list order."""
        out = []
        for i in range(self.picks.count()):
            item = self.picks.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    # -- loading -------------------------------------------------------------------
    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def bucket(self) -> Bucket:
        return Bucket(self.bucket_box.currentData())

    def refresh(self) -> None:
        """Recompute the series for the current picks and controls, off the GUI thread."""
        specs = tuple(self.specs())
        bucket, normalised = self.bucket(), self.normalise_box.isChecked()
        counts = self.mode() == COUNTS
        self.bucket_box.setEnabled(counts)
        self.style_box.setEnabled(counts)
        self.normalise_box.setEnabled(counts)
        self.status.setText("Loading…")
        svc, history = self.service, self.history_pk

        def work() -> tuple[TimelineData, ReachData]:
            return (
                svc.timeline(specs, bucket, normalised=normalised, events=not counts),
                svc.reach(specs, history_release_pk=history),
            )

        self.tasks.run("timeline", work, self._show)

    def _show(self, result: tuple[TimelineData, ReachData]) -> None:
        data, reach = result
        self.data, self.reach = data, reach
        self.chart.set_data(data, mode=self.mode(), style=str(self.style_box.currentData()))
        self.reach_chart.set_data(reach)
        cov = data.coverage
        n_rel, n_ann = int(cov.releases.sum()), int(cov.annotated.sum())
        if not data.specs:
            head = "Pick a person, topic or label."
        elif self.mode() == EVENTS:
            head = f"{sum(len(e) for e in data.events)} marks."
        else:
            head = f"{len(cov)} {data.bucket.value}s with releases."
        self.status.setText(
            f"{head} Coverage: {n_rel} dated releases imported, {n_ann} annotated. "
            "Hover a mark for details; click to open the release."
        )
        self.updated.emit()

    def show_history(self, release_pk: int) -> None:
        """Load the visitor-counter history of ``release_pk`` into the reach chart."""
        self.history_pk = release_pk
        specs, svc = tuple(self.specs()), self.service
        self.tasks.run(
            "reach", lambda: svc.reach(specs, history_release_pk=release_pk), self._show_reach
        )

    def _show_reach(self, reach: ReachData) -> None:
        self.reach = reach
        self.reach_chart.set_data(reach)
        self.updated.emit()

    def _show_error(self, message: str) -> None:
        self.status.setText(f"Timeline failed: {message}")

    # -- opening -------------------------------------------------------------------
    def _open(self, release_pk: int, annotation_id: int) -> None:
        if self.open_release is not None:
            self.open_release(release_pk, annotation_id if annotation_id >= 0 else None)

    def _bucket_clicked(self, series: int, bucket: int) -> None:
        data = self.data
        if data is None:
            return
        spec, start = data.counts[series].spec, data.coverage.starts[bucket]
        svc, b = self.service, data.bucket
        self.tasks.run("bucket", lambda: svc.events_in_bucket(spec, start, b), self._list_releases)

    def _list_releases(self, events: EventSeries) -> None:
        """One release: open it. Several: a menu of them at the mouse (newest last)."""
        if len(events) == 1:
            self._open(int(events.release_pk[0]), int(events.annotation_id[0]))
            return
        menu = self.release_menu(events)
        menu.popup(QCursor.pos())

    def release_menu(self, events: EventSeries) -> QMenu:
        """The menu listing a bucket's releases (title, IST date); choosing one opens it."""
        menu = QMenu(self)
        menu.setObjectName("timelineReleaseMenu")
        for j in range(min(len(events), MAX_LISTED)):
            when = ist_datetime(float(events.x[j])).strftime("%d %b %Y")
            title = events.titles[j]
            title = title if len(title) <= 70 else title[:69] + "…"
            act = menu.addAction(f"{when} — {title}")
            pk, ann = int(events.release_pk[j]), int(events.annotation_id[j])
            act.triggered.connect(lambda _=False, pk=pk, ann=ann: self._open(pk, ann))
        if len(events) > MAX_LISTED:
            more = menu.addAction(
                f"… and {len(events) - MAX_LISTED} more (zoom in or pick a shorter period)"
            )
            more.setEnabled(False)
        return menu

    # -- export --------------------------------------------------------------------
    def export(self, path: str | Path) -> None:
        """Write the chart (``.png``/``.svg``) or its count series (``.csv``) to ``path``.

        CSV needs counts: in events mode the counts of the current bucket are computed
        first (on this thread). Raises :class:`~pibdesk.core.errors.PibdeskError`.
        """
        p = Path(path)
        if p.suffix.lower() == ".csv":
            data = self.data
            if data is None or not data.counts:
                data = self.service.timeline(
                    self.specs(),
                    self.bucket(),
                    normalised=self.normalise_box.isChecked(),
                    events=False,
                )
            write_csv(data, p)
        elif self.tabs.currentWidget() is self.reach_chart:
            self.reach_chart.export(p)
        else:
            self.chart.export(p)

    def _export_dialog(self, suffix: str) -> None:
        kinds = {".png": "PNG image (*.png)", ".svg": "SVG drawing (*.svg)", ".csv": "CSV (*.csv)"}
        path, _ = QFileDialog.getSaveFileName(
            self, "Export timeline", f"timeline{suffix}", kinds[suffix]
        )
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            self.export(path)
        except Exception as e:  # shown, not raised into the event loop
            self._show_error(str(e))
        else:
            self.status.setText(f"Wrote {path}")


# ----------------------------------------------------------------------------- main window
def open_in_window(window: MainWindow, release_pk: int, annotation_id: int | None) -> None:
    """Open ``release_pk`` in ``window`` with ``annotation_id`` selected and scrolled to."""
    opener = getattr(window, "open_release_at", None)
    if callable(opener):
        opener(release_pk, annotation_id)
        return
    if not window.select_release(release_pk):
        window.open_release(release_pk)
    if annotation_id is not None:
        window.panel.select_id(annotation_id)


def install_timeline(window: MainWindow) -> QDockWidget:
    """Add the Timeline dock (hidden) and View > Timeline (Ctrl+Shift+T) to ``window``;
    returns the dock. Its series load when it is first shown."""
    # the pick list (every entity: 5,000 rows at 50,000 releases, about a second to
    # build) is read when the dock is shown, not at start (benchmarks/bench_cold_start.py)
    view = TimelineView(
        TimelineService(window.corpus.db),
        open_release=lambda pk, ann: open_in_window(window, pk, ann),
        load_picks=False,
    )
    dock = QDockWidget("Timeline", window)
    dock.setObjectName("timelineDock")
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    action: QAction = dock.toggleViewAction()
    action.setText("&Timeline")
    action.setShortcut("Ctrl+Shift+T")
    _view_menu(window).addAction(action)
    loaded = False

    def first_show(visible: bool) -> None:
        # picks are re-read whenever the dock appears (entities may have been added);
        # series load the first time, then follow the picks and controls
        nonlocal loaded
        if not visible:
            return
        view.reload_picks()
        if not loaded:
            loaded = True
            view.refresh()

    dock.visibilityChanged.connect(first_show)
    window.timeline_view = view  # type: ignore[attr-defined]
    return dock


def _view_menu(window: MainWindow) -> QMenu:
    bar = window.menuBar()
    for act in bar.actions():
        menu = act.menu()
        if isinstance(menu, QMenu) and act.text().replace("&", "") == "View":
            return menu
    return bar.addMenu("&View")
