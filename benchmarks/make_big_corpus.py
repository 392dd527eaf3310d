"""Make a big pibdesk database for the scale benchmarks: 50,000 releases, 1,000,000 spans.

    .venv/bin/python benchmarks/make_big_corpus.py [--out benchmarks/.data/big.db]
        [--releases 50000] [--spans 1000000] [--entities 5000] [--seed 16]

What it writes (a database migrated to head, so the app opens it as it is):

* **Releases**: ``--releases`` distinct releases made from the shared corpus's real texts
  (the 563 PIB-Direct JSON Lines rows and the raw text/HTML files, English and Indian
  languages, :func:`benchlib.corpus_releases`): release ``i`` is corpus release
  ``i mod n`` with PRID ``70,000,000 + i``, a numbered title and a closing sentence of its
  own (:func:`benchlib.variant`), posted at a random IST time over ten years
  (2016-2026). Each gets what an import writes: its ``release_revision`` 1, a
  ``visitor_count`` observation, its "read this release in" ``translation`` links and a
  ``change_log`` row; the FTS5 index fills through the schema's own triggers.
* **Entities**: ``--entities`` people and topics (three in four people) with one to three
  aliases each (``alias.normalized`` from :func:`pibdesk.core.names.normalize`); the
  real office holders of ``resources/offices.csv`` come first.
* **Spans**: ``--spans`` annotations in all, spread Zipf-like: a few releases hold many
  (the 20 longest-text releases hold exactly 500 each, for the open-release benchmark),
  most hold a few, some none. Each span covers whole words of its release's text
  (Person/Topic 1-3 words, Statement 8-30 words), so ``text[start:end]``, prefix and
  suffix are right and ``pibdesk check`` passes. Labels: Person 45 %, Topic 30 %,
  Statement 25 %; entities are drawn Zipf-like (exponent 1.1), so entity 1 is by far the
  most frequent, as the Prime Minister is in PIB's releases. Statements have a speaker
  and a kind, some a topic; one Person span in ten is not linked.

How: plain ``sqlite3`` ``executemany`` into the migrated schema, in transactions of 5,000
releases / 100,000 spans, with ``synchronous = OFF`` (a generated file needs no crash
safety; the app's own import path is what ``bench_import.py`` measures), then
``ANALYZE`` and an FTS5 ``optimize``. Deterministic for a given ``--seed``. Prints how
long each part took. The full size takes a few minutes and about 1.5 GB of disk.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from benchlib import DEFAULT_BIG_DB, REPO, corpus_releases, machine, variant

from pibdesk.core.model import QUOTE_CONTEXT
from pibdesk.core.names import normalize
from pibdesk.core.text import text_hash
from pibdesk.storage.db import Database

PRID_BASE = 70_000_000
SHOWCASE = 20  # releases holding exactly SHOWCASE_SPANS spans
SHOWCASE_SPANS = 500
REL_BATCH = 5_000
SPAN_BATCH = 100_000
#: a word: a run of anything but spaces and punctuation (keeps Indic vowel signs on their letter)
WORD = re.compile(r"[^\s.,;:!?()\[\]\"'“”‘’|/-]+")

FIRST = (
    "Aarav Anil Anita Arjun Deepa Gita Harish Indira Kavita Kiran Lakshmi Manoj Meena "
    "Naveen Nirmala Pooja Prakash Priya Rahul Rajesh Ravi Sanjay Seema Suresh Sunita "
    "Usha Vijay Vikram Yogesh Zoya"
).split()
LAST = (
    "Agarwal Banerjee Chatterjee Das Gupta Iyer Jain Joshi Kapoor Khan Kumar Menon Mishra "
    "Nair Patel Pillai Rao Reddy Saxena Sharma Singh Sinha Thakur Verma Yadav"
).split()
HONORIFIC = ("Shri", "Smt.", "Dr.")
TOPIC = (
    "agriculture railways defence health education vaccination renewable energy water "
    "sanitation GST taxation startups skill development tourism space research housing "
    "roads ports aviation textiles fisheries dairy mining steel coal power telecom "
    "digital payments cyber security elections women empowerment tribal welfare"
).split()


def _ts(d: datetime) -> str:
    """How the schema's UTCDateTime stores an aware datetime on SQLite (naive UTC text)."""
    return d.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def make_entities(n: int, rng: np.random.Generator) -> tuple[list[tuple], list[tuple], int]:
    """``(entity rows, alias rows, number of people)``: people first (office holders, then
    made-up names), then topics; ids 1..n."""
    people: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    with (REPO / "resources" / "offices.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["holder"].strip()
            if name and name not in seen:
                seen.add(name)
                people.append((name, [a for a in row["holder_aliases"].split("|") if a]))
    # the Prime Minister is PIB's most frequent person: make him entity 1
    people.sort(key=lambda p: p[0] != "Narendra Modi")
    n_people = max(len(people), (n * 3) // 4)
    k = 0
    while len(people) < n_people:
        name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}"
        if k >= len(FIRST) * len(LAST):
            name += f" {k // (len(FIRST) * len(LAST)) + 1}"
        k += 1
        people.append((name, [f"{HONORIFIC[k % 3]} {name}"] + ([name.split()[-1]] if k % 2 else [])))
    topics = []
    for t in range(n - n_people):
        base = TOPIC[t % len(TOPIC)]
        name = base if t < len(TOPIC) else f"{base} {t // len(TOPIC) + 1}"
        topics.append((name, [name.title()] if t % 3 == 0 else []))
    now = _ts(datetime.now(UTC))
    ents, aliases = [], []
    for i, (name, extra) in enumerate(people + topics, start=1):
        kind = "person" if i <= n_people else "topic"
        ents.append((i, kind, name, f"Q{1000 + i}" if i % 7 == 0 else None, now, now))
        for a in dict.fromkeys([name, *extra]):
            aliases.append((i, a, normalize(a)))
    return ents, aliases, n_people


def zipf_weights(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_BIG_DB)
    ap.add_argument("--releases", type=int, default=50_000)
    ap.add_argument("--spans", type=int, default=1_000_000)
    ap.add_argument("--entities", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    print(machine(), flush=True)
    t_all = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    for p in out.parent.glob(part.name + "*"):
        p.unlink()

    t = time.perf_counter()
    base = [b for b in corpus_releases() if len(b.text) >= 200]
    words = [[m.span() for m in WORD.finditer(b.text)] for b in base]
    print(f"corpus: {len(base)} releases with text, parsed in {time.perf_counter() - t:.1f} s", flush=True)

    db = Database(part)
    db.migrate()
    db.dispose()
    con = sqlite3.connect(part, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -200000")
    con.execute("PRAGMA foreign_keys = OFF")  # rows are written parents first anyway

    t = time.perf_counter()
    ents, aliases, n_people = make_entities(args.entities, rng)
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO entity (id, kind, name, wikidata_qid, created_at, updated_at) VALUES (?,?,?,?,?,?)",
        ents,
    )
    con.executemany("INSERT INTO alias (entity_id, alias, normalized) VALUES (?,?,?)", aliases)
    con.execute("COMMIT")
    print(f"entities: {len(ents)} ({n_people} people), {len(aliases)} aliases "
          f"in {time.perf_counter() - t:.1f} s", flush=True)  # fmt: skip

    # --- releases ---------------------------------------------------------------
    t = time.perf_counter()
    n = args.releases
    start = datetime(2016, 1, 1, tzinfo=UTC)
    seconds = np.sort(rng.integers(0, 10 * 365 * 86400, n))
    base_of = np.arange(n) % len(base)
    header_len = np.zeros(n, dtype=np.int64)  # code points before the corpus text starts
    text_len = np.zeros(n, dtype=np.int64)
    now = _ts(datetime.now(UTC))
    for k in range(0, n, REL_BATCH):
        con.execute("BEGIN")
        rel, rev, vis, tr, log = [], [], [], [], []
        for i in range(k, min(n, k + REL_BATCH)):
            b = base[base_of[i]]
            v = variant(b, i, PRID_BASE)
            pk = i + 1
            header_len[i] = len(f"{b.title} ({i})\n")
            text_len[i] = len(v.text)
            h = text_hash(v.text)
            posted = _ts(start + timedelta(seconds=int(seconds[i])))
            rel.append((
                pk, v.release_id, h, v.title, v.ministry, json.dumps(list(v.subtitles), ensure_ascii=False),
                posted, v.bureau, v.language, v.visitor_count, v.sign_off, v.source, v.text,
                1, 1, "not_started", now, now,
            ))  # fmt: skip
            rev.append((pk, 1, v.text, h, v.title, v.source, now))
            if v.visitor_count is not None:
                vis.append((pk, now, v.visitor_count))
            tr.extend((pk, x.language, x.label, x.release_id) for x in v.translations)
            log.append((now, "release", pk, pk, "insert", ""))
        con.executemany(
            "INSERT INTO release (id, release_id, text_hash, title, ministry, subtitles_json, "
            "posted_at, bureau, language, visitor_count, sign_off, source, text, has_text, "
            "revision, status, imported_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rel,
        )
        con.executemany(
            "INSERT INTO release_revision (release_pk, number, text, text_hash, title, source, "
            "imported_at) VALUES (?,?,?,?,?,?,?)",
            rev,
        )
        con.executemany("INSERT INTO visitor_count (release_pk, seen_at, count) VALUES (?,?,?)", vis)
        con.executemany(
            "INSERT INTO translation (release_pk, language, label, target_release_id) VALUES (?,?,?,?)",
            tr,
        )
        con.executemany(
            "INSERT INTO change_log (at, table_name, row_id, release_pk, action, author) "
            "VALUES (?,?,?,?,?,?)",
            log,
        )
        con.execute("COMMIT")
        print(f"  releases {min(n, k + REL_BATCH):>7,} / {n:,}  {time.perf_counter() - t:6.1f} s", flush=True)
    rel_s = time.perf_counter() - t

    # --- how many spans each release holds ----------------------------------------
    n_words = np.array([len(words[j]) for j in base_of], dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    showcase = np.argsort(-text_len, kind="stable")
    showcase = [int(i) for i in showcase if n_words[i] >= SHOWCASE_SPANS][: min(SHOWCASE, n)]
    rest_total = max(0, args.spans - SHOWCASE_SPANS * len(showcase))
    for i in showcase:
        counts[i] = SHOWCASE_SPANS
    others = np.setdiff1d(np.arange(n), showcase)
    if rest_total and len(others):
        # lognormal popularity times text length: a long tail, many with a few, some none
        w = rng.lognormal(0.0, 1.2, len(others)) * np.sqrt(n_words[others] + 1)
        counts[others] = rng.multinomial(rest_total, w / w.sum())
        cap = np.maximum(n_words[others] * 2, 1)  # at most two spans per word on average
        over = int(np.maximum(counts[others] - cap, 0).sum())
        counts[others] = np.minimum(counts[others], cap)
        while over:  # hand the capped surplus to releases with room, spread evenly
            room = cap - counts[others]
            idx = np.flatnonzero(room > 0)
            give = min(over, len(idx))
            pick = rng.choice(idx, size=give, replace=False)
            counts[others[pick]] += 1
            over -= give

    # --- spans ---------------------------------------------------------------------
    t = time.perf_counter()
    person_w = zipf_weights(n_people, 1.1)
    topic_w = zipf_weights(max(1, args.entities - n_people), 1.1)
    total = int(counts.sum())
    labels = rng.choice(3, size=total, p=[0.45, 0.30, 0.25])  # Person, Topic, Statement
    person_draw = rng.choice(n_people, size=total, p=person_w) + 1
    topic_draw = rng.choice(len(topic_w), size=total, p=topic_w) + 1 + n_people
    u = rng.random(total)
    lengths = rng.integers(0, 1 << 30, total)
    kinds = ("direct", "reported", "social")
    rows: list[tuple] = []
    c = 0
    done = 0
    for i in range(n):
        m = int(counts[i])
        if not m:
            continue
        b = base[base_of[i]]
        text = f"{b.title} ({i})\n{b.text}\n\nVariant sentence number {i}."
        ws = words[base_of[i]]
        off = int(header_len[i])
        starts = rng.integers(0, len(ws), m)
        for s_idx in starts:
            lab = int(labels[c])
            nw = 1 + int(lengths[c]) % 3 if lab != 2 else 8 + int(lengths[c]) % 23
            e_idx = min(len(ws) - 1, int(s_idx) + nw - 1)
            a, z = ws[int(s_idx)][0] + off, ws[e_idx][1] + off
            pre, exact, suf = text[max(0, a - QUOTE_CONTEXT) : a], text[a:z], text[z : z + QUOTE_CONTEXT]
            ent = spk = top = kind = None
            if lab == 0:
                label = "Person"
                ent = int(person_draw[c]) if u[c] >= 0.1 else None
            elif lab == 1:
                label = "Topic"
                ent = int(topic_draw[c])
            else:
                label = "Statement"
                spk = int(person_draw[c])
                kind = kinds[int(lengths[c]) % 3]
                top = int(topic_draw[c]) if u[c] < 0.3 else None
            rows.append((i + 1, a, z, label, exact, pre, suf, "generator", "manual", now, now,
                         ent, spk, kind, top, 0, 1))  # fmt: skip
            c += 1
        if len(rows) >= SPAN_BATCH or i == n - 1:
            con.execute("BEGIN")
            con.executemany(
                'INSERT INTO annotation (release_pk, start, "end", label, text, prefix, suffix, '
                "author, origin, created_at, updated_at, entity_id, speaker_id, statement_kind, "
                "topic_id, needs_review, row_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            con.execute("COMMIT")
            done += len(rows)
            rows = []
            print(f"  spans {done:>9,} / {total:,}  {time.perf_counter() - t:6.1f} s", flush=True)
    span_s = time.perf_counter() - t

    t = time.perf_counter()
    con.execute("INSERT INTO release_fts(release_fts) VALUES ('optimize')")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    fin_s = time.perf_counter() - t
    for suffix in ("", "-wal", "-shm"):
        out.with_name(out.name + suffix).unlink(missing_ok=True)
    part.rename(out)
    top = sqlite3.connect(out).execute(
        "SELECT e.name, count(*) FROM annotation a JOIN entity e ON e.id = coalesce(a.entity_id, a.speaker_id)"
        " GROUP BY e.id ORDER BY 2 DESC LIMIT 3"
    ).fetchall()
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.0f} MB): {n:,} releases in {rel_s:.1f} s, "
        f"{total:,} spans in {span_s:.1f} s, FTS optimize + ANALYZE {fin_s:.1f} s; "
        f"{len(showcase)} releases with {SHOWCASE_SPANS} spans; most frequent: {top}"
    )
    print(f"generation took {time.perf_counter() - t_all:.1f} s")


if __name__ == "__main__":
    main()
