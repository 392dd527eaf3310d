"""A headless pibdesk "editor" for the data-safety tests: real services, one process.

Run as a script (``python tests/safety/driver.py MODE --db PATH ...``). Every line it
prints is flushed at once, and a ``done ...`` line is printed only after the service
call (one committed transaction) has returned, exactly when the UI would report the
action done.

Modes
-----
``crash``   import a corpus release, then create/update/delete annotations at random
            forever. Lines: ``release <pk>``, ``begin <op> <id>``, ``done create <id>
            <version> <note>``, ``done update <id> <version> <note>``, ``done delete <id>``.
``zygote``  import everything once, then for each ``run SEED`` line on stdin fork a
            child that runs ``crash`` with that seed on a fresh Database (the child
            prints ``pid <pid>`` first, so the test can SIGKILL it); the zygote prints
            ``exit <pid> <status>`` when the child is gone. Saves the interpreter start
            for every kill (the machine has two cores).
``concurrent``  create ``--ops`` annotations and, after each, increment the counter in
            the note of annotation ``--shared`` with ``expected_version`` (``done
            shared <version> <value>`` or ``conflict shared``); then print ``ready
            <version>``, wait for ``go`` on stdin and make one more edit with that
            (possibly stale) version: ``done final`` or ``conflict final``.
``migrate`` upgrade the database the way the app does at start: ``migrating``, then
            ``done migrate``.
Any other exception prints ``error <Type>: <message>`` and exits 1.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pibdesk.core.errors import ConflictError  # noqa: E402
from pibdesk.core.model import NewAnnotation, ParsedRelease  # noqa: E402
from pibdesk.services.annotations import AnnotationService  # noqa: E402
from pibdesk.services.corpus import CorpusService  # noqa: E402
from pibdesk.storage.db import Database  # noqa: E402

CORPUS_FILE = ROOT.parent / "shared" / "corpus" / "raw" / "txt_1583904.txt"
LABELS = ("Person", "Statement", "Topic")


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def import_release(db: Database) -> int:
    """Import the founding corpus release (parser if present); returns its key."""
    try:
        from pibdesk.parsing import parse_file

        parsed = parse_file(CORPUS_FILE)
    except ImportError:  # parser not there: the raw text will do
        text = CORPUS_FILE.read_text(encoding="utf-8")
        parsed = ParsedRelease(title=text.splitlines()[0], text=text, source=CORPUS_FILE.name)
    out = CorpusService(db).import_parsed(parsed)
    assert out.release_pk is not None
    return out.release_pk


def crash_loop(db_path: str, seed: int) -> None:
    rng = random.Random(seed)
    db = Database(db_path)
    pk = import_release(db)
    say("release", pk)
    svc = AnnotationService(db)
    text_len = len(CorpusService(db).release(pk).text)
    alive = {a.id: a.row_version for a in svc.for_release(pk)}
    while True:
        r = rng.random()
        if r < 0.5 or len(alive) < 3:
            start = rng.randrange(0, text_len - 40)
            end = start + rng.randint(1, 40)
            say("begin create")
            a = svc.create(NewAnnotation(pk, start, end, rng.choice(LABELS), author="driver"))
            alive[a.id] = a.row_version
            say("done create", a.id, a.row_version, a.note)
        elif r < 0.8:
            ann_id = rng.choice(sorted(alive))
            note = f"n{rng.randrange(10**6)}"
            say("begin update", ann_id)
            a = svc.update(ann_id, alive[ann_id], note=note)
            alive[ann_id] = a.row_version
            say("done update", a.id, a.row_version, a.note)
        else:
            ann_id = rng.choice(sorted(alive))
            say("begin delete", ann_id)
            svc.delete(ann_id)
            del alive[ann_id]
            say("done delete", ann_id)


def zygote(db_path: str) -> None:
    say("zygote ready")
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] != "run":
            break
        pid = os.fork()
        if pid == 0:  # the child: a fresh process image state, no inherited connections
            try:
                say("pid", os.getpid())
                crash_loop(db_path, int(cmd[1]))
            except BaseException as e:  # never return into the zygote's loop
                say("error", f"{type(e).__name__}: {e}")
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        say("exit", pid, status)


def concurrent(db_path: str, ops: int, shared: int, seed: int, seconds: float) -> None:
    rng = random.Random(seed)
    db = Database(db_path)
    svc = AnnotationService(db)
    pk = svc.get(shared).release_pk
    text_len = len(CorpusService(db).release(pk).text)
    deadline = time.monotonic() + seconds
    for _ in range(ops):
        if time.monotonic() > deadline:
            break
        start = rng.randrange(0, text_len - 20)
        a = svc.create(NewAnnotation(pk, start, start + rng.randint(1, 20), "Topic"))
        say("done create", a.id)
        cur = svc.get(shared)
        try:
            b = svc.update(shared, cur.row_version, note=str(int(cur.note or "0") + 1))
            say("done shared", b.row_version, b.note)
        except ConflictError:
            say("conflict shared")
    cur = svc.get(shared)
    say("ready", cur.row_version)
    sys.stdin.readline()
    try:
        b = svc.update(shared, cur.row_version, note=str(int(cur.note or "0") + 1))
        say("done final", b.row_version, b.note)
    except ConflictError as e:
        say("conflict final", str(e).replace("\n", " "))


def migrate(db_path: str) -> None:
    """Upgrade the database as the app does at start (backup first, then migrations)."""
    from pibdesk.services.maintenance import upgrade_database

    say("migrating")
    db = Database(db_path)
    upgrade_database(db)
    db.dispose()
    say("done migrate")


def import_files(db_path: str, seed: int) -> None:
    """Import every release file of the shared corpus's ``raw/`` (shuffled by ``seed``),
    in batches of 1-4 files through :meth:`CorpusService.import_paths` (one transaction
    per batch, as the app's bulk import), on a database this process creates if it is
    missing; prints ``done <file>`` for each file of a batch once it has committed."""
    rng = random.Random(seed)
    files = sorted(p for p in CORPUS_FILE.parent.iterdir() if p.is_file())
    rng.shuffle(files)
    db = Database(db_path)
    say("creating")
    db.migrate()
    say("ready")
    i = 0
    while i < len(files):
        batch = files[i : i + rng.randint(1, 4)]
        i += len(batch)
        report = CorpusService(db).import_paths(batch)
        for o in report.outcomes:
            if o.status != "failed" and o.release_pk is not None:
                say("done", o.release_pk, Path(o.source).name)
    db.dispose()
    say("exit")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["crash", "zygote", "concurrent", "migrate", "import"])
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ops", type=int, default=100)
    ap.add_argument("--shared", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    try:
        if args.mode == "crash":
            crash_loop(args.db, args.seed)
        elif args.mode == "zygote":
            zygote(args.db)
        elif args.mode == "migrate":
            migrate(args.db)
        elif args.mode == "import":
            import_files(args.db, args.seed)
        else:
            concurrent(args.db, args.ops, args.shared, args.seed, args.seconds)
    except Exception as e:
        say("error", f"{type(e).__name__}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
