"""Pair transfer affinity: how willingly supporters of one party vote for a given ally.

A voter whose own party does not stand votes for the ally standing in its seat with probability
w × A[p, q], where w is its transfer willingness (its disposition to vote for any partner,
moved by joint campaigns) and A[p, q] the affinity of p's supporters for the ally q::

    A[p, q] = (1 − |ideology_p − ideology_q| / 2) ** sharpness

(1 for parties at the same position, 0 for the two ends of the left–right axis when sharpness
> 0; sharpness 0 makes every pair 1). A configured pair (``[[transfer]]``) replaces the
formula's value for that direction only: transfers are not symmetric (Congress voters in West
Bengal were known to transfer less readily to the Left than the reverse).

Source: Gschwend, T. & Hooghe, M. (2008), Should I stay or should I go? An experimental study
on voter responses to pre-electoral coalitions, EJPR 47(5) (voters accept partners by
ideological distance); Chhibber, P. & Verma, R. (2018), Ideology and Identity, ch. 7.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def affinity_matrix(ideology: np.ndarray, sharpness: float,
                    pairs: Mapping[tuple[int, int], float] | None = None) -> np.ndarray:
    """(P, P) affinity ``A[p, q]`` of p's supporters for the ally q (see the module docstring).

    Args:
        ideology: (P,) left–right positions in [−1, 1].
        sharpness: the exponent (≥ 0).
        pairs: {(p, q): affinity in [0, 1]} set explicitly, by party index.
    """
    ideology = np.asarray(ideology, dtype=np.float64)
    if sharpness < 0:
        raise ValueError(f"sharpness must be >= 0, got {sharpness}")
    distance = np.abs(ideology[:, None] - ideology[None, :])
    out = np.clip(1.0 - distance / 2.0, 0.0, 1.0) ** sharpness
    for (p, q), value in (pairs or {}).items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"affinity of pair ({p}, {q}) must be in [0, 1], got {value}")
        out[p, q] = value
    return out
