"""Pure first-past-the-post counting: winners, margins and seat tallies.

No Mesa and no model state here: arrays in, arrays out, so every rule can be checked by hand.
"""

from __future__ import annotations

import numpy as np


def fptp_winners(
    votes: np.ndarray, standing: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The winner of each constituency under first-past-the-post.

    Args:
        votes: (C, P) votes per constituency and party.
        standing: (C, P) bool, which parties have a candidate; each row needs at least one.
        rng: the ``election`` stream; breaks exact ties uniformly at random, as a drawing of
            lots does under India's Representation of the People Act, 1951, s. 65.

    Returns:
        (C,) index of the winning party.
    """
    votes = np.asarray(votes)
    standing = np.asarray(standing, dtype=bool)
    if not standing.any(axis=1).all():
        empty = int(np.flatnonzero(~standing.any(axis=1))[0])
        raise ValueError(f"constituency {empty} has no candidate")
    masked = np.where(standing, votes.astype(np.float64), -np.inf)
    best = masked.max(axis=1, keepdims=True)
    tied = masked == best
    # a uniform random key per candidate, restricted to the tied ones, picks among ties
    keys = np.where(tied, rng.random(votes.shape), -1.0)
    return keys.argmax(axis=1)


def margins(votes: np.ndarray, standing: np.ndarray, winners: np.ndarray) -> np.ndarray:
    """Winner's votes minus the runner-up's (the winner's votes when unopposed)."""
    votes = np.asarray(votes, dtype=np.float64)
    masked = np.where(standing, votes, -np.inf)
    rows = np.arange(votes.shape[0])
    win = masked[rows, winners]
    masked[rows, winners] = -np.inf
    runner = masked.max(axis=1)
    return np.where(np.isfinite(runner), win - runner, win)


def seat_counts(winners: np.ndarray, n_parties: int) -> np.ndarray:
    """(P,) seats won by each party."""
    return np.bincount(np.asarray(winners), minlength=n_parties)


def group_totals(per_party: np.ndarray, group_of: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum a per-party quantity into groups (alliances); ``group_of[p]`` indexes the group."""
    return np.bincount(np.asarray(group_of), weights=np.asarray(per_party, float),
                       minlength=n_groups)
