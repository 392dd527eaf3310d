"""Engagement timelines: series specs, buckets and the plain arrays charts are fed.

Definitions (issue 5, "Engagement timelines"):

* **Series.** One per picked entity or label (:class:`SeriesSpec`).

  - An *entity* series (person or topic ``E``) holds the annotations with
    ``entity_id = E``, ``speaker_id = E`` or ``topic_id = E``. Each is classified as
    a **statement** (label ``Statement`` with ``speaker_id = E`` or ``topic_id = E``),
    a **mention** (``entity_id = E`` on a ``Person`` or ``Topic`` annotation) or
    **other engagement** (anything else, e.g. ``entity_id = E`` on another label).
  - A *label* series ``L`` holds every annotation labelled ``L``: statements for
    ``Statement``, mentions for ``Person``/``Topic``, other engagement for any other label.

* **Events.** One mark per release per series, at the release's posted time. A release
  with several kinds of annotation takes the strongest: statement > mention > other.
* **Counts.** Per bucket, ``count`` = the number of releases posted in the bucket that
  have at least one annotation of the series (engagements, the unit ARCHITECTURE.md's
  glossary names); ``annotations`` = the number of those annotations. ``value`` is
  ``count`` (raw) or ``count / releases_in_bucket`` (normalised: the share of releases
  imported for that period that engage the series).
* **Buckets** are IST (+05:30, no DST) calendar periods of the release's posted time:
  ``day``; ``week`` = ISO week, Monday to Sunday; ``month``; ``year``. A bucket is named
  by the IST date it starts on.
* **x values** are POSIX epoch seconds (float, negative before 1970). A bucket's x is
  the epoch of its IST midnight start.

Arrays are numpy arrays of equal length per object; objects are frozen, arrays are not
copied (treat them as read-only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum, StrEnum

import numpy as np
import numpy.typing as npt

from pibdesk.core.model import IST

#: IST offset from UTC, in seconds (+05:30).
IST_OFFSET_S = 5 * 3600 + 30 * 60

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Bucket(StrEnum):
    """Count buckets: IST calendar day, ISO week (Monday start), month, year."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class EngagementKind(IntEnum):
    """Kind of an event mark; a lower value is stronger (wins for a release)."""

    STATEMENT = 0
    MENTION = 1
    OTHER = 2

    @property
    def word(self) -> str:
        """A human word for legends and tooltips ("statement", "mention", "other")."""
        return {0: "statement", 1: "mention", 2: "other engagement"}[int(self)]


@dataclass(frozen=True)
class SeriesSpec:
    """What one series follows: an entity (``entity_id``) or a label (``label``).

    ``name`` is what legends, CSV and tooltips print (the entity's or label's name).
    Exactly one of ``entity_id``/``label`` is set; raises ``ValueError`` otherwise.
    """

    name: str
    entity_id: int | None = None
    label: str | None = None

    def __post_init__(self) -> None:
        if (self.entity_id is None) == (self.label is None):
            raise ValueError("a series follows exactly one entity or one label")

    @classmethod
    def for_entity(cls, entity_id: int, name: str) -> SeriesSpec:
        return cls(name=name, entity_id=entity_id)

    @classmethod
    def for_label(cls, label: str) -> SeriesSpec:
        return cls(name=label, label=label)


@dataclass(frozen=True, eq=False)
class EventSeries:
    """Event marks of one series, one per release, in posted order.

    ``x``: posted time, epoch seconds (float64[n]); ``kind``: :class:`EngagementKind`
    values (int64[n]); ``release_pk``: pibdesk release keys (int64[n]);
    ``annotation_id``: the annotation a click opens (first of the strongest kind, in
    text order; int64[n]); ``titles``/``words`` (n strings): release title, and the
    annotated words joined with `` · ``.
    """

    spec: SeriesSpec
    x: FloatArray
    kind: IntArray
    release_pk: IntArray
    annotation_id: IntArray
    titles: tuple[str, ...]
    words: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.x)


@dataclass(frozen=True, eq=False)
class Coverage:
    """Which buckets have releases imported (with a posted date) and how many are annotated.

    ``starts``: IST start dates of the buckets that hold at least one release, ascending;
    ``x``/``x_end``: their start and end (exclusive) as epoch seconds (float64[m]);
    ``releases``: releases posted in each bucket; ``annotated``: of those, releases
    with at least one annotation of any label (int64[m]).
    """

    bucket: Bucket
    starts: tuple[date, ...]
    x: FloatArray
    x_end: FloatArray
    releases: IntArray
    annotated: IntArray

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(frozen=True, eq=False)
class CountSeries:
    """Counts of one series over the :class:`Coverage` buckets (same length and order).

    ``count``: releases in the bucket engaging the series; ``annotations``: their
    matching annotations (int64[m]); ``value``: what is drawn, ``count`` or
    ``count / releases`` when ``normalised`` (float64[m]).
    """

    spec: SeriesSpec
    count: IntArray
    annotations: IntArray
    value: FloatArray
    normalised: bool


@dataclass(frozen=True, eq=False)
class TimelineData:
    """Everything a timeline chart draws: events, counts and the coverage band."""

    bucket: Bucket
    normalised: bool
    coverage: Coverage
    events: tuple[EventSeries, ...] = ()
    counts: tuple[CountSeries, ...] = ()
    specs: tuple[SeriesSpec, ...] = field(default=())


