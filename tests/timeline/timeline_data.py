"""A small database with releases on known IST dates, and the series it must give.

Texts come from the shared corpus (``raw/txt_*.txt``); dates, entities and annotations
are set here so every expected series value can be written down by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pibdesk.core.model import IST, NewAnnotation, ParsedRelease
from pibdesk.storage.db import Database
from pibdesk.storage.repositories import (
    AnnotationRepository,
    LabelRepository,
    ReleaseRepository,
)
from pibdesk.storage.tables import EntityRow

# (key, posted_at in IST or None, corpus file)
RELEASES = [
    ("r1", datetime(2019, 9, 2, 19, 22, tzinfo=IST), "txt_1598364.txt"),
    # 00:15 IST on 3 Sep = 18:45 UTC on 2 Sep: must count on the IST day, 3 Sep.
    ("r2", datetime(2019, 9, 3, 0, 15, tzinfo=IST), "txt_1598376.txt"),
    ("r3", datetime(2019, 9, 8, 23, 50, tzinfo=IST), "txt_1598423.txt"),  # a Sunday
    ("r4", datetime(2019, 9, 9, 10, 0, tzinfo=IST), "txt_1604789.txt"),  # Monday, no annotations
    # 00:10 IST on 1 Oct = 18:40 UTC on 30 Sep: October in IST.
    ("r5", datetime(2019, 10, 1, 0, 10, tzinfo=IST), "txt_1604798.txt"),
    # before 1970, also just after IST midnight (25 Jan 1965 in UTC)
    ("r6", datetime(1965, 1, 26, 0, 15, tzinfo=IST), "txt_1610960.txt"),
    ("r7", None, "txt_1610981.txt"),  # no posted date: not on the axis
]


@dataclass
class TimelineFixture:
    db: Database
    path: Path
    release: dict[str, int]
    entity: dict[str, int]
    ann: dict[str, int]
    texts: dict[str, str]


def _span(text: str, nth: int) -> tuple[int, int]:
    """The ``nth`` word (>= 4 letters) of ``text`` as a code-point span."""
    import re

    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    m = words[nth]
    return m.start(), m.end()


def build_timeline_db(db: Database, db_path: Path, raw_dir: Path) -> TimelineFixture:
    release: dict[str, int] = {}
    texts: dict[str, str] = {}
    ann: dict[str, int] = {}
    with db.session() as s:
        modi = EntityRow(kind="person", name="Narendra Modi")
        swachh = EntityRow(kind="topic", name="Swachh Bharat")
        shastri = EntityRow(kind="person", name="Lal Bahadur Shastri")
        s.add_all([modi, swachh, shastri])
        s.flush()
        entity = {"modi": modi.id, "swachh": swachh.id, "shastri": shastri.id}
        LabelRepository(s).upsert("Meeting", "#aa00aa", "M")
        repo = ReleaseRepository(s)
        for key, at, fname in RELEASES:
            text = (raw_dir / fname).read_text(encoding="utf-8").replace("\r\n", "\n")
            title = text.split("\n")[1].strip() or key
            rel = repo.add(ParsedRelease(title=title, text=text, posted_at=at, source=fname))
            release[key], texts[key] = rel.id, text
        anns = AnnotationRepository(s)

        def add(name: str, rel: str, nth: int, label: str, **kw: object) -> None:
            a, b = _span(texts[rel], nth)
            ann[name] = anns.add(
                NewAnnotation(release_pk=release[rel], start=a, end=b, label=label, **kw),  # type: ignore[arg-type]
                texts[rel],
            ).id

        m, sw, sh = entity["modi"], entity["swachh"], entity["shastri"]
        add("r1_p1", "r1", 3, "Person", entity_id=m)
        add("r1_stmt", "r1", 10, "Statement", speaker_id=m)
        add("r1_p2", "r1", 20, "Person", entity_id=m)
        add("r2_p", "r2", 5, "Person", entity_id=m)
        add("r3_topic", "r3", 4, "Topic", entity_id=sw)
        add("r3_stmt", "r3", 12, "Statement", speaker_id=m, topic_id=sw)
        add("r5_meet", "r5", 2, "Meeting", entity_id=m)
        add("r5_p", "r5", 6, "Person", entity_id=m)
        add("r6_p", "r6", 3, "Person", entity_id=sh)
        add("r7_p", "r7", 3, "Person", entity_id=m)  # undated: never counted
        # visitor counter history of r1, and latest counts of r1, r3
        repo.record_visitor_count(release["r1"], 100, datetime(2019, 9, 3, 9, 0, tzinfo=IST))
        repo.record_visitor_count(release["r1"], 250, datetime(2019, 9, 10, 9, 0, tzinfo=IST))
    from sqlmodel import text as sql

    with db.session() as s:
        s.execute(sql("UPDATE release SET visitor_count = 250 WHERE id = :i"), {"i": release["r1"]})
        s.execute(sql("UPDATE release SET visitor_count = 40 WHERE id = :i"), {"i": release["r3"]})
    return TimelineFixture(db, db_path, release, entity, ann, texts)


#: Expected series per bucket (bucket start date, count, annotations, releases in bucket).
EXPECTED_MODI_DAY = [
    ("1965-01-26", 0, 0, 1),
    ("2019-09-02", 1, 3, 1),
    ("2019-09-03", 1, 1, 1),  # the 00:15 IST release, on its IST day
    ("2019-09-08", 1, 1, 1),
    ("2019-09-09", 0, 0, 1),
    ("2019-10-01", 1, 2, 1),
]
EXPECTED_MODI_WEEK = [
    ("1965-01-25", 0, 0, 1),
    ("2019-09-02", 3, 5, 3),  # Mon 2 .. Sun 8 Sep
    ("2019-09-09", 0, 0, 1),
    ("2019-09-30", 1, 2, 1),
]
EXPECTED_MODI_MONTH = [
    ("1965-01-01", 0, 0, 1),
    ("2019-09-01", 3, 5, 4),
    ("2019-10-01", 1, 2, 1),
]
EXPECTED_MODI_YEAR = [
    ("1965-01-01", 0, 0, 1),
    ("2019-01-01", 4, 7, 5),
]
