"""Pure seat forecasts: what a party believes an allocation of candidacies will win.

Parties do not see votes before the election; they combine the reference election's shares, a
regional swing read from the polls and their belief about how willingly partners' supporters
transfer. Win probabilities come from a softmax over forecast vote shares with a temperature
equal to the forecast noise (a smooth stand-in for a normal error on each margin), so expected
seats always sum to the number of constituencies.
"""

from __future__ import annotations

import numpy as np


def forecast_votes(
    shares: np.ndarray,
    standing: np.ndarray,
    transfer: np.ndarray,
    allies: np.ndarray,
) -> np.ndarray:
    """Forecast vote shares of the standing candidates.

    Args:
        shares: (C, P) expected support of each party (baseline shares after swing).
        standing: (C, P) bool, who has a candidate.
        transfer: (P,) believed share of party q's supporters who vote for an ally standing in
            their seat when q does not stand.
        allies: (P, P) or (C, P, P) bool, ``allies[(c,) q, p]``: q's supporters may transfer
            to p (in constituency c).

    Returns:
        (C, P) forecast shares; zero for parties not standing. A non-standing party's
        transferred support is split equally among its standing allies; the rest is lost.
    """
    standing = np.asarray(standing, dtype=bool)
    shares = np.asarray(shares, dtype=np.float64)
    own = np.where(standing, shares, 0.0)
    absent = np.where(standing, 0.0, shares) * np.asarray(transfer)[None, :]
    allies = np.asarray(allies, dtype=bool)
    if allies.ndim == 2:
        allies = allies[None, :, :]
    receivers = standing[:, None, :] & allies  # (C, Q, P)
    n_receivers = receivers.sum(axis=2, keepdims=True)
    flow = np.where(receivers, absent[:, :, None] / np.maximum(n_receivers, 1), 0.0)
    return own + flow.sum(axis=1)


def win_probabilities(votes: np.ndarray, standing: np.ndarray, noise: float) -> np.ndarray:
    """(C, P) probability that each standing party wins: softmax of votes / ``noise``."""
    standing = np.asarray(standing, dtype=bool)
    logits = np.where(standing, np.asarray(votes, dtype=np.float64) / noise, -np.inf)
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    return weights / weights.sum(axis=1, keepdims=True)


def expected_seats(
    shares: np.ndarray,
    standing: np.ndarray,
    transfer: np.ndarray,
    allies: np.ndarray,
    noise: float,
) -> np.ndarray:
    """(P,) expected seats of each party under the given candidacies."""
    votes = forecast_votes(shares, standing, transfer, allies)
    return win_probabilities(votes, standing, noise).sum(axis=0)
