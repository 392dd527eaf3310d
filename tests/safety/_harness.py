"""Helpers for the data-safety tests: run the driver, read its lines, check the file."""

from __future__ import annotations

import queue
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

DRIVER = Path(__file__).with_name("driver.py")


def spawn(*args: str) -> subprocess.Popen[str]:
    """Start the driver with ``args``; stdout/stdin are text pipes, stderr is captured."""
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


class Lines:
    """The stdout lines of a process, read by a thread so waits can time out."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.q: queue.Queue[str | None] = queue.Queue()
        self.proc = proc
        t = threading.Thread(target=self._pump, daemon=True)
        t.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.endswith("\n"):  # a line cut by the kill is not a report
                self.q.put(line.rstrip("\n"))
        self.q.put(None)

    def get(self, timeout: float) -> str | None:
        """The next line; None at end of output. Raises ``queue.Empty`` on timeout."""
        return self.q.get(timeout=timeout)


def integrity(path: Path) -> tuple[str, list[tuple[object, ...]]]:
    """``PRAGMA integrity_check`` result and ``foreign_key_check`` rows of ``path``."""
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return ok, fks


@dataclass
class Model:
    """What the driver reported done: annotation id -> (row_version, note)."""

    alive: dict[int, tuple[int, str]] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    inflight: tuple[str, int | None] | None = None
    done: int = 0

    def feed(self, line: str) -> None:
        parts = line.split()
        if not parts:
            return
        if parts[0] == "begin":
            self.inflight = (parts[1], int(parts[2]) if len(parts) > 2 else None)
        elif parts[0] == "done" and len(parts) >= 3:
            op, ann_id = parts[1], int(parts[2])
            if op in ("create", "update"):
                self.alive[ann_id] = (int(parts[3]), parts[4])
                self.deleted.discard(ann_id)
            elif op == "delete":
                self.alive.pop(ann_id, None)
                self.deleted.add(ann_id)
            self.inflight = None
            self.done += 1

    def verify(self, path: Path) -> int:
        """Assert the file holds every reported action (the one in flight may have gone
        either way); adopt the in-flight outcome. Returns how many annotations were checked."""
        conn = sqlite3.connect(path)
        try:
            rows = {
                i: (v, str(n))
                for i, v, n in conn.execute("SELECT id, row_version, note FROM annotation")
            }
        finally:
            conn.close()
        op, target = self.inflight or ("", None)
        for ann_id, (version, note) in list(self.alive.items()):
            if ann_id == target and op == "delete" and ann_id not in rows:
                del self.alive[ann_id]
                self.deleted.add(ann_id)
                continue
            assert ann_id in rows, f"annotation {ann_id} reported done is missing"
            if ann_id == target and op == "update":
                assert rows[ann_id][0] in (version, version + 1), (ann_id, rows[ann_id], version)
                self.alive[ann_id] = rows[ann_id]
            else:
                assert rows[ann_id] == (version, note), (ann_id, rows[ann_id], version, note)
        unknown = set(rows) - set(self.alive)
        assert len(unknown) <= (1 if op == "create" else 0), (
            f"annotations nobody reported: {sorted(unknown)} (in flight: {self.inflight})"
        )
        for ann_id in unknown:  # the in-flight create committed before the kill
            self.alive[ann_id] = rows[ann_id]
            self.deleted.discard(ann_id)
        for ann_id in self.deleted:
            assert ann_id not in rows, f"annotation {ann_id} reported deleted is back"
        self.inflight = None
        return len(rows)
