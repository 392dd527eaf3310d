"""Two editors' independent layers on real corpus releases, built through the services.

Release 1583904 (the founding example), editors ``asha`` and ``bala``:

=========  =================================  ==================================
label      asha                               bala
=========  =================================  ==================================
Person     "Rajnath Singh" (13 cp)            "Shri Rajnath Singh" (18 cp, holds
                                              asha's span)
Person     "Takeshi lwaya" (13)               "Takeshi lwaya" (13)
Topic      "Article 370" (11)                 "Article 370" (11)
Topic      –                                  "DefExpo 2020" (12)
=========  =================================  ==================================

(first occurrence of each in the release text). Two agreements (Takeshi lwaya, Article
370) and three disagreements (asha's "Rajnath Singh", bala's "Shri Rajnath Singh", bala's
"DefExpo 2020").

Release 1598364 (Ministry of Culture, Year End Review 2019): both mark Person "Mahatma
Gandhi" (14 cp); bala alone marks Topic "Sanskriti Kumbh" (15 cp).

Release 1598376 stays in shared mode, annotated by ``asha`` and ``chitra``: it must not
count in the corpus agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pibdesk.core.model import NewAnnotation
from pibdesk.core.review import ReviewMode
from pibdesk.services.annotations import AnnotationService
from pibdesk.services.corpus import CorpusService
from pibdesk.services.review import ReviewService
from pibdesk.storage.db import Database

FOUNDING, CULTURE, SHARED = 1583904, 1598364, 1598376


@dataclass(frozen=True)
class Built:
    pks: dict[int, int]  # PRID -> release key
    texts: dict[int, str]  # PRID -> text

    def span(self, prid: int, words: str) -> tuple[int, int]:
        i = self.texts[prid].index(words)
        return i, i + len(words)


def build_layers(db: Database, raw_dir: Path) -> Built:
    """Import three releases and annotate them as described in the module docstring."""
    corpus = CorpusService(db)
    report = corpus.import_paths(
        [raw_dir / f"txt_{p}.txt" for p in (FOUNDING, CULTURE, SHARED)]
    )
    pks = {o.release_id: o.release_pk for o in report.outcomes}
    assert None not in pks.values(), report.to_json()
    texts = {prid: corpus.release(pk).text for prid, pk in pks.items()}  # type: ignore[arg-type]
    built = Built(pks, texts)  # type: ignore[arg-type]
    review = ReviewService(db)
    for prid in (FOUNDING, CULTURE):
        review.set_mode(pks[prid], ReviewMode.INDEPENDENT, by="reviewer")  # type: ignore[arg-type]
    svc = AnnotationService(db)

    def mark(prid: int, author: str, words: str, label: str) -> None:
        s, e = built.span(prid, words)
        svc.create(NewAnnotation(pks[prid], s, e, label, author=author))  # type: ignore[arg-type]

    mark(FOUNDING, "asha", "Rajnath Singh", "Person")
    mark(FOUNDING, "asha", "Takeshi lwaya", "Person")
    mark(FOUNDING, "asha", "Article 370", "Topic")
    mark(FOUNDING, "bala", "Shri Rajnath Singh", "Person")
    mark(FOUNDING, "bala", "Takeshi lwaya", "Person")
    mark(FOUNDING, "bala", "Article 370", "Topic")
    mark(FOUNDING, "bala", "DefExpo 2020", "Topic")
    mark(CULTURE, "asha", "Mahatma Gandhi", "Person")
    mark(CULTURE, "bala", "Mahatma Gandhi", "Person")
    mark(CULTURE, "bala", "Sanskriti Kumbh", "Topic")
    text = texts[SHARED]
    words = text.split()[0]
    mark(SHARED, "asha", words, "Topic")
    mark(SHARED, "chitra", text.split()[1], "Topic")
    return built
