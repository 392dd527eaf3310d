"""The release-list filters: ministry, bureau, language, status and posted dates (IST).

Object names for automation: ``filterMinistry``, ``filterBureau``, ``filterLanguage``,
``filterStatus``, ``filterDates``, ``filterSince``, ``filterUntil``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QDate,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from pibdesk.core.corpus import Facets
from pibdesk.core.model import IST, ReleaseStatus


# --------------------------------------------------------------------------- filters
class FilterBar(QWidget):
    """Ministry, bureau, language, annotation status and posted-date filters.

    ``changed()`` fires on any change; :meth:`values` gives keyword arguments for
    :func:`pibdesk.services.search.make_filter` / ``ReleaseFilter`` (dates as aware IST
    datetimes, ``until`` exclusive = the day after the chosen last day).
    """

    changed = Signal()
    ANY = "(any)"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ministry = self._combo("filterMinistry", "Ministry")
        self.bureau = self._combo("filterBureau", "Bureau")
        self.language = self._combo("filterLanguage", "Language")
        self.status = self._combo("filterStatus", "Annotation status")
        for label, status in (
            ("not started", ReleaseStatus.NOT_STARTED),
            ("in progress", ReleaseStatus.IN_PROGRESS),
            ("done", ReleaseStatus.DONE),
        ):
            self.status.addItem(label, status.value)
        self.dates = QCheckBox("Posted")
        self.dates.setObjectName("filterDates")
        self.since = QDateEdit(QDate.currentDate().addYears(-1))
        self.since.setObjectName("filterSince")
        self.until = QDateEdit(QDate.currentDate())
        self.until.setObjectName("filterUntil")
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd MMM yyyy")
            d.setEnabled(False)
            d.dateChanged.connect(lambda _d: self.changed.emit())
        self.dates.toggled.connect(self._dates_toggled)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.ministry, 0, 0, 1, 2)
        grid.addWidget(self.bureau, 1, 0)
        grid.addWidget(self.language, 1, 1)
        grid.addWidget(self.status, 2, 0, 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.dates)
        row.addWidget(self.since, 1)
        row.addWidget(QLabel("–"))
        row.addWidget(self.until, 1)
        grid.addLayout(row, 3, 0, 1, 2)

    def _combo(self, name: str, tip: str) -> QComboBox:
        c = QComboBox()
        c.setObjectName(name)
        c.setToolTip(tip)
        c.addItem(f"{tip}: {self.ANY}", None)
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(8)
        c.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return c

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.changed.emit()

    def set_facets(self, facets: Facets, language_names: dict[str, str] | None = None) -> None:
        """Refill the choices, keeping the current ones where they still exist."""
        names = language_names or {}
        for combo, values in (
            (self.ministry, facets.ministries),
            (self.bureau, facets.bureaus),
            (self.language, facets.languages),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for v in values:
                combo.addItem(names.get(v, v) if combo is self.language else v, v)
            i = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The chosen filters as keyword arguments (unset ones omitted)."""
        out: dict[str, Any] = {}
        for key, combo in (
            ("ministry", self.ministry),
            ("bureau", self.bureau),
            ("language", self.language),
            ("status", self.status),
        ):
            if combo.currentData() is not None:
                value = combo.currentData()
                out[key] = ReleaseStatus(value) if key == "status" else value
        if self.dates.isChecked():
            a, b = self.since.date(), self.until.date()
            out["since"] = datetime(a.year(), a.month(), a.day(), tzinfo=IST)
            out["until"] = datetime(b.year(), b.month(), b.day(), tzinfo=IST) + timedelta(days=1)
        return out
