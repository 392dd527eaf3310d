"""Inter-annotator agreement between editors' layers: pure math, no Qt, no SQL.

Input everywhere is one **document** per release: a mapping ``editor -> spans`` where a
span is ``(start, end, label)`` in code points, end-exclusive (pibdesk's unit). Three
measures, each per label:

**Units for kappa and alpha (positional, per code point).** The units of a document are
the code points covered by at least one span of any editor with any label (the union of
annotated positions; code points nobody annotated are left out, so a long unannotated
release does not inflate agreement). For label ``L`` an editor's value at a unit is 1 if
the code point lies inside one of that editor's ``L`` spans, else 0 (a nominal, binary
variable; overlapping spans of the same editor count once). A corpus pools the units of
its documents. This is the per-position reading of unitised annotation that
Krippendorff describes for continua (K. Krippendorff, *Content Analysis*, 3rd ed. 2013,
sec. 12.4; Krippendorff, Mathet, Bouvry & Widlöcher, "On the reliability of unitizing
textual continua: Further developments", *Quality & Quantity* 50, 2016): each code point is
one unit; it is not the length-weighted αu itself, which also scores gaps.

* **Cohen's kappa** (two editors): ``κ = (p_o - p_e) / (1 - p_e)`` over the units both
  editors' documents have, with ``p_o`` the share of units where they agree and ``p_e =
  Σ_v p_A(v) p_B(v)`` (J. Cohen, "A coefficient of agreement for nominal scales",
  *Educational and Psychological Measurement* 20, 1960). Computed here (a few lines);
  ``tests/core/test_agreement.py`` checks it against scikit-learn's
  ``cohen_kappa_score``, which is not a runtime dependency (with SciPy it would add about
  100 MB to the frozen app for one formula).
* **Krippendorff's alpha** (any number of editors, nominal): the ``krippendorff``
  package (PyPI, https://github.com/pln-fing-udelar/fast-krippendorff) on the
  ``editors × units`` matrix; an editor who did not annotate a document is *missing*
  (NaN) on its units, not 0.
* **Span F1** (pairwise): *exact*: a span of A matches a span of B with the same start,
  end and label; ``F1 = 2·matches / (|A| + |B|)``. *Overlap*: a span of A is matched if B
  has a span of the same label sharing at least one code point (``a.start < b.end and
  b.start < a.end``); ``P`` = matched share of A's spans, ``R`` = matched share of B's,
  ``F1 = 2PR/(P+R)`` (the "overlap" criterion of Tsai et al., "Various criteria in the
  evaluation of biomedical named entity recognition", *BMC Bioinformatics* 7:92, 2006).

A measure that is undefined (kappa or alpha with one value only, F1 with no spans at
all) is ``None``, never a made-up number.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

Span = tuple[int, int, str]
#: One release: editor -> their spans.
Document = Mapping[str, Sequence[Span]]

#: The row label for the measures over all labels together.
ALL_LABELS = "(all labels)"


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two equally long sequences of nominal values (see the module doc).

    Returns None when undefined (no units, or chance agreement ``p_e == 1``: both raters
    used one and the same value throughout). Raises ``ValueError`` for unequal lengths.
    """
    if len(a) != len(b):
        raise ValueError(f"kappa needs two equally long sequences, got {len(a)} and {len(b)}")
    n = len(a)
    if n == 0:
        return None
    agree = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    count_a: dict[Hashable, int] = {}
    count_b: dict[Hashable, int] = {}
    for x in a:
        count_a[x] = count_a.get(x, 0) + 1
    for y in b:
        count_b[y] = count_b.get(y, 0) + 1
    p_o = agree / n
    p_e = sum(count_a[v] * count_b.get(v, 0) for v in count_a) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def krippendorff_alpha(matrix: Any) -> float | None:
    """Nominal Krippendorff's alpha of an ``editors × units`` matrix (nested sequences or
    a NumPy array; NaN = missing).

    Uses the ``krippendorff`` package. Returns None when undefined: fewer than two
    pairable values, or only one value in the data.
    """
    import numpy as np

    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2 or data.shape[1] == 0:
        return None
    present = ~np.isnan(data)
    pairable = present.sum(axis=0) >= 2
    if not pairable.any():
        return None
    values = np.unique(data[:, pairable][present[:, pairable]])
    if len(values) < 2:
        return None
    import krippendorff

    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class SpanF1:
    """Span agreement of editor ``a`` against ``b`` for one label (see the module doc).

    ``n_a``/``n_b``: spans each has; ``matched_a``/``matched_b``: how many of them found a
    partner. For ``exact`` both equal the number of identical spans.
    """

    n_a: int
    n_b: int
    matched_a: int
    matched_b: int

    @property
    def precision(self) -> float | None:
        return self.matched_a / self.n_a if self.n_a else None

    @property
    def recall(self) -> float | None:
        return self.matched_b / self.n_b if self.n_b else None

    @property
    def f1(self) -> float | None:
        """``2PR/(P+R)``; 0.0 when nothing matched, None when neither has a span."""
        if self.n_a + self.n_b == 0:
            return None
        p, r = self.precision or 0.0, self.recall or 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: SpanF1) -> SpanF1:
        return SpanF1(
            self.n_a + other.n_a,
            self.n_b + other.n_b,
            self.matched_a + other.matched_a,
            self.matched_b + other.matched_b,
        )


