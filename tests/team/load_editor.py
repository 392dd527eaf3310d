"""One editor process of the team-mode load test (run by test_load.py, not by pytest).

Usage: python load_editor.py URL EDITOR_NO N_ANNOTATIONS SEED DEADLINE_EPOCH

Makes N annotations on the shared releases and, every third one, edits an annotation
another editor made (read, short think, update with the version read); stops early at
the deadline. Prints one JSON object: created ids, successful edits, conflicts, commit
latencies (seconds), and ``stopped_early`` (True when the deadline cut it short).
"""

from __future__ import annotations

import json
import random
import sys
import time

from pibdesk.core.errors import ConflictError, NotFoundError
from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.storage.db import Database


def main() -> int:
    url, me, n, seed, deadline = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    rnd = random.Random(seed)
    db = Database(url)
    ann = AnnotationService(db)
    rels = [(r.id, CorpusService(db).release(r.id).text) for r in CorpusService(db).summaries()]
    author = f"ed{me:02d}"
    created: list[int] = []
    edits: list[list[object]] = []  # [id, new_version, note]
    conflicts: list[list[int]] = []  # [id, expected, current]
    latencies: list[float] = []
    attempts = 0
    stopped_early = False
    for k in range(n):
        if time.time() > deadline:
            stopped_early = True
            break
        pk, text = rels[rnd.randrange(len(rels))]
        start = rnd.randrange(0, len(text) - 20)
        t0 = time.perf_counter()
        a = ann.create(NewAnnotation(pk, start, start + rnd.randrange(1, 20), "Person", author=author))
        latencies.append(time.perf_counter() - t0)
        created.append(a.id)
        if k % 3 == 2:
            target = None
            try:  # one row read: a recent annotation (editors collide there), if another's
                cand = ann.get(rnd.randrange(max(1, a.id - 30), a.id))
                target = cand if cand.author != author else None
            except (NotFoundError, ValueError):
                pass
            if target is not None:
                time.sleep(rnd.random() * 0.01)  # think: others may edit it meanwhile
                note = f"{author}-{k}"
                attempts += 1
                t0 = time.perf_counter()
                try:
                    done = ann.update(target.id, target.row_version, note=note)
                except ConflictError as e:
                    cur = e.current
                    conflicts.append([target.id, target.row_version, getattr(cur, "row_version", -1)])
                else:
                    latencies.append(time.perf_counter() - t0)
                    edits.append([done.id, done.row_version, note])
    db.dispose()
    print(json.dumps({"editor": author, "created": created, "edits": edits,
                      "conflicts": conflicts, "attempts": attempts, "latencies": latencies,
                      "stopped_early": stopped_early}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
