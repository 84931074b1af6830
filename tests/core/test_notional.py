"""Tests of the notional baselines (sim.core.notional): hand-worked cases and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.notional import Auxiliary, alliance_pairs, reconstruct

# columns: 0 = A, 1 = B (A's ally), 2 = C (rival)
A, B, C = 0, 1, 2


def _aux(name: str, shares: list[list[float]], stood: list[list[bool]] | None = None) -> Auxiliary:
    s = np.array(shares)
    return Auxiliary(name, s, s > 0 if stood is None else np.array(stood))


def test_local_split_two_constituencies() -> None:
    # seat 0: A stood down for B; seat 1: both stood (a friendly fight)
    shares = np.array([[0.0, 0.60, 0.40], [0.20, 0.30, 0.50]])
    stood = shares > 0
    aux = _aux("lok_sabha", [[0.30, 0.20, 0.50], [0.25, 0.25, 0.50]])
    res = reconstruct(shares, stood, [(A, B)], [aux])
    # B's 0.60 split 0.30 : 0.20 -> A 0.36, B 0.24; C keeps 0.40; seat 1 untouched
    np.testing.assert_allclose(res.shares[0], [0.36, 0.24, 0.40])
    np.testing.assert_array_equal(res.shares[1], shares[1])
    (rec,) = res.reconstructed
    assert (rec.row, rec.party, rec.carrier, rec.source, rec.auxiliary) == (
        0,
        A,
        B,
        "local",
        "lok_sabha",
    )
    assert rec.ratio == pytest.approx(1.5) and rec.share == pytest.approx(0.36)
    assert list(res.rows) == [0] and res.skipped == ()


def test_auxiliaries_in_order_and_reference_wide_fallback() -> None:
    # three seats; A absent in seats 0 and 1
    shares = np.array([[0.0, 0.5, 0.5], [0.0, 0.8, 0.2], [0.1, 0.3, 0.6]])
    stood = shares > 0
    first = _aux("first", [[0.0, 0.4, 0.6], [0.2, 0.2, 0.6], [0.1, 0.3, 0.6]])  # A absent in 0
    second = _aux("second", [[0.1, 0.4, 0.5], [0.3, 0.1, 0.6], [0.1, 0.3, 0.6]])
    res = reconstruct(shares, stood, [(A, B)], [first, second])
    by_row = {r.row: r for r in res.reconstructed}
    # seat 0: first aux lacks A there -> second aux: 0.1/0.4 -> A = 0.5 * 0.25/1.25 = 0.1
    assert by_row[0].auxiliary == "second"
    np.testing.assert_allclose(res.shares[0], [0.1, 0.4, 0.5])
    # seat 1: first aux has both: 0.2/0.2 -> halves
    assert by_row[1].auxiliary == "first"
    np.testing.assert_allclose(res.shares[1], [0.4, 0.4, 0.2])
    # order matters: second first gives 0.3/0.1 in seat 1
    res2 = reconstruct(shares, stood, [(A, B)], [second, first])
    np.testing.assert_allclose(res2.shares[1], [0.6, 0.2, 0.2])

    # no local information in seat 0 -> reference-wide ratio: seat 2 only, 0.1/0.3
    no_local = _aux("stale", [[0.0, 0.4, 0.6], [0.0, 0.4, 0.6], [0.1, 0.3, 0.6]])
    res3 = reconstruct(shares, stood, [(A, B)], [no_local], require_presence=False)
    rec = {r.row: r for r in res3.reconstructed}
    assert rec[0].source == "reference-wide" and rec[0].ratio == pytest.approx(1 / 3)
    np.testing.assert_allclose(res3.shares[0], [0.125, 0.375, 0.5])
    # ... but by default A is only given a share where it stood in some auxiliary election
    res4 = reconstruct(shares, stood, [(A, B)], [no_local])
    assert res4.reconstructed == () and np.array_equal(res4.shares, shares)


def test_weighted_wide_ratio_and_auxiliary_wide_fallback() -> None:
    # the reference has no seat where both stood -> auxiliary-wide ratio, vote-weighted
    shares = np.array([[0.0, 0.7, 0.3], [0.6, 0.0, 0.4]])
    stood = shares > 0
    aux = _aux(
        "aux",
        [[0.0, 0.5, 0.5], [0.2, 0.4, 0.4]],
        [[True, True, True], [True, True, True]],  # A stood in seat 0 with no votes
    )
    res = reconstruct(shares, stood, [(A, B)], [aux], weights=np.array([1.0, 3.0]))
    (rec,) = res.reconstructed
    # local ratio in seat 0 is 0/0.5 = 0: A gets nothing, but it is recorded
    assert rec.source == "local" and rec.share == 0.0
    stood2 = [[True, False, True], [True, True, True]]
    aux2 = _aux("aux2", [[0.0, 0.5, 0.5], [0.2, 0.4, 0.4]], stood2)
    res2 = reconstruct(shares, stood, [(A, B)], [aux2], weights=np.array([1.0, 3.0]))
    (rec2,) = res2.reconstructed
    assert rec2.source == "auxiliary-wide" and rec2.ratio == pytest.approx(0.5)
    np.testing.assert_allclose(res2.shares[0], [0.7 / 3, 1.4 / 3, 0.3])


def test_two_absent_allies_share_one_carrier_and_friendly_fights() -> None:
    # columns: 0 = SP, 1 = BSP, 2 = RLD, 3 = BJP; seat 0: only RLD of the alliance stood
    shares = np.array([[0.0, 0.0, 0.5, 0.5], [0.2, 0.3, 0.0, 0.5]])
    stood = shares > 0
    aux = _aux("2017", [[0.2, 0.2, 0.1, 0.5], [0.2, 0.3, 0.05, 0.45]])
    pairs = alliance_pairs([[0, 1, 2]])
    assert len(pairs) == 6 and (0, 1) in pairs and (1, 0) in pairs
    res = reconstruct(shares, stood, pairs, [aux])
    # seat 0: rho_SP = rho_BSP = 2 -> 0.5 split 1:2:2 among RLD, SP, BSP
    np.testing.assert_allclose(res.shares[0], [0.2, 0.2, 0.1, 0.5])
    # seat 1: RLD absent, SP and BSP both stood: carried by the larger (BSP), rho = 1/6
    np.testing.assert_allclose(res.shares[1], [0.2, 0.3 * 6 / 7, 0.3 / 7, 0.5])
    assert {r.carrier for r in res.reconstructed if r.row == 1} == {1}


def test_skipped_and_bad_input() -> None:
    shares = np.array([[0.0, 1.0]])
    aux = _aux("a", [[0.4, 0.0]])  # A stood, B did not: no ratio anywhere
    res = reconstruct(shares, shares > 0, [(0, 1)], [aux])
    assert res.skipped == ((0, 0, 1),) and np.array_equal(res.shares, shares)
    with pytest.raises(ValueError):
        reconstruct(shares, shares > 0, [(0, 0)], [aux])
    with pytest.raises(ValueError):
        reconstruct(shares, shares > 0, [(0, 5)], [aux])
    with pytest.raises(ValueError):
        reconstruct(shares, np.ones((2, 2), bool), [(0, 1)], [aux])
    with pytest.raises(ValueError):
        reconstruct(shares, shares > 0, [(0, 1)], [_aux("x", [[0.1, 0.2, 0.7]])])
    with pytest.raises(ValueError):
        reconstruct(shares, shares > 0, [(0, 1)], [aux], weights=np.array([-1.0]))


@st.composite
def _elections(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[Auxiliary], list]:
    n_c = draw(st.integers(1, 6))
    n_p = draw(st.integers(3, 5))
    unit = st.floats(0.0, 1.0, allow_nan=False)

    def matrix() -> tuple[np.ndarray, np.ndarray]:
        row = st.lists(unit, min_size=n_p, max_size=n_p)
        raw = np.array(draw(st.lists(row, min_size=n_c, max_size=n_c)))
        raw[:, -1] += 0.01  # the last party (a rival) always stands
        return raw / raw.sum(axis=1, keepdims=True), raw > 0

    shares, stood = matrix()
    auxes = [Auxiliary(f"aux{k}", *matrix()) for k in range(draw(st.integers(0, 2)))]
    allies = draw(st.lists(st.integers(0, n_p - 2), min_size=2, max_size=3, unique=True))
    return shares, stood, auxes, alliance_pairs([allies])


@settings(max_examples=150, deadline=None)
@given(_elections(), st.booleans())
def test_invariants(case: tuple, require_presence: bool) -> None:
    shares, stood, auxes, pairs = case
    res = reconstruct(shares, stood, pairs, auxes, require_presence=require_presence)
    out = res.shares
    # rows keep their sums; nothing negative
    np.testing.assert_allclose(out.sum(axis=1), shares.sum(axis=1), atol=1e-12)
    assert (out >= -1e-15).all()
    touched = np.zeros_like(stood)
    for r in res.reconstructed:
        touched[r.row, r.party] = touched[r.row, r.carrier] = True
        assert not stood[r.row, r.party] and stood[r.row, r.carrier]
        assert (r.row, r.party, r.carrier) not in res.skipped
    # untouched cells (every party that stood and was not a carrier) keep their shares
    np.testing.assert_array_equal(out[~touched], shares[~touched])
    # a carrier never gains, an absent party never loses
    assert (out[touched & stood] <= shares[touched & stood] + 1e-12).all()
    assert (out[touched & ~stood] >= 0).all()
    # with no pairs, nothing changes
    assert np.array_equal(reconstruct(shares, stood, [], auxes).shares, shares)
