"""Choice tables (``sim.core.ballots``): who each party's supporters turn to, worked by hand."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

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


def reference_routes(standing, allies, ideology, rank, affinity):
    """The choice tables worked one constituency and one party at a time (the rule as read)."""
    n_c, n_p = standing.shape
    primary = np.full((n_c, n_p), -1)
    uses = np.zeros((n_c, n_p), dtype=bool)
    secondary = np.full((n_c, n_p), -1)

    def best(candidates, key):
        # the largest key, then the largest rank, then the lowest index
        return min(candidates, key=lambda q: (-key(q), -rank[c, q], q)) if candidates else -1

    for c in range(n_c):
        for p in range(n_p):
            if standing[c, p]:
                primary[c, p] = p
            else:
                friends = [q for q in range(n_p)
                           if q != p and standing[c, q] and allies[c, p, q]]
                primary[c, p] = best(friends, lambda q, p=p: affinity[p, q])
                uses[c, p] = bool(friends)
            rest = [q for q in range(n_p) if q != p and standing[c, q] and q != primary[c, p]]
            secondary[c, p] = best(rest, lambda q, p=p: -abs(ideology[p] - ideology[q]))
    return primary, uses, secondary


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_vote_routes_match_the_rule_worked_one_party_at_a_time(n_c: int, n_p: int,
                                                               seed: int) -> None:
    rng = np.random.default_rng(seed)
    standing = rng.random((n_c, n_p)) < 0.6
    allies = rng.random((n_c, n_p, n_p)) < 0.5  # alliances may differ by constituency
    ideology = rng.integers(-2, 3, n_p) / 2.0  # coarse, so distances tie
    rank = rng.integers(0, 3, (n_c, n_p)) / 2.0  # ties in rank too
    affinity = rng.integers(0, 3, (n_p, n_p)) / 2.0
    got = vote_routes(standing, allies, ideology, rank, affinity)
    want = reference_routes(standing, allies, ideology, rank, affinity)
    for x, y in zip(got, want, strict=True):
        assert np.array_equal(x, y)
    # one (P, P) alliance table is the same as that table in every constituency
    flat = vote_routes(standing, allies[0], ideology, rank, affinity)
    broad = vote_routes(standing, np.broadcast_to(allies[0], allies.shape), ideology, rank,
                        affinity)
    for x, y in zip(flat, broad, strict=True):
        assert np.array_equal(x, y)
