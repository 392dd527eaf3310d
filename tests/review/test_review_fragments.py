"""Discontinuous spans in review (issue 13): curation keeps an editor's fragments into the
curated layer, and agreement counts only the code points of the pieces, not the gap.

Founding release, independent mode: asha marks "Shri Rajnath Singh" + "Tokyo" as one
Person in two pieces, bala marks "Shri Rajnath Singh" only."""

from __future__ import annotations

from pathlib import Path

import pytest

from pibdesk.core.model import NewAnnotation
from pibdesk.core.review import CURATED, ReviewMode
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.review import ReviewService
from pibdesk.storage.db import Database

NAME = "Shri Rajnath Singh"


def test_curation_keeps_fragments_and_agreement_skips_the_gap(
    any_db: Database, raw_dir: Path
) -> None:
    corpus = CorpusService(any_db)
    pk = corpus.import_paths([raw_dir / "txt_1583904.txt"]).outcomes[0].release_pk
    assert pk is not None
    text = corpus.release(pk).text
    review, svc = ReviewService(any_db), AnnotationService(any_db)
    review.set_mode(pk, ReviewMode.INDEPENDENT, by="rev")
    s, t = text.index(NAME), text.index("Tokyo")
    a = svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="asha"))
    a = svc.add_fragment(a.id, t, t + 5, editor="asha")
    svc.create(NewAnnotation(pk, s, s + len(NAME), "Person", author="bala"))

    cur = review.curation(pk)
    keys = {r.candidate.key: r for r in cur.rows}
    asha_key = f"{s}:{t + 5}:Person:::::{s}-{s + len(NAME)};{t}-{t + 5}"
    assert asha_key in keys and f"{s}:{s + len(NAME)}:Person::::" in keys
    done = review.accept(pk, keys[asha_key].candidate, "rev")
    assert done.layer == CURATED and done.fragments == a.fragments
    assert (done.start, done.end) == (a.start, a.end)

    person = cur.agreement.get("Person")
    # units: the 18 code points of the name (both) + the 5 of "Tokyo" (asha only) = 23;
    # the ~400 code points between the pieces are not annotated by anyone
    assert person.units == len(NAME) + 5
    # alpha: n = 46 values, n1 = 23 + 18 = 41, n0 = 5, d = 5:
    #        1 - (n-1) * d / (n0 * n1) = 1 - 45*5/205 = -20/205
    assert person.alpha == pytest.approx(1 - 45 * 5 / 205)
