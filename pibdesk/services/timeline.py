"""Engagement timelines (issue 5): series for the timeline chart, reach, CSV export.

Series are computed in SQL (GROUP BY over posted dates converted to IST, see
:mod:`pibdesk.storage.timeline_queries`) and returned as the plain arrays of
:mod:`pibdesk.core.timeline`, whose docstring defines mention / statement / other
engagement, events, counts, buckets and normalisation. Every method opens its own
session, so it may run on a worker thread (one call = one read transaction).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import numpy as np

from pibdesk.core.errors import NotFoundError, PibdeskError
from pibdesk.core.model import IST, Entity
from pibdesk.core.timeline import (
    Bucket,
    EventSeries,
    ReachData,
    SeriesSpec,
    TimelineData,
    csv_rows,
    epoch_seconds,
    make_counts,
    make_coverage,
    next_bucket,
)
from pibdesk.storage import timeline_queries as q
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import LabelRepository


class TimelineService:
    """Timeline series over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- picks ---------------------------------------------------------------------
    def entities(self) -> list[Entity]:
        """All entities (people, topics) the editor can pick, by kind and name."""
        with self.db.read_session() as s:
            return q.entities(s)

    def labels(self) -> list[str]:
        """Names of the labels of the schema, in schema order."""
        with self.db.read_session() as s:
            return [lab.name for lab in LabelRepository(s).all()]

    def resolve(
        self, entity_names: Sequence[str] = (), labels: Sequence[str] = ()
    ) -> tuple[SeriesSpec, ...]:
        """Series specs for entity names and label names.

        An entity is named by its name or an alias, case- and honorific-insensitive, or
        as ``#ID`` (see :func:`pibdesk.storage.timeline_queries.entities_named`).

        Raises :class:`NotFoundError` naming an unknown entity or label, and
        :class:`PibdeskError` for a name shared by several entities.
        """
        specs: list[SeriesSpec] = []
        with self.db.read_session() as s:
            for name in entity_names:
                found = q.entities_named(s, name)
                if not found:
                    raise NotFoundError(f"no entity named {name!r}")
                if len(found) > 1:
                    ids = ", ".join(f"{e.id} ({e.kind.value})" for e in found)
                    raise PibdeskError(
                        f"entity name {name!r} is ambiguous: ids {ids} (pick one as #ID)"
                    )
                specs.append(SeriesSpec.for_entity(found[0].id, found[0].name))
            known = [lab.name for lab in LabelRepository(s).all()]
            for label in labels:
                match = [k for k in known if k.casefold() == label.casefold()]
                if not match:
                    raise NotFoundError(f"no label named {label!r} (labels: {', '.join(known)})")
                specs.append(SeriesSpec.for_label(match[0]))
        return tuple(specs)

    # -- series --------------------------------------------------------------------
    def timeline(
        self,
        specs: Sequence[SeriesSpec],
        bucket: Bucket = Bucket.MONTH,
        normalised: bool = False,
        events: bool = True,
        first_day: date | None = None,
        last_day: date | None = None,
    ) -> TimelineData:
        """Coverage, counts and (if ``events``) event marks for ``specs``, one transaction.

        ``first_day``/``last_day`` (IST calendar dates, both inclusive) limit the
        releases to those posted in that period.
        """
        bucket = Bucket(bucket)
        since = datetime.combine(first_day, time(0), IST) if first_day else None
        until = datetime.combine(last_day + timedelta(days=1), time(0), IST) if last_day else None
        with self.db.read_session() as s:
            coverage = make_coverage(bucket, q.coverage_rows(s, bucket, since, until))
            per_series = q.count_rows_many(s, tuple(specs), bucket, since, until)
            counts = tuple(
                make_counts(sp, coverage, rows, normalised)
                for sp, rows in zip(specs, per_series, strict=True)
            )
            ev = tuple(self._events(s, sp, since, until) for sp in specs) if events else ()
        return TimelineData(
            bucket=bucket,
            normalised=normalised,
            coverage=coverage,
            events=ev,
            counts=counts,
            specs=tuple(specs),
        )

    @staticmethod
    def _events(
        s: object, spec: SeriesSpec, since: datetime | None = None, until: datetime | None = None
    ) -> EventSeries:
        rows = list(q.event_rows(s, spec, since, until))  # type: ignore[arg-type]
        return EventSeries(
            spec=spec,
            x=np.array([epoch_seconds(r.posted_at) for r in rows], dtype=np.float64),
            kind=np.array([int(r.kind) for r in rows], dtype=np.int64),
            release_pk=np.array([r.release_pk for r in rows], dtype=np.int64),
            annotation_id=np.array([r.annotation_id for r in rows], dtype=np.int64),
            titles=tuple(r.title for r in rows),
            words=tuple(" · ".join(r.words) for r in rows),
        )

    def events_in_bucket(self, spec: SeriesSpec, start: date, bucket: Bucket) -> EventSeries:
        """The series' events in the IST bucket starting on ``start`` (a bar's releases)."""
        since = datetime.combine(start, time(0), IST)
        until = datetime.combine(next_bucket(start, Bucket(bucket)), time(0), IST)
        with self.db.read_session() as s:
            return self._events(s, spec, since, until)

    # -- reach ---------------------------------------------------------------------
    def reach(
        self, specs: Sequence[SeriesSpec] = (), history_release_pk: int | None = None
    ) -> ReachData:
        """Visitor counts of the releases engaging ``specs`` (all releases if none), and
        the visitor-counter history of ``history_release_pk`` (raises
        :class:`NotFoundError` if that release does not exist)."""
        with self.db.read_session() as s:
            rows = q.reach_rows(s, tuple(specs))
            hist_title, hist = "", list[tuple[datetime, int]]()
            if history_release_pk is not None:
                hist_title, hist = q.visitor_history(s, history_release_pk)
        return ReachData(
            x=np.array([epoch_seconds(r[1]) for r in rows], dtype=np.float64),
            visitors=np.array([r[3] for r in rows], dtype=np.int64),
            release_pk=np.array([r[0] for r in rows], dtype=np.int64),
            titles=tuple(r[2] for r in rows),
            history_release_pk=history_release_pk,
            history_title=hist_title,
            history_x=np.array([epoch_seconds(h[0]) for h in hist], dtype=np.float64),
            history_count=np.array([h[1] for h in hist], dtype=np.int64),
        )


def write_csv(data: TimelineData, path: str | os.PathLike[str]) -> int:
    """Write the count series of ``data`` as CSV (columns: :func:`pibdesk.core.timeline.csv_rows`).

    UTF-8, ``\\r\\n`` line ends (RFC 4180 via the csv module). Writes a sibling temporary
    file and renames it, so a failure leaves no half-written file. Returns data rows written.
    """
    rows = csv_rows(data)
    target = os.fspath(path)
    tmp = target + ".part"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(rows) - 1
