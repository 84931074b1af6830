"""The mood fit (``sim.core.mood``): worked by hand, and its aggregate hits the targets exactly
on random baselines (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.core.mood import MoodError, aggregate, complete_targets, fit_mood


def test_aggregate_is_the_electors_weighted_mean() -> None:
    shares = np.array([[0.6, 0.4], [0.2, 0.8]])
    # (3·0.6 + 1·0.2)/4 = 0.5, (3·0.4 + 1·0.8)/4 = 0.5
    assert aggregate(shares, np.array([3, 1])) == pytest.approx([0.5, 0.5])


def test_one_constituency_takes_the_targets_themselves() -> None:
    target = np.array([0.2, 0.5, 0.3])
    for kind in ("proportional", "uniform"):
        out = fit_mood(np.array([[0.5, 0.3, 0.2]]), np.array([10.0]), target, kind)
        assert out[0] == pytest.approx(target, abs=1e-12)


def test_uniform_swing_without_clipping_adds_the_gap_everywhere() -> None:
    # aggregate (0.5, 0.5); target (0.6, 0.4): +0.1 / −0.1 in every row, no renormalising
    shares = np.array([[0.7, 0.3], [0.3, 0.7]])
    out = fit_mood(shares, np.array([1.0, 1.0]), np.array([0.6, 0.4]), "uniform")
    assert out == pytest.approx(np.array([[0.8, 0.2], [0.4, 0.6]]), abs=1e-12)


def test_proportional_swing_by_hand() -> None:
    # equal electors; A has (0.2, 0.6), aggregate 0.4; target A 0.5. With factors (f, 1):
    # f/(f + 4) + 3f/(3f + 2) = 1  →  3f² = 8  →  f = √(8/3)
    shares = np.array([[0.2, 0.8], [0.6, 0.4]])
    out = fit_mood(shares, np.array([1.0, 1.0]), np.array([0.5, 0.5]), "proportional")
    f = np.sqrt(8 / 3)
    expected_a = [f / (f + 4), 3 * f / (3 * f + 2)]
    assert out[:, 0] == pytest.approx(expected_a, abs=1e-12)
    assert sum(expected_a) == pytest.approx(1.0)


def test_a_proportional_swing_never_creates_a_party_where_it_had_none() -> None:
    shares = np.array([[0.5, 0.5, 0.0], [0.4, 0.3, 0.3]])
    out = fit_mood(shares, np.array([1.0, 2.0]), np.array([0.3, 0.3, 0.4]), "proportional")
    assert out[0, 2] == 0.0
    with pytest.raises(MoodError) as raised:
        fit_mood(np.array([[0.5, 0.5, 0.0]]), np.array([1.0]), np.array([0.4, 0.4, 0.2]))
    assert raised.value.party == 2
    # a uniform swing can (it adds points)
    out = fit_mood(np.array([[0.5, 0.5, 0.0]]), np.array([1.0]), np.array([0.4, 0.4, 0.2]),
                   "uniform")
    assert out[0] == pytest.approx([0.4, 0.4, 0.2])


def test_parties_not_named_share_what_is_left_in_proportion() -> None:
    # current (0.5, 0.3, 0.2); A named at 0.6: B and C share 0.4 as 3:2
    assert complete_targets(np.array([0.5, 0.3, 0.2]), {0: 0.6}) == pytest.approx(
        [0.6, 0.24, 0.16])
    # every party named: normalised
    assert complete_targets(np.array([0.5, 0.5]), {0: 0.3, 1: 0.3}) == pytest.approx([0.5, 0.5])
    with pytest.raises(MoodError):
        complete_targets(np.array([0.5, 0.3, 0.2]), {0: 0.7, 1: 0.5})
    with pytest.raises(MoodError):  # the rest (0.4) has nowhere to go
        complete_targets(np.array([1.0, 0.0]), {0: 0.6})


@st.composite
def baselines(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_c = draw(st.integers(1, 30))
    n_p = draw(st.integers(2, 6))
    raw = draw(hnp.arrays(np.float64, (n_c, n_p), elements=st.floats(0.01, 1.0)))
    weights = draw(hnp.arrays(np.float64, n_c, elements=st.floats(1.0, 1e6)))
    target = draw(hnp.arrays(np.float64, n_p, elements=st.floats(0.0, 1.0)))
    target = target + 1e-3
    return raw / raw.sum(axis=1, keepdims=True), weights, target / target.sum()


@settings(max_examples=150, deadline=None)
@given(baselines(), st.sampled_from(["proportional", "uniform"]))
def test_the_fit_hits_the_targets_exactly_and_keeps_shares_valid(
        case: tuple[np.ndarray, np.ndarray, np.ndarray], kind: str) -> None:
    shares, weights, target = case
    out = fit_mood(shares, weights, target, kind)
    assert np.abs(aggregate(out, weights) - target).max() <= 1e-11
    assert (out >= 0).all()
    assert out.sum(axis=1) == pytest.approx(np.ones(len(out)), abs=1e-12)
