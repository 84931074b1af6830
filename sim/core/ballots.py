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
    n_c, n_p = standing.shape
    allies = np.asarray(allies, dtype=bool)
    if allies.ndim == 2:
        allies = np.broadcast_to(allies, (n_c, n_p, n_p))
    rank = np.asarray(rank, dtype=np.float64)
    ideology = np.asarray(ideology, dtype=np.float64)
    affinity = np.ones((n_p, n_p)) if affinity is None else np.asarray(affinity, dtype=float)
    primary = np.full((n_c, n_p), -1, dtype=np.int64)
    uses = np.zeros((n_c, n_p), dtype=bool)
    secondary = np.full((n_c, n_p), -1, dtype=np.int64)
    rows = np.arange(n_c)
    for p in range(n_p):
        own = standing[:, p]
        ally = standing & allies[:, p, :] & ~own[:, None]
        ally[:, p] = False
        best = _first_best(ally, np.broadcast_to(affinity[p], (n_c, n_p)), rank)
        has_ally = ally.any(axis=1)
        primary[own, p] = p
        primary[has_ally, p] = best[has_ally]
        uses[:, p] = has_ally
        others = standing.copy()
        others[:, p] = False
        taken = primary[:, p] >= 0
        others[rows[taken], primary[taken, p]] = False
        distance = np.broadcast_to(np.abs(ideology[p] - ideology), (n_c, n_p))
        closest = _first_best(others, -distance, rank)
        some = others.any(axis=1)
        secondary[some, p] = closest[some]
    return primary, uses, secondary


def _first_best(mask: np.ndarray, key: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """(C,) per row, among columns in ``mask``, the one with the largest ``key``, then the
    largest ``rank``, then the lowest index (rows without any: 0)."""
    top = np.where(mask, key, -np.inf).max(axis=1, keepdims=True)
    tied = mask & (key == top)
    return np.argmax(np.where(tied, rank, -np.inf), axis=1)
