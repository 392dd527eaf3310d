"""Series values per IST bucket, event kinds, coverage, reach and CSV (issue 5)."""

from __future__ import annotations

import csv
from datetime import date, datetime

import numpy as np
import pytest
from timeline_data import (
    EXPECTED_MODI_DAY,
    EXPECTED_MODI_MONTH,
    EXPECTED_MODI_WEEK,
    EXPECTED_MODI_YEAR,
    TimelineFixture,
)

from pibdesk.core.errors import NotFoundError
from pibdesk.core.model import IST
from pibdesk.core.timeline import Bucket, EngagementKind, SeriesSpec, epoch_seconds
from pibdesk.services.timeline import TimelineService, write_csv


def _table(data, i: int = 0) -> list[tuple[str, int, int, int]]:  # type: ignore[no-untyped-def]
    cov, s = data.coverage, data.counts[i]
    return [
        (d.isoformat(), int(s.count[k]), int(s.annotations[k]), int(cov.releases[k]))
        for k, d in enumerate(cov.starts)
    ]


@pytest.mark.parametrize(
    ("bucket", "expected"),
    [
        (Bucket.DAY, EXPECTED_MODI_DAY),
        (Bucket.WEEK, EXPECTED_MODI_WEEK),
        (Bucket.MONTH, EXPECTED_MODI_MONTH),
        (Bucket.YEAR, EXPECTED_MODI_YEAR),
    ],
)
def test_entity_counts_per_ist_bucket(tl: TimelineFixture, bucket: Bucket, expected) -> None:  # type: ignore[no-untyped-def]
    svc = TimelineService(tl.db)
    spec = SeriesSpec.for_entity(tl.entity["modi"], "Narendra Modi")
    data = svc.timeline([spec], bucket)
    assert _table(data) == expected
    # bucket x = the epoch of IST midnight on its start date
    first = data.coverage.starts[-1]
    assert (
        data.coverage.x[-1] == datetime(first.year, first.month, first.day, tzinfo=IST).timestamp()
    )


