"""Agreement math (pibdesk.core.agreement) against hand computations and reference libraries."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest

from pibdesk.core.agreement import (
    ALL_LABELS,
    agreement,
    annotated_units,
    cohen_kappa,
    krippendorff_alpha,
    span_f1,
)


def test_kappa_by_hand() -> None:
    # A = 1 0 0 1, B = 1 0 1 1: agree on 3 of 4 -> p_o = 3/4
    # p_A(1) = 2/4, p_B(1) = 3/4, p_A(0) = 2/4, p_B(0) = 1/4
    # p_e = 2/4*3/4 + 2/4*1/4 = 6/16 + 2/16 = 1/2
    # kappa = (3/4 - 1/2) / (1 - 1/2) = 1/2
    assert cohen_kappa([1, 0, 0, 1], [1, 0, 1, 1]) == pytest.approx(0.5)
    # one value throughout: p_e = 1, undefined
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa([1], [1, 0])


def test_kappa_equals_scikit_learn_on_random_data() -> None:
    from sklearn.metrics import cohen_kappa_score

    rng = random.Random(14)
    for _ in range(50):
        n = rng.randint(2, 60)
        k = rng.randint(2, 4)
        a = [rng.randrange(k) for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.randrange(k) for x in a]
        ours = cohen_kappa(a, b)
        ref = float(cohen_kappa_score(a, b))
        if ours is None:
            assert math.isnan(ref)
        else:
            assert ours == pytest.approx(ref, abs=1e-12)


def test_alpha_three_editors_with_a_missing_value_by_hand() -> None:
    # units:      u1 u2 u3 u4
    # editor 1:    1  1  0  0
    # editor 2:    1  0  0  -   (missing)
    # editor 3:    1  1  0  1
    # coincidences o_ck = sum over units of (c-k pairs in u) / (m_u - 1):
    # u1 (1,1,1): o11 += 6/2 = 3;  u2 (1,0,1): o10 += 2/2, o01 += 2/2, o11 += 2/2
    # u3 (0,0,0): o00 += 3;        u4 (0,1):   o01 += 1, o10 += 1
    # o00 = 3, o11 = 4, o01 = o10 = 2; n0 = 5, n1 = 6, n = 11
    # alpha = 1 - (n-1) * (o01+o10) / (n0*n1 + n1*n0) = 1 - 10*4/60 = 1/3
    m = [[1, 1, 0, 0], [1, 0, 0, math.nan], [1, 1, 0, 1]]
    assert krippendorff_alpha(m) == pytest.approx(1 / 3)
    assert krippendorff_alpha([[1, 1], [1, 1]]) is None  # one value only
    assert krippendorff_alpha([[1, math.nan], [math.nan, 0]]) is None  # nothing pairable


def test_span_f1_exact_and_overlap_by_hand() -> None:
    a = [(0, 5, "P"), (10, 20, "P"), (30, 31, "P")]
    b = [(0, 5, "P"), (12, 25, "P")]
    ex = span_f1(a, b, "exact")
    # one identical span: F1 = 2*1 / (3 + 2) = 0.4
    assert (ex.matched_a, ex.matched_b, ex.f1) == (1, 1, pytest.approx(0.4))
    ov = span_f1(a, b, "overlap")
    # a: (0,5) and (10,20) overlap a b span, (30,31) does not -> P = 2/3
    # b: both overlap an a span -> R = 2/2; F1 = 2 * 2/3 * 1 / (2/3 + 1) = 0.8
    assert (ov.matched_a, ov.matched_b) == (2, 2)
    assert ov.f1 == pytest.approx(0.8)
    # touching spans do not overlap (end-exclusive)
    assert span_f1([(0, 5, "P")], [(5, 9, "P")], "overlap").f1 == 0.0
    assert span_f1([], [], "exact").f1 is None


def test_units_are_the_union_of_annotated_code_points() -> None:
    doc = {"a": [(2, 5, "P"), (4, 7, "T")], "b": [(10, 12, "P")]}
    assert annotated_units(doc) == [2, 3, 4, 5, 6, 10, 11]


def test_report_on_a_small_document_by_hand() -> None:
    # units = union = 0..9 (10 code points)
    # P: a = 1 on 0..5 (6 ones), b = 1 on 2..9 (8 ones); disagree on 0,1 and 6..9 -> d = 6
    # kappa: p_o = 4/10; p_e = (6*8 + 4*2)/100 = 56/100 -> (40-56)/(100-56) = -16/44
    # alpha: n = 20, n1 = 14, n0 = 6 -> 1 - (n-1)*d/(n0*n1) = 1 - 19*6/84 = -30/84
    doc = {"a": [(0, 6, "P")], "b": [(2, 10, "P")]}
    rep = agreement([doc], ["P"])
    p = rep.get("P")
    assert p.kappa[("a", "b")] == pytest.approx(float(Fraction(-16, 44)))
    assert p.alpha == pytest.approx(float(Fraction(-30, 84)))
    assert p.units == 10
    assert rep.get(ALL_LABELS).exact[("a", "b")].f1 == 0.0
    assert rep.get(ALL_LABELS).overlap[("a", "b")].f1 == 1.0


def test_alpha_matches_the_library_on_random_position_data() -> None:
    import krippendorff

    rng = np.random.default_rng(14)
    data = rng.integers(0, 2, size=(3, 40)).astype(float)
    data[1, :5] = np.nan
    ref = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(data.tolist()) == pytest.approx(ref)
