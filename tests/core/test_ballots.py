"""Choice tables (``sim.core.ballots``): who each party's supporters turn to, worked by hand."""

from __future__ import annotations

import numpy as np

from sim.core.ballots import vote_routes

# A (−0.6), B (−0.2), C (0.0), D (0.7); A is allied with B and C
IDEOLOGY = np.array([-0.6, -0.2, 0.0, 0.7])
ALLIES = np.zeros((4, 4), dtype=bool)
for p, q in ((0, 1), (0, 2)):
    ALLIES[p, q] = ALLIES[q, p] = True


def test_own_party_ally_and_closest_other() -> None:
    standing = np.array([[True, False, True, True],    # A stands; B does not
                         [False, True, True, True]])   # A stands down: B and C (allies) stand
    rank = np.array([[0.3, 0.2, 0.1, 0.4], [0.3, 0.1, 0.2, 0.4]])
    primary, uses, secondary = vote_routes(standing, ALLIES, IDEOLOGY, rank)
    # row 0: A votes A (secondary: the closest other, C at 0.6 away); B's ally A stands
    assert primary[0].tolist() == [0, 0, 2, 3] and uses[0].tolist() == [False, True, False, False]
    assert secondary[0, 0] == 2
    # B (−0.2) turned to A: its fallback is the closest remaining, C (0.2 away)
    assert secondary[0, 1] == 2
    # row 1: A's supporters have two allies standing; equal affinity: the larger share, C
    assert primary[1, 0] == 2 and uses[1, 0]
    assert secondary[1, 0] == 1  # then B, the closest remaining


def test_the_ally_liked_best_wins_over_the_larger_one() -> None:
    standing = np.array([[False, True, True, True]])
    rank = np.array([[0.3, 0.1, 0.2, 0.4]])
    affinity = np.ones((4, 4))
    affinity[0, 1], affinity[0, 2] = 0.9, 0.5  # A's voters like B more than C
    primary, uses, _ = vote_routes(standing, ALLIES, IDEOLOGY, rank, affinity)
    assert primary[0, 0] == 1 and uses[0, 0]


def test_nobody_to_turn_to() -> None:
    standing = np.array([[False, False, False, True]])
    primary, uses, secondary = vote_routes(standing, ALLIES, IDEOLOGY, np.full((1, 4), 0.25))
    assert primary[0].tolist() == [-1, -1, -1, 3]
    assert not uses.any()
    assert secondary[0].tolist() == [3, 3, 3, -1]  # D alone: its voters have no second choice
