"""First-past-the-post counting (``sim.core.fptp``) on cases worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from sim.core.fptp import fptp_winners, group_totals, margins, seat_counts


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_plurality_winner_among_standing_parties() -> None:
    # three constituencies, parties A, B, C
    votes = np.array([
        [500, 300, 200],  # A leads
        [100, 450, 449],  # B by one vote
        [900, 100, 50],   # A polls most but does not stand: B (100) beats C (50)
    ])
    standing = np.array([
        [True, True, True],
        [True, True, True],
        [False, True, True],
    ])
    winners = fptp_winners(votes, standing, rng())
    assert winners.tolist() == [0, 1, 1]


def test_unopposed_candidate_wins_with_zero_votes() -> None:
    votes = np.array([[0, 10, 5]])
    standing = np.array([[True, False, False]])
    assert fptp_winners(votes, standing, rng()).tolist() == [0]


def test_constituency_without_candidate_is_an_error() -> None:
    votes = np.array([[1, 2], [3, 4]])
    standing = np.array([[True, False], [False, False]])
    with pytest.raises(ValueError, match="constituency 1"):
        fptp_winners(votes, standing, rng())


def test_exact_tie_is_decided_by_the_seeded_generator() -> None:
    # A and B tie on 400; C (100) cannot win. Over many seeds both A and B win sometimes.
    votes = np.array([[400, 400, 100]])
    standing = np.ones((1, 3), dtype=bool)
    winners = {int(fptp_winners(votes, standing, rng(s))[0]) for s in range(60)}
    assert winners == {0, 1}


def test_tie_draws_are_roughly_fair() -> None:
    # 200 tied constituencies in one call: each of the two tied parties should win about half
    votes = np.tile([[7, 7, 3]], (200, 1))
    standing = np.ones_like(votes, dtype=bool)
    winners = fptp_winners(votes, standing, rng(3))
    assert set(winners.tolist()) <= {0, 1}
    assert 60 < int((winners == 0).sum()) < 140


def test_same_seed_same_tie_winner() -> None:
    votes = np.tile([[5, 5, 5, 1]], (30, 1))
    standing = np.ones_like(votes, dtype=bool)
    first = fptp_winners(votes, standing, rng(11))
    second = fptp_winners(votes, standing, rng(11))
    assert np.array_equal(first, second)
    assert set(first.tolist()) <= {0, 1, 2}
    assert len(set(first.tolist())) > 1  # 30 three-way ties do not all go the same way


def test_tie_with_non_standing_party_is_not_a_tie() -> None:
    # B ties A on votes but has no candidate: A wins whatever the seed
    votes = np.array([[300, 300, 10]])
    standing = np.array([[True, False, True]])
    assert {int(fptp_winners(votes, standing, rng(s))[0]) for s in range(20)} == {0}


def test_margins_by_hand() -> None:
    votes = np.array([
        [500, 300, 200],  # 500 − 300 = 200
        [100, 450, 449],  # 450 − 449 = 1
        [900, 100, 50],   # A does not stand: 100 − 50 = 50
        [0, 70, 0],       # B unopposed: margin = its own votes, 70
    ])
    standing = np.array([
        [True, True, True],
        [True, True, True],
        [False, True, True],
        [False, True, False],
    ])
    winners = np.array([0, 1, 1, 1])
    assert margins(votes, standing, winners).tolist() == [200.0, 1.0, 50.0, 70.0]


def test_seat_counts_and_group_totals_by_hand() -> None:
    winners = np.array([0, 2, 2, 1, 2])
    seats = seat_counts(winners, 4)
    # A 1, B 1, C 3, D 0 (D present with zero seats)
    assert seats.tolist() == [1, 1, 3, 0]
    # A and B in group 0, C in group 1, D in group 2: 1 + 1 = 2, 3, 0
    totals = group_totals(seats, np.array([0, 0, 1, 2]), 3)
    assert totals.tolist() == [2.0, 3.0, 0.0]