def test_the_0015_ist_release_counts_on_its_ist_day(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    spec = SeriesSpec.for_entity(tl.entity["modi"], "Narendra Modi")
    data = svc.timeline([spec], Bucket.DAY)
    days = [d.isoformat() for d in data.coverage.starts]
    assert "2019-09-03" in days and "2019-09-02" in days
    # r1 (19:22 IST on 2 Sep) and r2 (18:45 UTC on 2 Sep) fall on different IST days
    assert data.counts[0].count[days.index("2019-09-03")] == 1
    assert data.counts[0].count[days.index("2019-09-02")] == 1
    # and 00:10 IST on 1 Oct is October
    month = svc.timeline([spec], Bucket.MONTH)
    assert [d.isoformat() for d in month.coverage.starts][-1] == "2019-10-01"


def test_normalised_counts_are_share_of_releases(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    spec = SeriesSpec.for_entity(tl.entity["modi"], "Narendra Modi")
    data = svc.timeline([spec], Bucket.MONTH, normalised=True)
    assert data.counts[0].value.tolist() == [0.0, 0.75, 1.0]


def test_label_and_topic_series(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    specs = svc.resolve(["swachh bharat"], ["statement", "Meeting"])
    assert [s.name for s in specs] == ["Swachh Bharat", "Statement", "Meeting"]
    data = svc.timeline(specs, Bucket.WEEK)
    # Swachh Bharat: r3 has a Topic mention and a Statement with topic_id -> one release, 2 annotations
    assert _table(data, 0)[1] == ("2019-09-02", 1, 2, 3)
    # Statement label: r1 and r3, one statement each, same ISO week
    assert _table(data, 1)[1] == ("2019-09-02", 2, 2, 3)
    assert sum(_table(data, 1)[k][1] for k in range(4)) == 2
    # Meeting label: r5 only, in the week of Monday 30 Sep
    assert _table(data, 2)[3] == ("2019-09-30", 1, 1, 1)


def test_coverage_counts_annotated_releases(tl: TimelineFixture) -> None:
    data = TimelineService(tl.db).timeline([], Bucket.WEEK)
    assert [d.isoformat() for d in data.coverage.starts] == [
        "1965-01-25",
        "2019-09-02",
        "2019-09-09",
        "2019-09-30",
    ]
    assert data.coverage.releases.tolist() == [1, 3, 1, 1]
    assert data.coverage.annotated.tolist() == [1, 3, 0, 1]
    # bucket ends: a week after the start, in epoch seconds (1965 is negative)
    assert data.coverage.x[0] < 0
    assert (data.coverage.x_end - data.coverage.x).tolist() == [7 * 86400.0] * 4


def test_events_one_mark_per_release_strongest_kind(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    spec = SeriesSpec.for_entity(tl.entity["modi"], "Narendra Modi")
    ev = svc.timeline([spec], Bucket.DAY).events[0]
    r = tl.release
    assert ev.release_pk.tolist() == [r["r1"], r["r2"], r["r3"], r["r5"]]
    assert [EngagementKind(k) for k in ev.kind] == [
        EngagementKind.STATEMENT,
        EngagementKind.MENTION,
        EngagementKind.STATEMENT,
        EngagementKind.MENTION,
    ]
    # a click opens the first annotation of the strongest kind
    assert ev.annotation_id.tolist() == [
        tl.ann["r1_stmt"],
        tl.ann["r2_p"],
        tl.ann["r3_stmt"],
        tl.ann["r5_p"],
    ]
    assert ev.x[1] == epoch_seconds(datetime(2019, 9, 3, 0, 15, tzinfo=IST))
    # tooltip words: the annotated words of r1 (three spans)
    assert len(ev.words[0].split(" · ")) == 3
    assert ev.titles[0] and ev.titles[0] in tl.texts["r1"]


def test_other_engagement_kind(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    ev = svc.timeline(svc.resolve(labels=["Meeting"]), Bucket.DAY).events[0]
    assert ev.kind.tolist() == [int(EngagementKind.OTHER)]


def test_events_in_bucket(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    spec = SeriesSpec.for_entity(tl.entity["modi"], "Narendra Modi")
    ev = svc.events_in_bucket(spec, date(2019, 9, 2), Bucket.WEEK)
    assert ev.release_pk.tolist() == [tl.release[k] for k in ("r1", "r2", "r3")]
    ev = svc.events_in_bucket(spec, date(2019, 9, 2), Bucket.DAY)
    assert ev.release_pk.tolist() == [tl.release["r1"]]


def test_pre_1970_series(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    data = svc.timeline(svc.resolve(["Lal Bahadur Shastri"]), Bucket.DAY)
    assert _table(data)[0] == ("1965-01-26", 1, 1, 1)
    assert data.events[0].x[0] == epoch_seconds(datetime(1965, 1, 26, 0, 15, tzinfo=IST)) < 0


def test_resolve_errors(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    with pytest.raises(NotFoundError, match="no entity named 'Nobody'"):
        svc.resolve(["Nobody"])
    with pytest.raises(NotFoundError, match="no label named 'Quote'"):
        svc.resolve(labels=["Quote"])


def test_reach(tl: TimelineFixture) -> None:
    svc = TimelineService(tl.db)
    spec = SeriesSpec.for_entity(tl.entity["modi"], "Narendra Modi")
    reach = svc.reach([spec], history_release_pk=tl.release["r1"])
    assert reach.release_pk.tolist() == [tl.release["r1"], tl.release["r3"]]
    assert reach.visitors.tolist() == [250, 40]
    assert reach.history_count.tolist() == [100, 250]
    assert np.diff(reach.history_x).tolist() == [7 * 86400.0]
    with pytest.raises(NotFoundError):
        svc.reach([], history_release_pk=999_999)


def test_csv_matches_series(tl: TimelineFixture, tmp_path) -> None:  # type: ignore[no-untyped-def]
    svc = TimelineService(tl.db)
    specs = svc.resolve(["Narendra Modi"])
    out = tmp_path / "modi.csv"
    n = write_csv(svc.timeline(specs, Bucket.DAY), out)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # every day from 26 Jan 1965 to 1 Oct 2019: days with no releases are written as zeros
    assert n == len(rows) == (date(2019, 10, 1) - date(1965, 1, 26)).days + 1
    assert [r["bucket_start"] for r in rows[:2]] == ["1965-01-26", "1965-01-27"]
    got = [
        (r["bucket_start"], int(r["count"]), int(r["annotations"]), int(r["releases_in_bucket"]))
        for r in rows
    ]
    assert [g for g in got if g[3]] == EXPECTED_MODI_DAY
    gaps = [g for g in got if not g[3]]
    assert gaps and all(g[1:] == (0, 0, 0) for g in gaps)
    assert ("2019-09-04", 0, 0, 0) in gaps  # between the 3 Sep and 8 Sep releases
    assert all(r["series"] == "Narendra Modi" and r["value"] == r["count"] for r in rows)