def span_f1(a: Iterable[Span], b: Iterable[Span], mode: str = "exact") -> SpanF1:
    """Exact or overlap span agreement of span sets ``a`` and ``b`` (labels must match).

    ``mode`` is ``"exact"`` or ``"overlap"``; duplicates within one set count once.
    Raises ``ValueError`` for another mode.
    """
    sa_, sb_ = set(a), set(b)
    if mode == "exact":
        m = len(sa_ & sb_)
        return SpanF1(len(sa_), len(sb_), m, m)
    if mode != "overlap":
        raise ValueError(f"unknown span match mode {mode!r}: exact or overlap")

    def hits(xs: set[Span], ys: set[Span]) -> int:
        return sum(
            1 for s, e, lab in xs if any(lab == l2 and s < e2 and s2 < e for s2, e2, l2 in ys)
        )

    return SpanF1(len(sa_), len(sb_), hits(sa_, sb_), hits(sb_, sa_))


def annotated_units(doc: Document) -> list[int]:
    """The sorted code points covered by some span of some editor (the units)."""
    covered: set[int] = set()
    for spans in doc.values():
        for s, e, _ in spans:
            covered.update(range(s, e))
    return sorted(covered)


def label_values(doc: Document, label: str, units: Sequence[int]) -> dict[str, list[int]]:
    """Each editor's 0/1 value per unit for ``label`` (1 = inside one of their spans)."""
    index = {u: i for i, u in enumerate(units)}
    out: dict[str, list[int]] = {}
    for editor, spans in doc.items():
        row = [0] * len(units)
        for s, e, lab in spans:
            if lab != label:
                continue
            for p in range(s, e):
                row[index[p]] = 1
        out[editor] = row
    return out


def _label_arrays(doc: Document, label: str, units: Any) -> dict[str, Any]:
    """:func:`label_values` as float arrays (1.0 / 0.0), by binary search: every code
    point of a span is a unit, so a span is one contiguous slice of ``units``."""
    import numpy as np

    out: dict[str, Any] = {}
    for editor, spans in doc.items():
        row = np.zeros(len(units))
        for s, e, lab in spans:
            if lab == label:
                row[np.searchsorted(units, s) : np.searchsorted(units, e)] = 1.0
        out[editor] = row
    return out


def _binary_kappa(a_parts: Sequence[Any], b_parts: Sequence[Any]) -> float | None:
    """:func:`cohen_kappa` of 0/1 arrays given in parts, from the 2x2 table."""
    import numpy as np

    if not a_parts:
        return None
    a, b = np.concatenate(a_parts) > 0.5, np.concatenate(b_parts) > 0.5
    n = len(a)
    if n == 0:
        return None
    a1, b1 = int(a.sum()), int(b.sum())
    agree = int((a == b).sum())
    p_o = agree / n
    p_e = (a1 * b1 + (n - a1) * (n - b1)) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


@dataclass(frozen=True)
class LabelAgreement:
    """The measures for one label (or :data:`ALL_LABELS` for the F1 of all spans).

    ``alpha`` over all editors; ``kappa`` / ``exact`` / ``overlap`` per editor pair
    ``(a, b)`` (a < b by name). ``units``: code points counted for alpha; ``spans``:
    spans per editor with this label.
    """

    label: str
    alpha: float | None
    kappa: dict[tuple[str, str], float | None]
    exact: dict[tuple[str, str], SpanF1]
    overlap: dict[tuple[str, str], SpanF1]
    units: int
    spans: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "alpha": self.alpha,
            "units": self.units,
            "spans": dict(self.spans),
            "pairs": [
                {
                    "editors": list(p),
                    "kappa": self.kappa.get(p),
                    "f1_exact": self.exact[p].f1,
                    "f1_overlap": self.overlap[p].f1,
                    "exact": vars_of(self.exact[p]),
                    "overlap": vars_of(self.overlap[p]),
                }
                for p in sorted(self.exact)
            ],
        }


