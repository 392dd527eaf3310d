"""Crash safety (issue 8 §1): SIGKILL at random moments never loses a committed action.

A driver process (tests/safety/driver.py) annotates the founding release through the
real services and prints ``done ...`` after each commit returns. We SIGKILL it after a
random delay, many times, and after every kill check that each action reported done is
in the file (the one in flight may have gone either way), that deleted annotations stay
deleted, and that ``PRAGMA integrity_check`` and ``pibdesk check`` pass.

The first kills hit freshly started interpreters (any moment: opening, importing,
annotating); the rest hit children forked from a warmed-up "zygote" driver, so the test
makes many kills within its time bound on a two-core machine.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from pibdesk.services.check import run_checks
from pibdesk.storage.db import Database

from ._harness import Lines, Model, integrity, spawn

COLD_KILLS = 3
TARGET_KILLS = 25
MIN_KILLS = 10
BUDGET_S = 40.0


def _check_after_kill(db_path: Path, model: Model) -> int:
    ok, fks = integrity(db_path)
    assert ok == "ok", ok
    assert fks == []
    n = model.verify(db_path)
    db = Database(db_path)
    try:
        report = run_checks(db)
    finally:
        db.dispose()
    assert report.ok, "\n".join(report.lines())
    return n


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the warm driver forks (POSIX only)")
def test_sigkill_at_random_points_loses_nothing_committed(tmp_path: Path, say: Any) -> None:
    db_path = tmp_path / "crash.db"
    db = Database(db_path)
    db.migrate()
    db.dispose()
    rng = random.Random(8)
    model = Model()
    kills = checked = 0
    t0 = time.monotonic()

    # 1. cold starts, killed at any moment after spawn
    for i in range(COLD_KILLS):
        proc = spawn("crash", "--db", str(db_path), "--seed", str(i))
        lines = Lines(proc)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        while (line := lines.get(timeout=30)) is not None:
            assert not line.startswith("error"), line
            model.feed(line)
        kills += 1
        checked += _check_after_kill(db_path, model)

    # 2. forked children of a warm driver, killed at random points of the annotate loop
    zyg = spawn("zygote", "--db", str(db_path))
    zlines = Lines(zyg)
    assert zlines.get(timeout=60) == "zygote ready"
    assert zyg.stdin is not None
    try:
        while kills < TARGET_KILLS and time.monotonic() - t0 < BUDGET_S:
            zyg.stdin.write(f"run {kills}\n")
            zyg.stdin.flush()
            first = zlines.get(timeout=60)
            assert first is not None and first.startswith("pid "), first
            pid = int(first.split()[1])
            kill_at = None
            while True:
                timeout = 60.0 if kill_at is None else max(0.0, kill_at - time.monotonic())
                try:
                    line = zlines.get(timeout=timeout)
                except queue.Empty:
                    os.kill(pid, signal.SIGKILL)
                    break
                assert line is not None and not line.startswith(("error", "exit")), line
                model.feed(line)
                if kill_at is None and line.startswith("done"):
                    # at least one action per child, then any moment of the next ones
                    kill_at = time.monotonic() + rng.uniform(0.0, 0.5)
            while (line := zlines.get(timeout=30)) is not None and not line.startswith("exit"):
                assert not line.startswith("error"), line
                model.feed(line)
            assert line is not None and int(line.split()[2]) == signal.SIGKILL, line
            kills += 1
            checked += _check_after_kill(db_path, model)
    finally:
        zyg.stdin.close()
        try:
            zyg.wait(timeout=30)
        except subprocess.TimeoutExpired:
            zyg.kill()

    say(
        f"crash test: {kills} SIGKILLs in {time.monotonic() - t0:.1f} s, "
        f"{model.done} actions reported done, {checked} annotation checks after kills, "
        f"{len(model.alive)} annotations alive at the end"
    )
    assert kills >= MIN_KILLS
    assert model.done >= kills - COLD_KILLS  # every warm child was killed mid-loop


MIGRATION_KILLS = 6


@pytest.mark.slow
def test_sigkill_during_the_upgrade_at_start(tmp_path: Path, say: Any) -> None:
    """A kill while the app upgrades an old database leaves it at the old revision or at
    head, whole, with every row, and the next start finishes the upgrade."""
    from .test_migration_fixtures import FIXTURES, _rows

    fixture = FIXTURES / "schema_0001.db"
    rng = random.Random(14)
    outcomes = {"old": 0, "head": 0}
    for i in range(MIGRATION_KILLS):
        path = tmp_path / f"m{i}" / "old.db"
        path.parent.mkdir()
        path.write_bytes(fixture.read_bytes())
        before = _rows(path)
        proc = spawn("migrate", "--db", str(path))
        lines = Lines(proc)
        assert lines.get(timeout=60) == "migrating"
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert integrity(path) == ("ok", [])
        db = Database(path)
        rev = db.current_revision()
        assert rev in ("0001", db.head_revision()), rev
        outcomes["old" if rev == "0001" else "head"] += 1
        from pibdesk.services.maintenance import upgrade_database

        upgrade_database(db)  # the next start
        assert db.current_revision() == db.head_revision()
        db.dispose()
        after = _rows(path)
        for table, rows in before.items():
            for rid, values in rows.items():
                assert {k: after[table][rid].get(k) for k in values} == values, (table, rid)
    say(
        f"upgrade kills: {MIGRATION_KILLS} SIGKILLs during the upgrade at start, "
        f"{outcomes['old']} left at 0001, {outcomes['head']} at head; all whole and upgradable"
    )