@dataclass(frozen=True, eq=False)
class ReachData:
    """Visitor counts: latest count per release over posted time, and one release's history.

    ``x``/``visitors``/``release_pk``/``titles``: releases of the selection with a known
    visitor count (float64 epoch seconds, int64 counts, int64 keys, n strings).
    ``history_x``/``history_count``: the recorded visitor-counter observations of
    release ``history_release_pk`` (epoch seconds of ``seen_at``, counts), oldest first.
    """

    x: FloatArray
    visitors: IntArray
    release_pk: IntArray
    titles: tuple[str, ...]
    history_release_pk: int | None = None
    history_title: str = ""
    history_x: FloatArray = field(default_factory=lambda: np.zeros(0))
    history_count: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


# ----------------------------------------------------------------------------- time math
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_seconds(dt: datetime) -> float:
    """POSIX seconds of an aware datetime (negative before 1970). Raises on a naive one."""
    if dt.tzinfo is None:
        raise ValueError(f"naive datetime {dt!r}: timelines need aware datetimes")
    return (dt - _EPOCH).total_seconds()


def ist_midnight_epoch(d: date) -> float:
    """Epoch seconds of 00:00 IST on calendar date ``d``."""
    return epoch_seconds(datetime(d.year, d.month, d.day, tzinfo=IST))


def ist_datetime(x: float) -> datetime:
    """The IST datetime of epoch seconds ``x`` (works before 1970)."""
    return (_EPOCH + timedelta(seconds=x)).astimezone(IST)


def bucket_start(d: date, bucket: Bucket) -> date:
    """The first IST date of the bucket holding IST date ``d`` (week: its Monday)."""
    if bucket is Bucket.DAY:
        return d
    if bucket is Bucket.WEEK:
        return d - timedelta(days=d.weekday())
    if bucket is Bucket.MONTH:
        return d.replace(day=1)
    return d.replace(month=1, day=1)


def next_bucket(start: date, bucket: Bucket) -> date:
    """The start date of the bucket after the one starting on ``start``."""
    if bucket is Bucket.DAY:
        return start + timedelta(days=1)
    if bucket is Bucket.WEEK:
        return start + timedelta(days=7)
    if bucket is Bucket.MONTH:
        y, m = divmod(start.month, 12)
        return date(start.year + y, m + 1, 1)
    return date(start.year + 1, 1, 1)


def make_coverage(bucket: Bucket, rows: list[tuple[date, int, int]]) -> Coverage:
    """A :class:`Coverage` from ``(bucket start, releases, annotated)`` rows (any order)."""
    rows = sorted(rows)
    starts = tuple(r[0] for r in rows)
    return Coverage(
        bucket=bucket,
        starts=starts,
        x=np.array([ist_midnight_epoch(d) for d in starts], dtype=np.float64),
        x_end=np.array(
            [ist_midnight_epoch(next_bucket(d, bucket)) for d in starts], dtype=np.float64
        ),
        releases=np.array([r[1] for r in rows], dtype=np.int64),
        annotated=np.array([r[2] for r in rows], dtype=np.int64),
    )


def make_counts(
    spec: SeriesSpec,
    coverage: Coverage,
    per_bucket: dict[date, tuple[int, int]],
    normalised: bool,
) -> CountSeries:
    """Align ``{bucket start: (count, annotations)}`` to the coverage buckets (0 where absent).

    Raises ``ValueError`` if a bucket of ``per_bucket`` has no releases in ``coverage``
    (it cannot: every counted release is in the coverage).
    """
    index = {d: i for i, d in enumerate(coverage.starts)}
    count = np.zeros(len(coverage), dtype=np.int64)
    anns = np.zeros(len(coverage), dtype=np.int64)
    for d, (c, a) in per_bucket.items():
        if d not in index:
            raise ValueError(f"series {spec.name!r}: bucket {d} missing from coverage")
        count[index[d]] = c
        anns[index[d]] = a
    if normalised:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(coverage.releases > 0, count / np.maximum(coverage.releases, 1), 0.0)
    else:
        value = count.astype(np.float64)
    return CountSeries(spec=spec, count=count, annotations=anns, value=value, normalised=normalised)


def csv_rows(data: TimelineData) -> list[list[str]]:
    """The rows ``pibdesk timeline -o X.csv`` writes, header first.

    Columns: ``bucket_start`` (IST date, ISO 8601), ``series``, ``value`` (as drawn:
    count, or share of releases when normalised), ``count`` (engaging releases),
    ``annotations``, ``releases_in_bucket`` (releases imported for the bucket).
    One row per series per bucket, series in pick order, every bucket from the first to
    the last bucket with releases: a bucket with no releases imported is written with
    zeros (``releases_in_bucket`` 0), so a gap in coverage shows in the file instead of
    silently joining its neighbours.
    """
    out = [["bucket_start", "series", "value", "count", "annotations", "releases_in_bucket"]]
    cov = data.coverage
    index = {d: i for i, d in enumerate(cov.starts)}
    days: list[date] = []
    if cov.starts:
        d, last = cov.starts[0], cov.starts[-1]
        while d <= last:
            days.append(d)
            d = next_bucket(d, cov.bucket)
    for s in data.counts:
        for d in days:
            i = index.get(d)
            if i is None:
                out.append([d.isoformat(), s.spec.name, "0", "0", "0", "0"])
                continue
            v = float(s.value[i])
            out.append(
                [
                    d.isoformat(),
                    s.spec.name,
                    f"{v:.6g}" if s.normalised else str(int(v)),
                    str(int(s.count[i])),
                    str(int(s.annotations[i])),
                    str(int(cov.releases[i])),
                ]
            )
    return out