def vars_of(f: SpanF1) -> dict[str, Any]:
    return {
        "n_a": f.n_a,
        "n_b": f.n_b,
        "matched_a": f.matched_a,
        "matched_b": f.matched_b,
        "precision": f.precision,
        "recall": f.recall,
        "f1": f.f1,
    }


@dataclass(frozen=True)
class AgreementReport:
    """Agreement over some documents: one :class:`LabelAgreement` per label, then one
    for :data:`ALL_LABELS` (F1 only; its alpha/kappa are None). ``editors``: everyone
    seen; ``documents``: how many documents had two editors or more."""

    editors: tuple[str, ...]
    documents: int
    labels: tuple[LabelAgreement, ...]

    def get(self, label: str) -> LabelAgreement:
        """The row of ``label``; raises ``KeyError``."""
        for row in self.labels:
            if row.label == label:
                return row
        raise KeyError(label)

    def to_json(self) -> dict[str, Any]:
        return {
            "editors": list(self.editors),
            "documents": self.documents,
            "labels": [row.to_json() for row in self.labels],
        }


def agreement(documents: Iterable[Document], labels: Sequence[str] = ()) -> AgreementReport:
    """Per-label agreement over ``documents`` (see the module doc for every definition).

    Documents with fewer than two editors are skipped. ``labels`` fixes the label rows
    and their order; labels found in the spans but not listed are appended by name.
    """
    import numpy as np

    docs = [d for d in documents if len(d) >= 2]
    editors = tuple(sorted({e for d in docs for e in d}))
    found = sorted({lab for d in docs for spans in d.values() for _, _, lab in spans})
    label_list = list(labels) + [lab for lab in found if lab not in labels]
    pairs = list(combinations(editors, 2))
    units_per_doc = [np.asarray(annotated_units(d), dtype=np.int64) for d in docs]
    rows: list[LabelAgreement] = []
    for label in label_list:
        matrix: list[list[Any]] = [[] for _ in editors]  # arrays per document
        kappa_a: dict[tuple[str, str], list[Any]] = {p: [] for p in pairs}
        kappa_b: dict[tuple[str, str], list[Any]] = {p: [] for p in pairs}
        exact = {p: SpanF1(0, 0, 0, 0) for p in pairs}
        overlap = {p: SpanF1(0, 0, 0, 0) for p in pairs}
        n_spans = dict.fromkeys(editors, 0)
        n_units = 0
        for d, units in zip(docs, units_per_doc, strict=True):
            vals = _label_arrays(d, label, units)
            n_units += len(units)
            for i, e in enumerate(editors):
                matrix[i].append(vals[e] if e in vals else np.full(len(units), np.nan))
            for e, spans in d.items():
                n_spans[e] += len({sp for sp in spans if sp[2] == label})
            for p in pairs:
                if p[0] in d and p[1] in d:
                    kappa_a[p].append(vals[p[0]])
                    kappa_b[p].append(vals[p[1]])
                    a = [sp for sp in d[p[0]] if sp[2] == label]
                    b = [sp for sp in d[p[1]] if sp[2] == label]
                    exact[p] = exact[p] + span_f1(a, b, "exact")
                    overlap[p] = overlap[p] + span_f1(a, b, "overlap")
        joined = np.vstack([np.concatenate(m) if m else np.zeros(0) for m in matrix])
        rows.append(
            LabelAgreement(
                label=label,
                alpha=krippendorff_alpha(joined),
                kappa={p: _binary_kappa(kappa_a[p], kappa_b[p]) for p in pairs},
                exact=exact,
                overlap=overlap,
                units=n_units,
                spans=n_spans,
            )
        )
    all_exact = {p: SpanF1(0, 0, 0, 0) for p in pairs}
    all_overlap = {p: SpanF1(0, 0, 0, 0) for p in pairs}
    for row in rows:
        for p in pairs:
            all_exact[p] = all_exact[p] + row.exact[p]
            all_overlap[p] = all_overlap[p] + row.overlap[p]
    rows.append(
        LabelAgreement(
            label=ALL_LABELS,
            alpha=None,
            kappa={},
            exact=all_exact,
            overlap=all_overlap,
            units=sum(len(u) for u in units_per_doc),
            spans={e: sum(r.spans.get(e, 0) for r in rows) for e in editors},
        )
    )
    return AgreementReport(editors=editors, documents=len(docs), labels=tuple(rows))
