"""Ballots: how the voter agents of one constituency choose, given who stands there."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.core.ballots import vote_routes


@dataclass(frozen=True)
class Ballot:
    """How the voter agents of one constituency choose, given who stands there.

    Each table is indexed by party + 1 (index 0: non-partisans).

    Attributes:
        primary: party voted for with probability ``p_primary``: its own party if it stands,
            else the ally standing there, else -1.
        uses_transfer: True where ``primary`` is an ally (probability = transfer willingness
            × the pair's affinity), False where it is the voter's own party (probability =
            loyalty).
        secondary: the closest standing party by ideology other than ``primary`` (-1 if none):
            where disloyal voters go, and where non-transferring voters go with probability
            ``defection_share`` (the others abstain).
        floating: (P,) cumulative distribution of non-partisans' votes over standing parties.
        affinity: (P+1,) affinity of each party's supporters for their primary ally (1 where
            the primary is not an ally); see :mod:`sim.core.transfers`.
    """

    primary: np.ndarray
    uses_transfer: np.ndarray
    secondary: np.ndarray
    floating: np.ndarray
    affinity: np.ndarray = field(default_factory=lambda: np.ones(0))


def build_ballots(
    standing: np.ndarray, allies: np.ndarray, ideology: np.ndarray, shares: np.ndarray,
    affinity: np.ndarray | None = None,
) -> list[Ballot]:
    """The choice tables of each constituency (see :class:`Ballot` and
    :func:`sim.core.ballots.vote_routes`).

    A voter whose party does not stand turns to the ally standing there that its party's
    supporters like best (larger pair ``affinity``, then larger baseline share); anyone not
    voting for their own party or ally goes to the ideologically closest remaining candidate
    (ties: larger share). Non-partisans split over the standing parties in proportion to their
    baseline shares.
    """
    standing = np.asarray(standing, dtype=bool)
    n_c, n_p = standing.shape
    shares = np.asarray(shares, dtype=np.float64)
    affinity = np.ones((n_p, n_p)) if affinity is None else np.asarray(affinity, dtype=float)
    primary, uses, secondary = vote_routes(standing, allies, ideology, shares, affinity)
    floating = np.where(standing, shares, 0.0)
    empty = floating.sum(axis=1) <= 0
    floating[empty] = standing[empty]
    cdf = np.cumsum(floating / floating.sum(axis=1, keepdims=True), axis=1)
    cdf[:, -1] = 1.0
    cdf = cdf.astype(np.float32)
    scale = np.where(uses, affinity[np.arange(n_p)[None, :], np.maximum(primary, 0)], 1.0)
    none = np.full((n_c, 1), -1, dtype=np.int64)
    primary = np.hstack([none, primary])
    uses = np.hstack([np.zeros((n_c, 1), dtype=bool), uses])
    secondary = np.hstack([none, secondary])
    scale = np.hstack([np.ones((n_c, 1)), scale])
    return [Ballot(primary[c], uses[c], secondary[c], cdf[c], scale[c]) for c in range(n_c)]
