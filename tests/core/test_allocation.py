"""Seat-allocation maths (``sim.core.allocation``) on cases worked by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.core.allocation import assign_by_quota, largest_remainder


def test_hamilton_by_hand() -> None:
    # quotas 4.7, 3.3, 2.0 → floors 4, 3, 2 (9 seats); the 10th goes to the largest
    # remainder, 0.7 → 5, 3, 2
    assert largest_remainder(np.array([0.47, 0.33, 0.20]), 10).tolist() == [5, 3, 2]


def test_hamilton_two_seats_left() -> None:
    # weights 5, 3, 2 for 7 seats: quotas 3.5, 2.1, 1.4 → floors 3, 2, 1 (6);
    # the one seat left goes to the largest remainder 0.5 → 4, 2, 1
    assert largest_remainder(np.array([5, 3, 2]), 7).tolist() == [4, 2, 1]
    # for 8 seats: quotas 4.0, 2.4, 1.6 → floors 4, 2, 1; remainder 0.6 wins → 4, 2, 2
    assert largest_remainder(np.array([5, 3, 2]), 8).tolist() == [4, 2, 2]


def test_hamilton_remainder_tie_goes_to_larger_weight() -> None:
    # weights 0.5, 0.1, 0.4 for 5 seats: quotas 2.5, 0.5, 2.0 → floors 2, 0, 2 (4 seats);
    # remainders 0.5 and 0.5 tie: the larger weight (0.5) gets the seat → 3, 0, 2
    assert largest_remainder(np.array([0.5, 0.1, 0.4]), 5).tolist() == [3, 0, 2]
    # same tie with the larger weight listed last → 0, 2, 3
    assert largest_remainder(np.array([0.4, 0.1, 0.5]), 5).tolist() == [2, 0, 3]


def test_hamilton_full_tie_goes_to_lower_index() -> None:
    # three equal weights, 2 seats: quotas 2/3 each, all remainders tie → first two indices
    assert largest_remainder(np.array([1.0, 1.0, 1.0]), 2).tolist() == [1, 1, 0]
    # 4 seats: quotas 4/3 → floors 1, 1, 1; the one left goes to index 0
    assert largest_remainder(np.array([1.0, 1.0, 1.0]), 4).tolist() == [2, 1, 1]


def test_hamilton_edge_cases() -> None:
    assert largest_remainder(np.array([0.0, 0.0]), 3).sum() == 3  # no weights: split evenly
    assert largest_remainder(np.array([0.0, 0.0]), 3).tolist() == [2, 1]
    assert largest_remainder(np.array([1.0, 2.0]), 0).tolist() == [0, 0]
    assert largest_remainder(np.array([]), 5).tolist() == []
    with pytest.raises(ValueError):
        largest_remainder(np.array([1.0, -1.0]), 3)
    with pytest.raises(ValueError):
        largest_remainder(np.array([1.0, 1.0]), -1)


def test_hamilton_always_sums_to_total() -> None:
    gen = np.random.default_rng(5)
    for _ in range(200):
        weights = gen.random(gen.integers(1, 7))
        total = int(gen.integers(0, 50))
        seats = largest_remainder(weights, total)
        assert seats.sum() == total
        quotas = weights / weights.sum() * total
        assert np.all(seats >= np.floor(quotas - 1e-9)) and np.all(seats <= np.ceil(quotas + 1e-9))


def test_assign_by_quota_by_hand() -> None:
    # strength of partners 0 and 1 in three constituencies; partner 0 gets 1 seat, partner 1 two
    strength = np.array([
        [0.5, 0.4],
        [0.3, 0.1],
        [0.6, 0.5],
    ])
    # giving partner 0 seat c scores s[c, 0] + the other two seats' s[·, 1]:
    #   c = 0: 0.5 + 0.1 + 0.5 = 1.1
    #   c = 1: 0.3 + 0.4 + 0.5 = 1.2   ← best: partner 0 where it is comparatively strongest
    #   c = 2: 0.6 + 0.4 + 0.1 = 1.1
    # (the greedy "partner 0 where it is strongest in absolute terms" would pick c = 2)
    assert assign_by_quota(strength, np.array([1, 2])).tolist() == [1, 0, 1]


def test_assign_by_quota_three_partners_by_hand() -> None:
    # quotas 1, 1, 1 over three seats; each partner is strongest in a different seat
    strength = np.array([
        [0.1, 0.2, 0.9],
        [0.8, 0.1, 0.3],
        [0.2, 0.7, 0.4],
    ])
    # the permutation (2, 0, 1) scores 0.9 + 0.8 + 0.7 = 2.4, every other one less
    assert assign_by_quota(strength, np.array([1, 1, 1])).tolist() == [2, 0, 1]


def test_assign_by_quota_is_optimal_and_respects_quotas() -> None:
    gen = np.random.default_rng(9)
    for _ in range(30):
        n, k = int(gen.integers(1, 7)), int(gen.integers(1, 4))
        strength = gen.random((n, k))
        quotas = largest_remainder(gen.random(k), n)
        got = assign_by_quota(strength, quotas)
        assert np.bincount(got, minlength=k).tolist() == quotas.tolist()
        best = max(
            strength[np.arange(n), np.array(p)].sum()
            for p in set(itertools.permutations(np.repeat(np.arange(k), quotas)))
        )
        assert strength[np.arange(n), got].sum() == pytest.approx(best)


def test_assign_by_quota_rejects_wrong_quota_total() -> None:
    with pytest.raises(ValueError, match="quotas sum to 3"):
        assign_by_quota(np.ones((2, 2)), np.array([2, 1]))
    assert assign_by_quota(np.ones((0, 2)), np.array([0, 0])).tolist() == []
