"""Tests of the backtest comparators and accuracy measures (sim.core), worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.accuracy import contested_seats, seat_error, seats_by_party, share_mae, winners_right
from sim.core.comparators import (
    carry_forward,
    new_parties,
    proportional_swing,
    swing,
    uniform_swing,
)

# three seats, parties X, Y, Z (columns 0, 1, 2)
BASE = np.array([[0.50, 0.30, 0.20], [0.40, 0.45, 0.15], [0.30, 0.30, 0.40]])
ALL = np.ones((3, 3), dtype=bool)


def test_carry_forward() -> None:
    fc = carry_forward(BASE, ALL)
    assert list(fc.winners) == [0, 1, 2]
    np.testing.assert_allclose(fc.shares, BASE)
    # Y stands down in seat 1: X (next best) takes it; Y's share goes to the others pro rata
    stood = ALL.copy()
    stood[1, 1] = False
    fc = carry_forward(BASE, stood)
    assert list(fc.winners) == [0, 0, 2]
    np.testing.assert_allclose(fc.shares[1], [0.40 / 0.55, 0.0, 0.15 / 0.55])
    # a party that did not stand in the baseline cannot take a seat from one that did
    base = np.array([[0.6, 0.0, 0.4]])
    fc = carry_forward(base, np.ones((1, 3), bool))
    assert fc.winners[0] == 0


def test_uniform_swing() -> None:
    bstate = np.array([0.40, 0.35, 0.25])
    tstate = np.array([0.32, 0.43, 0.25])  # X -8 points, Y +8
    fc = uniform_swing(BASE, ALL, bstate, tstate)
    raw = np.clip(BASE + (tstate - bstate), 0, None)
    np.testing.assert_allclose(fc.shares, raw / raw.sum(axis=1, keepdims=True))
    # seat 0: 0.42 / 0.38 / 0.20; seat 1: 0.32 / 0.53 / 0.15; seat 2: 0.22 / 0.38 / 0.40
    assert list(fc.winners) == [0, 1, 2]
    np.testing.assert_allclose(fc.shares[1], [0.32, 0.53, 0.15])
    # clipping: X's baseline 0.30 in seat 2 minus 0.35 points would be negative
    tstate2 = np.array([0.05, 0.60, 0.35])
    fc2 = uniform_swing(BASE, ALL, bstate, tstate2)
    assert fc2.shares[2, 0] == 0.0
    np.testing.assert_allclose(fc2.shares.sum(axis=1), 1.0)


def test_proportional_swing() -> None:
    bstate = np.array([0.40, 0.35, 0.25])
    tstate = np.array([0.20, 0.55, 0.25])
    fc = proportional_swing(BASE, ALL, bstate, tstate)
    raw = BASE * np.array([0.5, 0.55 / 0.35, 1.0])
    np.testing.assert_allclose(fc.shares, raw / raw.sum(axis=1, keepdims=True))
    assert list(fc.winners) == [1, 1, 1]


def test_missing_and_new_parties() -> None:
    # W (column 3) is new; Z did not stand in seat 0 last time; seat 3 is missing from the baseline
    base = np.array(
        [[0.6, 0.4, 0.0, 0.0], [0.5, 0.2, 0.3, 0.0], [0.4, 0.3, 0.3, 0.0], [0.0, 0.0, 0.0, 0.0]]
    )
    stood = np.array([[1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 0, 0]], dtype=bool)
    weights = np.array([1.0, 1.0, 2.0, 0.0])
    bstate = np.array([0.5, 0.3, 0.2, 0.0])
    tstate = np.array([0.45, 0.25, 0.15, 0.15])
    assert list(new_parties(bstate)) == [False, False, False, True]
    assert list(new_parties(np.array([0.004, 0.5]))) == [True, False]
    fc = uniform_swing(base, stood, bstate, tstate, weights=weights)
    # Z in seat 0: 0 + (0.15 - 0.20) -> clipped at 0; W contests 3/4 of the weight:
    # 0.15 / 0.75 = 0.20 where it stands
    np.testing.assert_allclose(fc.shares[0], [0.55 / 0.90, 0.35 / 0.90, 0.0, 0.0])
    raw1 = np.array([0.45, 0.15, 0.25, 0.20])
    np.testing.assert_allclose(fc.shares[1], raw1 / raw1.sum())
    # seat 3 starts from the statewide baseline: X 0.45, Y 0.25
    np.testing.assert_allclose(fc.shares[3], [0.45 / 0.70, 0.25 / 0.70, 0.0, 0.0])
    fp = proportional_swing(base, stood, bstate, tstate, weights=weights)
    assert fp.shares[0, 2] == 0.0  # 0 times any ratio
    raw1p = np.array([0.5 * 0.9, 0.2 * 0.25 / 0.3, 0.3 * 0.75, 0.20])
    np.testing.assert_allclose(fp.shares[1], raw1p / raw1p.sum())
    # carry-forward: the new party keeps its baseline share (0), seat 3 from the statewide one
    cf = carry_forward(base, stood, baseline_state=bstate)
    assert (cf.shares[:, 3] == 0).all() and cf.winners[3] == 0
    assert carry_forward(base, stood).winners[3] == 0  # a tie, broken by column order


def test_contenders_and_empty_rows() -> None:
    base = np.array([[0.3, 0.2, 0.5], [0.5, 0.5, 0.0]])
    stood = np.array([[1, 1, 1], [0, 0, 0]], dtype=bool)
    fc = carry_forward(base, stood, contenders=np.array([True, True, False]))
    assert list(fc.winners) == [0, -1]
    assert (fc.shares[1] == 0).all()
    with pytest.raises(ValueError):
        uniform_swing(base, stood, np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError):
        carry_forward(-base, stood)


def test_measures() -> None:
    actual = np.array([0, 1, 1, 2])
    predicted = np.array([0, 1, 2, 2])
    assert list(seats_by_party(actual, 4)) == [1, 2, 1, 0]
    assert seat_error(seats_by_party(predicted, 4), seats_by_party(actual, 4)) == 1.0
    assert seat_error(np.array([10, 0]), np.array([4, 6])) == 6.0
    assert winners_right(predicted, actual) == 0.75
    shares_a = np.array([[0.6, 0.4, 0.0], [0.5, 0.3, 0.2]])
    shares_p = np.array([[0.5, 0.5, 0.0], [0.5, 0.2, 0.3]])
    stood = np.array([[1, 1, 0], [1, 1, 1]], dtype=bool)
    # cells: |.1|, |.1|, 0, |.1|, |.1| over 5 contested cells
    assert share_mae(shares_p, shares_a, stood) == pytest.approx(0.08)
    assert list(contested_seats(stood)) == [2, 2, 1]
    assert list(seats_by_party(np.array([-1, 0]), 2)) == [1, 0]
    with pytest.raises(ValueError):
        seats_by_party(np.array([3]), 2)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda c: st.integers(2, 4).flatmap(
            lambda p: st.tuples(
                st.lists(st.lists(st.floats(0, 1), min_size=p, max_size=p), min_size=c, max_size=c),
                st.lists(st.lists(st.booleans(), min_size=p, max_size=p), min_size=c, max_size=c),
                st.lists(st.floats(0.01, 1), min_size=p, max_size=p),
            )
        )
    )
)
def test_forecast_invariants(case: tuple) -> None:
    raw, stood_l, tstate_l = case
    base = np.array(raw) + 1e-3
    base /= base.sum(axis=1, keepdims=True)
    stood = np.array(stood_l)
    bstate = base.mean(axis=0)
    tstate = np.array(tstate_l) / sum(tstate_l)
    for fc in (
        carry_forward(base, stood),
        uniform_swing(base, stood, bstate, tstate),
        proportional_swing(base, stood, bstate, tstate),
    ):
        assert (fc.shares >= 0).all() and (fc.shares[~stood] == 0).all()
        sums = fc.shares.sum(axis=1)
        anyone = stood.any(axis=1)
        np.testing.assert_allclose(sums[anyone], 1.0)
        assert (fc.winners[~anyone] == -1).all()
        w = fc.winners[anyone]
        assert stood[np.flatnonzero(anyone), w].all()
    # no change statewide: both swings are the baseline (over the standing parties)
    same_u = uniform_swing(base, stood, bstate, bstate, min_share=0.0)
    same_p = proportional_swing(base, stood, bstate, bstate, min_share=0.0)
    np.testing.assert_allclose(same_u.shares, same_p.shares, atol=1e-12)
    np.testing.assert_allclose(same_u.shares, carry_forward(base, stood).shares, atol=1e-12)


def test_swing_models() -> None:
    bstate, tstate = np.array([0.40, 0.35, 0.25]), np.array([0.32, 0.43, 0.25])
    for model, named in (("uniform", uniform_swing), ("proportional", proportional_swing)):
        a = swing(BASE, ALL, bstate, tstate, model)
        b = named(BASE, ALL, bstate, tstate)
        assert a.method == b.method == f"{model}_swing"
        np.testing.assert_array_equal(a.shares, b.shares)
    with pytest.raises(ValueError, match="model"):
        swing(BASE, ALL, bstate, tstate, "cube")
