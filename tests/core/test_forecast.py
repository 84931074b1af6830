"""Seat forecasts (``sim.core.forecast``): transfer flows and win probabilities worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.core.forecast import expected_seats, forecast_votes, win_probabilities

# parties A, B, C; A and B are partners (each may transfer to the other), C is the rival
ALLIES = np.array([
    [False, True, False],
    [True, False, False],
    [False, False, False],
])


def test_transfer_flow_by_hand() -> None:
    shares = np.array([
        [0.30, 0.20, 0.50],  # A stands down: B gets 0.20 + 0.6 · 0.30 = 0.38; 0.12 is lost
        [0.30, 0.20, 0.50],  # everyone stands: no flow
        [0.10, 0.40, 0.50],  # B stands down: A gets 0.10 + 0.5 · 0.40 = 0.30
    ])
    standing = np.array([
        [False, True, True],
        [True, True, True],
        [True, False, True],
    ])
    transfer = np.array([0.6, 0.5, 0.9])  # C's 0.9 never flows: C has no ally
    got = forecast_votes(shares, standing, transfer, ALLIES)
    expected = np.array([
        [0.0, 0.38, 0.50],
        [0.30, 0.20, 0.50],
        [0.30, 0.0, 0.50],
    ])
    assert got == pytest.approx(expected)


def test_transfer_split_equally_among_standing_allies() -> None:
    # A (0.4) stands down and both B and C are its allies and stand: 0.5 · 0.4 = 0.2 flows,
    # 0.1 to each → B 0.3 + 0.1 = 0.4, C 0.3 + 0.1 = 0.4
    allies = np.array([
        [False, True, True],
        [True, False, False],
        [True, False, False],
    ])
    shares = np.array([[0.4, 0.3, 0.3]])
    standing = np.array([[False, True, True]])
    got = forecast_votes(shares, standing, np.array([0.5, 0.0, 0.0]), allies)
    assert got == pytest.approx(np.array([[0.0, 0.4, 0.4]]))


def test_no_standing_ally_means_support_is_lost() -> None:
    # A and B both stand down: nobody receives their support; only C's 0.5 remains
    shares = np.array([[0.3, 0.2, 0.5]])
    standing = np.array([[False, False, True]])
    got = forecast_votes(shares, standing, np.array([1.0, 1.0, 0.0]), ALLIES)
    assert got == pytest.approx(np.array([[0.0, 0.0, 0.5]]))


def test_win_probabilities_by_hand() -> None:
    # standing B (0.35) and C (0.50), noise 0.1: logits 3.5 and 5.0,
    # P(B) = 1 / (1 + e^1.5) = 0.18243, P(C) = 0.81757; A does not stand: 0
    votes = np.array([[0.0, 0.35, 0.50]])
    standing = np.array([[False, True, True]])
    p = win_probabilities(votes, standing, 0.1)
    p_b = 1 / (1 + math.exp(1.5))
    assert p[0] == pytest.approx([0.0, p_b, 1 - p_b])


def test_expected_seats_by_hand() -> None:
    # seat 1: A stands down, B 0.2 + 1.0 · 0.3 = 0.5 vs C 0.5: even, 0.5 each
    # seat 2: everyone stands, A 0.3, B 0.2, C 0.5 with noise 0.1:
    #   weights e^3, e^2, e^5 → P = e^3 / S, e^2 / S, e^5 / S
    shares = np.array([[0.3, 0.2, 0.5], [0.3, 0.2, 0.5]])
    standing = np.array([[False, True, True], [True, True, True]])
    seats = expected_seats(shares, standing, np.array([1.0, 1.0, 0.0]), ALLIES, 0.1)
    s = math.exp(3) + math.exp(2) + math.exp(5)
    assert seats == pytest.approx([math.exp(3) / s, 0.5 + math.exp(2) / s, 0.5 + math.exp(5) / s])
    assert seats.sum() == pytest.approx(2.0)


def test_expected_seats_sum_to_constituencies() -> None:
    gen = np.random.default_rng(1)
    shares = gen.dirichlet(np.ones(4), size=25)
    standing = gen.random((25, 4)) < 0.7
    standing[np.arange(25), gen.integers(0, 4, 25)] = True
    allies = np.zeros((4, 4), dtype=bool)
    allies[0, 1] = allies[1, 0] = True
    seats = expected_seats(shares, standing, gen.random(4), allies, 0.04)
    assert seats.sum() == pytest.approx(25.0)
    assert np.all(seats >= 0)


# ----------------------------------------------------------------------------- the vote's rules
def test_expected_votes_follow_the_vote_rules_by_hand() -> None:
    from sim.core.ballots import vote_routes
    from sim.core.forecast import expected_votes

    # A and B allied; in the only seat B stands down, A and C stand
    standing = np.array([[True, False, True]])
    routes = vote_routes(standing, ALLIES, np.array([-0.5, -0.3, 0.5]),
                         np.array([[0.3, 0.2, 0.5]]))
    # voters who turn out (any unit): none 10, A 30, B 20, C 40
    mass = np.array([[[10.0, 30.0, 20.0, 40.0]]])
    loyalty = np.array([0.9, 0.8, 0.7])
    transfer = np.array([0.5, 0.6, 0.5])
    affinity = np.ones((3, 3))
    affinity[1, 0] = 0.5  # B's voters half as willing toward A
    floating = np.array([[0.25, 0.0, 0.75]])
    votes = expected_votes(mass, routes, loyalty, transfer, affinity, 0.4, floating)[0, 0]
    # A: 30·0.9 (loyal) + 20·0.6·0.5 (B's transfer) + 40·0.3 (C's disloyal, A the closest)
    #    + 10·0.25 (non-partisans) = 47.5
    # C: 40·0.7 + 30·0.1 (A's disloyal go to C) + 20·(1 − 0.3)·0.4 (B's defectors) + 7.5
    assert votes == pytest.approx([27 + 6 + 12 + 2.5, 0.0, 28 + 3 + 5.6 + 7.5])


def test_win_shares_count_who_leads_in_each_scenario() -> None:
    from sim.core.forecast import win_shares

    share = np.array([[0.5, 0.4, 0.1]])
    sd = np.array([[0.1, 0.1, 0.01]])
    noise = np.array([[[0.0, 0.0, 0.0]], [[-1.0, 1.0, 0.0]]])  # the second flips A and B
    standing = np.array([[True, True, True]])
    assert win_shares(share, sd, standing, noise)[0].tolist() == [0.5, 0.5, 0.0]
    # a party that does not stand never wins
    assert win_shares(share, sd, np.array([[False, True, True]]), noise)[0].tolist() == [
        0.0, 1.0, 0.0]
    # far behind (C is 30 of its SDs away): not even a contender
    many = np.random.default_rng(0).standard_normal((400, 1, 3))
    probs = win_shares(share, sd, standing, many)[0]
    assert probs[2] == 0.0 and probs.sum() == pytest.approx(1.0)
    # B trails A by one SD of their difference: P(B wins) = Φ(−0.1/√0.02) ≈ 0.24
    assert probs[1] == pytest.approx(0.24, abs=0.06)



def test_win_shares_comparing_only_contenders_changes_no_scenario() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sim.core.forecast import win_shares

    @settings(max_examples=80, deadline=None)
    @given(st.integers(1, 6), st.integers(1, 7), st.integers(0, 2**32 - 1))
    def check(n_c: int, n_p: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        share = rng.dirichlet(np.full(n_p, 0.5), n_c)
        sd = rng.uniform(0.0, 0.05, (n_c, n_p)) * (rng.random((n_c, n_p)) < 0.9)
        standing = rng.random((n_c, n_p)) < 0.7
        noise = rng.standard_normal((50, n_c, n_p))
        got = win_shares(share, sd, standing, noise, reach=3.0)
        # every standing party compared in every scenario (3 SD: noise beyond it is clipped,
        # so leaving out the parties the shortcut leaves out changes nothing)
        drawn = np.where(standing[None], share[None] + sd[None] * np.clip(noise, -3, 3),
                         -np.inf)
        clipped = win_shares(share, sd, standing, np.clip(noise, -3, 3), reach=3.0)
        winners = drawn.argmax(axis=2)
        want = np.zeros((n_c, n_p))
        for c in range(n_c):
            if standing[c].any():
                want[c] = np.bincount(winners[:, c], minlength=n_p) / 50
        assert np.allclose(clipped, want)
        # the rows sum to one where anyone stands, and nobody who does not stand wins
        assert np.allclose(got.sum(axis=1), standing.any(axis=1))
        assert not got[~standing].any()

    check()

# ----------------------------------------------------------------------------- flows
def test_flow_swing_by_hand() -> None:
    from sim.core.forecast import flow_swing

    # one region of two equal seats; groups: A loses a quarter of its support, B gains it
    composition = np.array([[0.8, 0.2, 0.0], [0.4, 0.2, 0.4]])
    before = np.array([[0.6, 0.2, 0.2]])
    after = np.array([[0.45, 0.35, 0.2]])
    out = flow_swing(composition, before, after, np.array([0, 0]))
    # seat 1: A 0.8·0.75 = 0.6, B 0.2 + 0.8·0.25 = 0.4 — B gains where A's voters are
    assert out == pytest.approx(np.array([[0.6, 0.4, 0.0], [0.3, 0.3, 0.4]]))


def test_flow_swing_keeps_regional_totals_and_rows() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp

    from sim.core.forecast import flow_swing

    @settings(max_examples=100, deadline=None)
    @given(hnp.arrays(np.float64, (8, 4), elements=st.floats(0.0, 1.0)),
           hnp.arrays(np.float64, (2, 4), elements=st.floats(0.01, 1.0)))
    def check(raw: np.ndarray, after: np.ndarray) -> None:
        raw = raw + 1e-3
        x = raw / raw.sum(axis=1, keepdims=True)
        region_of = np.array([0, 0, 0, 1, 1, 1, 1, 1])
        before = np.stack([x[region_of == r].mean(axis=0) for r in range(2)])
        after = after / after.sum(axis=1, keepdims=True)
        out = flow_swing(x, before, after, region_of)
        assert (out >= -1e-12).all()
        assert out.sum(axis=1) == pytest.approx(np.ones(8))
        for r in range(2):
            assert out[region_of == r].mean(axis=0) == pytest.approx(after[r], abs=1e-9)

    check()
