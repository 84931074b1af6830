"""Ballots: how the voter agents of one constituency choose, given who stands there."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Ballot:
    """How the voter agents of one constituency choose, given who stands there.

    Each table is indexed by party + 1 (index 0: non-partisans).

    Attributes:
        primary: party voted for with probability ``p_primary``: its own party if it stands,
            else the ally standing there, else -1.
        uses_transfer: True where ``primary`` is an ally (probability = transfer willingness),
            False where it is the voter's own party (probability = loyalty).
        secondary: the closest standing party by ideology other than ``primary`` (-1 if none):
            where disloyal voters go, and where non-transferring voters go with probability
            ``defection_share`` (the others abstain).
        floating: (P,) cumulative distribution of non-partisans' votes over standing parties.
    """

    primary: np.ndarray
    uses_transfer: np.ndarray
    secondary: np.ndarray
    floating: np.ndarray


def build_ballots(
    standing: np.ndarray, allies: np.ndarray, ideology: np.ndarray, shares: np.ndarray
) -> list[Ballot]:
    """The choice tables of each constituency (see :class:`Ballot`).

    A voter whose party does not stand turns to the ally standing there (the one with the
    larger baseline share if several do); anyone not voting for their own party or ally goes to
    the ideologically closest remaining candidate (ties: larger share). Non-partisans split over
    the standing parties in proportion to their baseline shares.
    """
    n_c, n_p = standing.shape
    allies = np.asarray(allies, dtype=bool)
    if allies.ndim == 2:
        allies = np.broadcast_to(allies, (n_c, n_p, n_p))
    distance = np.abs(ideology[:, None] - ideology[None, :])  # (P, P)
    ballots = []
    for c in range(n_c):
        s = standing[c]
        rank = shares[c]  # tie-break by baseline share
        primary = np.full(n_p + 1, -1, dtype=np.int64)
        uses_transfer = np.zeros(n_p + 1, dtype=bool)
        secondary = np.full(n_p + 1, -1, dtype=np.int64)
        for p in range(n_p):
            if s[p]:
                primary[p + 1] = p
            else:
                ally = np.flatnonzero(s & allies[c, p])
                if ally.size:
                    primary[p + 1] = ally[np.argmax(rank[ally])]
                    uses_transfer[p + 1] = True
            others = s.copy()
            others[p] = False
            if primary[p + 1] >= 0:
                others[primary[p + 1]] = False
            candidates = np.flatnonzero(others)
            if candidates.size:
                order = np.lexsort((-rank[candidates], distance[p, candidates]))
                secondary[p + 1] = candidates[order[0]]
        floating = np.where(s, shares[c], 0.0)
        if floating.sum() <= 0:
            floating = s.astype(float)
        cdf = np.cumsum(floating / floating.sum())
        cdf[-1] = 1.0
        ballots.append(Ballot(primary, uses_transfer, secondary, cdf.astype(np.float32)))
    return ballots
