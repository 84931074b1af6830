"""Who a voter turns to, given who stands: the choice tables of every constituency at once.

For a supporter of party p in constituency c (pure functions on arrays, no voters here):

* **primary**: p itself if it stands; otherwise the ally of p standing there that p's
  supporters like best (largest pair affinity, then larger baseline share, then the lower
  party index); otherwise none (-1).
* **uses_transfer**: the primary is an ally (the vote then needs transfer willingness).
* **secondary**: the standing party closest to p by ideology other than p and its primary
  (ties: larger baseline share, then lower index): where disloyal voters go and where
  non-transferring voters may defect.

The vote (:mod:`sim.engine.vote`) and the parties' forecasts (:mod:`sim.core.forecast`) read
the same tables, so a forecast reproduces the vote's rules exactly.
"""

from __future__ import annotations

import numpy as np


def vote_routes(standing: np.ndarray, allies: np.ndarray, ideology: np.ndarray,
                rank: np.ndarray, affinity: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(primary, uses_transfer, secondary), each (C, P), for every constituency and party.

    Args:
        standing: (C, P) bool, who stands.
        allies: (P, P) or (C, P, P) bool, ``allies[(c,) p, q]``: p's supporters may transfer
            to q (in c).
        ideology: (P,) positions.
        rank: (C, P) baseline shares (tie-breaks).
        affinity: (P, P) pair affinity (default: all 1).
    """
    standing = np.asarray(standing, dtype=bool)
    n_p = standing.shape[1]
    allies = np.asarray(allies, dtype=bool)
    if allies.ndim == 2:
        allies = allies[None, :, :]
    rank = np.asarray(rank, dtype=np.float64)[:, None, :]  # (C, 1, Q)
    ideology = np.asarray(ideology, dtype=np.float64)
    affinity = np.ones((n_p, n_p)) if affinity is None else np.asarray(affinity, dtype=float)
    other = ~np.eye(n_p, dtype=bool)[None]  # (1, P, Q): q is not p
    # (C, P, Q): p does not stand, q is an ally of p standing there
    ally = standing[:, None, :] & allies & ~standing[:, :, None] & other
    best = _first_best(ally, affinity[None], rank)
    has_ally = ally.any(axis=2)
    primary = np.where(standing, np.arange(n_p)[None, :], -1)
    primary = np.where(has_ally, best, primary)
    others = standing[:, None, :] & other
    others &= np.arange(n_p)[None, None, :] != primary[:, :, None]
    distance = np.abs(ideology[:, None] - ideology[None, :])[None]  # (1, P, Q)
    closest = _first_best(others, -distance, rank)
    secondary = np.where(others.any(axis=2), closest, -1)
    return primary.astype(np.int64), has_ally, secondary.astype(np.int64)


def _first_best(mask: np.ndarray, key: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Along the last axis, among the entries in ``mask``, the index with the largest
    ``key``, then the largest ``rank``, then the lowest index (0 where there is none)."""
    top = np.where(mask, key, -np.inf).max(axis=-1, keepdims=True)
    tied = mask & (key == top)
    return np.argmax(np.where(tied, rank, -np.inf), axis=-1)
