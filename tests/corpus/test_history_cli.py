"""``pibdesk history`` on the founding release after real work on it: marks, a relabel,
a note, a delete, and a revised text copy that re-anchors one span and flags another.
Text lines in IST, ``--json`` lines with before/after records, ``--annotation``, ``-o``,
an unknown release exiting 2."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pibdesk.core.model import NewAnnotation
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService

NAME = "Shri Rajnath Singh"
DELETED = (
    "Earlier, Shri Rajnath Singh paid homage to the martyrs of Japanese Self-Defence "
    "Forces at Ichigaya in Tokyo. "
)


def test_history_lists_every_change_in_order_with_before_and_after(  # type: ignore[no-untyped-def]
    db, db_path: Path, raw_dir: Path, tmp_path: Path, capsys
) -> None:
    from pibdesk.cli import main

    corpus, svc = CorpusService(db), AnnotationService(db)
    pk = corpus.import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    text = corpus.release(pk).text
    first = text.index(NAME)
    earlier = text.index("Earlier, " + NAME) + len("Earlier, ")
    a = svc.create(NewAnnotation(pk, first, first + len(NAME), "Person", author="ed"))
    b = svc.create(NewAnnotation(pk, earlier, earlier + len(NAME), "Person", author="ed"))
    svc.change_label(a.id, "Topic", editor="rev")
    svc.set_note(a.id, "the title, not the man", editor="rev")
    tokyo = text.index("Tokyo")
    c = svc.create(NewAnnotation(pk, tokyo, tokyo + 5, "Topic", author="ed"))
    svc.delete(c.id, editor="ed")
    # a revised copy: a sentence before the first mention grows, the "Earlier" one goes
    src = (raw_dir / "txt_1583904.txt").read_text(encoding="utf-8")
    rev = tmp_path / "rev" / "txt_1583904.txt"
    rev.parent.mkdir()
    rev.write_text(src.replace(DELETED, ""), encoding="utf-8")
    assert corpus.import_paths([rev]).outcomes[0].status == "revised"
    db.dispose()

    assert main(["history", "--db", str(db_path), "--release", "1583904", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    got = [(r["annotation_id"], r["action"], r["actor"]) for r in rows]
    assert got[:6] == [
        (a.id, "create", "ed"), (b.id, "create", "ed"), (a.id, "relabel", "rev"),
        (a.id, "note", "rev"), (c.id, "create", "ed"), (c.id, "delete", "ed"),
    ]
    # the revision re-anchored both live annotations ("Earlier" one flagged for review)
    assert sorted(got[6:]) == sorted([(a.id, "reanchor", ""), (b.id, "reanchor", "")])
    flagged = next(r for r in rows[6:] if r["annotation_id"] == b.id)
    assert flagged["before"]["needs_review"] is False and flagged["after"]["needs_review"] is True
    relabel = rows[2]
    assert (relabel["before"]["label"], relabel["after"]["label"]) == ("Person", "Topic")
    assert relabel["before"]["start"] == first and relabel["after"]["text"] == NAME
    assert rows[5]["after"] is None and rows[5]["before"]["label"] == "Topic"
    # times: UTC and IST, the same instant
    for r in rows:
        at, ist = datetime.fromisoformat(r["at"]), datetime.fromisoformat(r["at_ist"])
        assert at == ist and at.utcoffset().total_seconds() == 0
        assert ist.utcoffset().total_seconds() == 5.5 * 3600

    # text lines, one annotation, written to a file
    out = tmp_path / "hist.txt"
    assert main(["history", "--db", str(db_path), "--release", f"#{pk}",
                 "--annotation", str(a.id), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # create, relabel, note, reanchor
    assert lines[1].endswith(f"#{a.id}  rev  relabel: label Person → Topic")
    assert " IST  " in lines[0] and lines[2].endswith("note: note ∅ → the title, not the man")
    assert "wrote 4 change(s)" in capsys.readouterr().err

    assert main(["history", "--db", str(db_path), "--release", "999999"]) == 2
    assert "999999" in capsys.readouterr().err


def test_history_of_an_annotation_not_in_the_release_says_so(  # type: ignore[no-untyped-def]
    db, db_path: Path, raw_dir: Path, capsys
) -> None:
    """An ``--annotation`` id of another release (or a typo) exits 2 with a message, and a
    release without history says so on stderr instead of printing nothing silently."""
    from pibdesk.cli import main

    corpus, svc = CorpusService(db), AnnotationService(db)
    out = corpus.import_paths([raw_dir / "txt_1583904.txt", raw_dir / "txt_1598364.txt"])
    pk, other_pk = (o.release_pk for o in out.outcomes)
    assert pk is not None and other_pk is not None
    other = corpus.release(other_pk)
    theirs = svc.create(NewAnnotation(other_pk, 0, other.text.index(" "), "Topic", author="rev"))

    assert main(["history", "--db", str(db_path), "--release", "1583904"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no annotation history yet" in captured.err

    assert main(["history", "--db", str(db_path), "--release", "1583904",
                 "--annotation", str(theirs.id)]) == 2
    err = capsys.readouterr().err
    assert f"annotation {theirs.id} has no history in release 1583904" in err
    assert main(["history", "--db", str(db_path), "--release", f"#{other_pk}",
                 "--annotation", str(theirs.id)]) == 0
    assert f"#{theirs.id}  rev  create" in capsys.readouterr().out
