"""``pibdesk db copy`` from a PostgreSQL database that editors are writing to gives one
consistent snapshot (issue 9, "Moving work"; audit of issues 8/9).

PostgreSQL's default ``READ COMMITTED`` takes a new snapshot per statement: a copy that
reads ``release`` and later ``annotation`` would meet annotations of releases it never
copied (a foreign-key failure in the destination) and counts that belong to no single
moment. The copy reads the source in one ``REPEATABLE READ`` transaction instead.
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa

from pibdesk.core.model import NewAnnotation, ParsedRelease
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.copy import copy_database
from pibdesk.storage.db import Database

#: how long the test waits for the writer thread to commit during a copy (not a timing
#: assertion: a guard so a stuck writer fails the test instead of hanging it)
WAIT_S = 60


def _release(text: str, n: int) -> ParsedRelease:
    return ParsedRelease(
        title=f"Release {n}", text=f"{text}\n{n}", release_id=700_000 + n, source=f"test-{n}"
    )


def _fill(db: Database, text: str, releases: int = 8, per_release: int = 6) -> None:
    cs, an = CorpusService(db), AnnotationService(db)
    for i in range(releases):
        pk = cs.import_parsed(_release(text, i)).release_pk
        assert pk is not None
        for k in range(per_release):
            an.create(NewAnnotation(pk, k, k + 5, "Topic", author="anita"))


def _state(db: Database) -> tuple[set[int], dict[int, int], set[int]]:
    """(release ids, annotation id -> release id, ids of annotations the change log says
    were created) of ``db``."""
    with db.engine.connect() as c:
        releases = {r[0] for r in c.execute(sa.text("SELECT id FROM release"))}
        anns = {r[0]: r[1] for r in c.execute(sa.text("SELECT id, release_pk FROM annotation"))}
        logged = {
            r[0]
            for r in c.execute(
                sa.text("SELECT row_id FROM change_log WHERE table_name = 'annotation'")
            )
        }
    return releases, anns, logged


def _assert_consistent(copy: Database) -> tuple[int, int]:
    releases, anns, logged = _state(copy)
    orphans = {a: r for a, r in anns.items() if r not in releases}
    assert orphans == {}, f"annotations whose release was not copied: {orphans}"
    # every annotation write logs itself in the same transaction (change_log is copied
    # before annotation): one moment's copy has exactly the logged annotations
    assert set(anns) == logged
    return len(releases), len(anns)


def test_copy_does_not_see_writes_committed_while_it_runs(
    any_db: Database, tmp_path: Path, raw_dir: Path
) -> None:
    """Deterministic: between reading ``release`` and ``annotation`` another connection
    commits a new release with annotations; the copy holds the database as it was
    before, exactly (PostgreSQL source, and SQLite's WAL snapshot likewise)."""
    text = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    _fill(any_db, text)
    before = _state(any_db)
    writer = Database(any_db.url)
    written: list[int] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "release" and not written:  # release rows read, annotations not yet
            pk = CorpusService(writer).import_parsed(_release(text, 99)).release_pk
            assert pk is not None
            an = AnnotationService(writer)
            written.extend(an.create(NewAnnotation(pk, k, k + 4, "Person")).id for k in range(3))
            # and one more on a release the copy already holds
            written.append(an.create(NewAnnotation(min(before[0]), 20, 30, "Topic")).id)

    dst = Database(tmp_path / "home.db")
    try:
        report = copy_database(any_db, dst, progress=progress)
        assert len(written) == 4  # the writes happened, mid-copy, and were committed
        assert len(_state(any_db)[1]) == len(before[1]) + 4
        assert _state(dst) == before
        assert report.rows["annotation"] == len(before[1]) == 48
        assert report.rows["release"] == len(before[0]) == 8
        _assert_consistent(dst)
    finally:
        writer.dispose()
        dst.dispose()


def test_copy_while_a_writer_thread_annotates_is_consistent(
    pg_db: Database, tmp_path: Path, raw_dir: Path
) -> None:
    """A thread keeps importing releases and annotating them (each its own commit) while
    three copies run; each copy is one moment of the source."""
    text = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    _fill(pg_db, text, releases=20, per_release=10)
    base_releases, base_anns, _ = _state(pg_db)
    stop = threading.Event()
    rounds = [0]
    cond = threading.Condition()
    errors: list[BaseException] = []

    def write() -> None:
        d = Database(pg_db.url)
        cs, an = CorpusService(d), AnnotationService(d)
        n = 1000
        try:
            while not stop.is_set():
                n += 1
                pk = cs.import_parsed(_release(text, n)).release_pk
                assert pk is not None
                an.create(NewAnnotation(pk, 0, 5, "Topic", author="ravi"))
                an.create(NewAnnotation(min(base_releases), n % 50, n % 50 + 3, "Person"))
                with cond:
                    rounds[0] += 1
                    cond.notify_all()
        except BaseException as e:  # reported by the test below
            errors.append(e)
        finally:
            d.dispose()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    seen: list[tuple[int, int]] = []
    try:
        for trial in range(3):
            overlapped = [False]

            def progress(table: str, done: int, total: int, flag: list[bool] = overlapped) -> None:
                # the first call comes after the source was counted (its snapshot is
                # taken): wait for the writer to finish a whole round after that, so
                # every copy really runs while editors write
                if not flag[0]:
                    with cond:
                        start = rounds[0]
                        assert cond.wait_for(
                            lambda: rounds[0] > start or bool(errors), timeout=WAIT_S
                        ), "the writer thread stalled"
                    flag[0] = True

            dst = Database(tmp_path / f"home{trial}.db")
            try:
                report = copy_database(pg_db, dst, progress=progress, batch=40)
                assert overlapped[0]
                n_rel, n_ann = _assert_consistent(dst)
                assert (report.rows["release"], report.rows["annotation"]) == (n_rel, n_ann)
                # a writer round commits a release, then its annotation, then one on a
                # base release: one moment holds 2r-2, 2r-1 or 2r new annotations
                new_rel, new_ann = n_rel - len(base_releases), n_ann - len(base_anns)
                assert new_ann - 2 * new_rel in (-2, -1, 0), (new_rel, new_ann)
                seen.append((n_rel, n_ann))
            finally:
                dst.dispose()
    finally:
        stop.set()
        thread.join(WAIT_S)
    assert not errors, errors
    assert not thread.is_alive()
    final_rel, final_ann = (len(x) for x in _state(pg_db)[:2])
    print(
        f"3 copies while writing: (releases, annotations) = {seen}, source at end "
        f"({final_rel}, {final_ann})"
    )
    # the writer kept going during the copies: later copies hold more
    assert seen[0][1] < seen[1][1] < seen[2][1] <= final_ann
