"""Pure seat-allocation maths: apportionment of whole seats and assignment of constituencies.

Used by the negotiation protocols; no Mesa and no model state.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Apportion ``total`` whole seats in proportion to ``weights`` (Hamilton's method).

    Each gets the floor of its exact quota; the seats left go to the largest remainders, ties
    going to the larger weight and then the lower index, so the result is deterministic.

    Source: Hamilton (1792); the largest-remainder rule of Gamson-style proportional shares.
    """
    weights = np.asarray(weights, dtype=np.float64)
    if total < 0:
        raise ValueError("total must be non-negative")
    if weights.size == 0:
        return np.zeros(0, dtype=np.int64)
    if (weights < 0).any():
        raise ValueError("weights must be non-negative")
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    quotas = weights / weights.sum() * total
    seats = np.floor(quotas + 1e-9).astype(np.int64)
    left = int(total - seats.sum())
    remainders = quotas - seats
    order = np.lexsort((np.arange(weights.size), -weights, -np.round(remainders, 12)))
    seats[order[:left]] += 1
    return seats


def assign_by_quota(strength: np.ndarray, quotas: np.ndarray) -> np.ndarray:
    """Give each constituency to one partner so that partner k gets ``quotas[k]`` of them and
    the partners' total strength in the seats they get is as large as possible.

    Args:
        strength: (n, k) each partner's strength (e.g. forecast vote share) per constituency.
        quotas: (k,) whole numbers summing to n.

    Returns:
        (n,) index of the partner given each constituency.

    Solved exactly as a linear assignment problem (Hungarian method, scipy) with one column per
    seat slot, so strong partners get the seats where they are comparatively strongest.
    """
    strength = np.asarray(strength, dtype=np.float64)
    quotas = np.asarray(quotas, dtype=np.int64)
    n, k = strength.shape
    if quotas.sum() != n:
        raise ValueError(f"quotas sum to {quotas.sum()}, expected {n}")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    slot_owner = np.repeat(np.arange(k), quotas)
    rows, cols = linear_sum_assignment(strength[:, slot_owner], maximize=True)
    out = np.empty(n, dtype=np.int64)
    out[rows] = slot_owner[cols]
    return out
