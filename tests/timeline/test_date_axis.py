"""The IST date axis: tick positions and labels agree in +05:30, before 1970 too."""

from __future__ import annotations

from datetime import datetime

import pytest

from pibdesk.core.model import IST


def _x(*args: int) -> float:
    return datetime(*args, tzinfo=IST).timestamp()  # type: ignore[misc]


@pytest.fixture()
def axis(qapp):  # type: ignore[no-untyped-def]
    from pibdesk.charts.date_axis import IstDateAxis

    return IstDateAxis()


def _every_label_matches_its_position(ticks: list[tuple[float, str]], fmt: str) -> None:
    for x, label in ticks:
        assert datetime.fromtimestamp(x, IST).strftime(fmt).lstrip("0") == label.lstrip("0"), (
            x,
            label,
        )


def test_days_and_hours_are_ist(axis) -> None:  # type: ignore[no-untyped-def]
    ticks = axis.labels_for(_x(2019, 9, 2), _x(2019, 9, 5), 800)
    assert (_x(2019, 9, 3), "Tue 03") in ticks  # IST midnight, not 05:30 or 18:30 UTC
    hours = [(x, s) for x, s in ticks if ":" in s]
    assert hours and all(s.endswith(":00") for _, s in hours)
    _every_label_matches_its_position(hours, "%H:%M")
    # an hour view: ticks at whole IST hours (a UTC machine would otherwise put them at :30)
    ticks = axis.labels_for(_x(2019, 9, 2, 5), _x(2019, 9, 2, 12), 800)
    assert (_x(2019, 9, 2, 9), "09:00") in ticks
    _every_label_matches_its_position([t for t in ticks if ":" in t[1]], "%H:%M")


def test_months_and_years_before_1970(axis) -> None:  # type: ignore[no-untyped-def]
    ticks = axis.labels_for(_x(1960, 1, 1), _x(1971, 1, 1), 800)
    assert (_x(1965, 1, 1), "1965") in ticks
    assert _x(1965, 1, 1) < 0
    _every_label_matches_its_position([t for t in ticks if t[1].isdigit()], "%Y")
    ticks = axis.labels_for(_x(1965, 1, 1), _x(1965, 4, 1), 800)
    assert (_x(1965, 2, 1), "Feb") in ticks
    _every_label_matches_its_position([t for t in ticks if t[1].isalpha()], "%b")


def test_stock_axis_would_shift_hours(axis) -> None:  # type: ignore[no-untyped-def]
    """Why IstDateAxis exists: the stock axis places hour ticks by the machine zone."""
    import time

    import pyqtgraph as pg

    if time.localtime().tm_gmtoff % 3600 == 1800:
        pytest.skip("machine zone has a half-hour offset, like IST")
    stock = pg.DateAxisItem(utcOffset=-19800)
    stock.fontMetrics = axis.fontMetrics
    lo, hi = _x(2019, 9, 2, 5), _x(2019, 9, 2, 12)
    spacing, values = stock.tickValues(lo, hi, 800)[-1]
    labels = stock.tickStrings(values, 1.0, spacing)
    assert any(s.endswith(":30") for s in labels)
