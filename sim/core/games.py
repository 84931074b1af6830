"""Pure bargaining maths: Rubinstein shares, Baron–Ferejohn offers, Nash and target allocations.

Partners bargain over constituencies. ``win[c, i]`` is the probability that partner i wins
constituency c if it is the alliance's only candidate there, so partner i's expected seats under
an allocation are the sum of ``win`` over the constituencies it gets. No Mesa, no model state.
"""

from __future__ import annotations

import numpy as np


def rubinstein_proposer_share(delta_proposer: float, delta_responder: float,
                              rounds_left: int | None = None) -> float:
    """The proposer's share of the surplus in Rubinstein's alternating-offers game.

    With ``rounds_left`` = None (infinite horizon) it is (1 − δ_r) / (1 − δ_p·δ_r). With a
    deadline n rounds away (the nomination deadline), backward induction from the last round,
    where the proposer takes everything: s(n) = 1 − δ_r·s'(n − 1), roles alternating.

    Source: Rubinstein, A. (1982), Perfect equilibrium in a bargaining model, Econometrica 50(1);
    Osborne & Rubinstein (1990), Bargaining and Markets, ch. 3.
    """
    for name, d in (("delta_proposer", delta_proposer), ("delta_responder", delta_responder)):
        if not 0.0 <= d < 1.0 and not (d == 1.0 and rounds_left is not None):
            raise ValueError(f"{name} must be in [0, 1), got {d}")
    if rounds_left is None:
        return (1.0 - delta_responder) / (1.0 - delta_proposer * delta_responder)
    if rounds_left < 1:
        raise ValueError("rounds_left must be >= 1")
    deltas = (delta_proposer, delta_responder)
    # iterate from the last round backwards; role 0 proposes when rounds_left is reached
    shares = [1.0, 1.0]  # shares[role] = share of `role` when it proposes with n rounds left
    for n in range(2, rounds_left + 1):
        proposer = (rounds_left - n) % 2  # who proposes with n rounds left
        responder = 1 - proposer
        shares[proposer] = 1.0 - deltas[responder] * shares[responder]
    return shares[0]


def baron_ferejohn_shares(recognition: np.ndarray, proposer: int, delta: float,
                          quota: int | None = None) -> np.ndarray:
    """Shares of the surplus in the stationary equilibrium of Baron–Ferejohn bargaining.

    Each partner's continuation value is its recognition probability times the surplus (the
    stationary solution under a closed rule). The proposer offers the cheapest ``quota − 1``
    partners their discounted continuation value δ·p_j and keeps the rest; partners left out
    of the winning coalition get nothing. ``quota`` None means unanimity.

    Source: Baron, D. P. & Ferejohn, J. A. (1989), Bargaining in legislatures, APSR 83(4).
    """
    p = np.asarray(recognition, dtype=np.float64)
    k = p.size
    if not 0.0 <= delta <= 1.0:
        raise ValueError(f"delta must be in [0, 1], got {delta}")
    q = k if quota is None else int(quota)
    if not 1 <= q <= k:
        raise ValueError(f"quota must be between 1 and {k}, got {quota}")
    p = p / p.sum()
    shares = np.zeros(k)
    others = np.array([j for j in range(k) if j != proposer], dtype=np.int64)
    bought = others[np.argsort(p[others], kind="stable")[: q - 1]]
    shares[bought] = delta * p[bought]
    shares[proposer] = 1.0 - shares.sum()
    return shares


def assign_by_weights(win: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(n,) give each constituency to the partner with the largest weights[i] · win[c, i]."""
    return np.argmax(win * np.asarray(weights)[None, :], axis=1)


def expected_by_partner(win: np.ndarray, assignment: np.ndarray) -> np.ndarray:
    """(k,) expected seats of each partner under an assignment."""
    rows = np.arange(win.shape[0])
    return np.bincount(assignment, weights=win[rows, assignment], minlength=win.shape[1])


def assign_to_targets(win: np.ndarray, targets: np.ndarray, iterations: int = 200) -> np.ndarray:
    """An assignment whose expected seats per partner come as close as possible to ``targets``.

    Multiplicative weight updates on ``assign_by_weights`` (a price-adjustment search); the
    best assignment seen (least absolute error) is returned.
    """
    targets = np.asarray(targets, dtype=np.float64)
    weights = np.ones(win.shape[1])
    best, best_err = assign_by_weights(win, weights), np.inf
    for _ in range(iterations):
        assignment = assign_by_weights(win, weights)
        got = expected_by_partner(win, assignment)
        err = np.abs(got - targets).sum()
        if err < best_err - 1e-12:
            best, best_err = assignment, err
        if err < 1e-6:
            break
        weights = weights * np.power(np.maximum(targets, 1e-6) / np.maximum(got, 1e-6), 0.3)
    return best


def nash_assignment(win: np.ndarray, disagreement: np.ndarray, power: np.ndarray,
                    iterations: int = 200) -> np.ndarray:
    """The assignment maximising the (generalised) Nash product Π (E_i − d_i)^w_i.

    Searched by proportional-fair price updates (weight_i = w_i / (E_i − d_i)), keeping the best
    product seen. If no assignment gives every partner more than its disagreement point, the
    seat-maximising assignment is returned (the bargaining set is empty).

    Source: Nash, J. (1950), The bargaining problem, Econometrica 18(2); asymmetric form:
    Kalai (1977).
    """
    d = np.asarray(disagreement, dtype=np.float64)
    w = np.asarray(power, dtype=np.float64)
    efficient = np.argmax(win, axis=1)
    best, best_value = efficient, -np.inf
    weights = np.ones(win.shape[1])
    for _ in range(iterations):
        assignment = assign_by_weights(win, weights)
        gains = expected_by_partner(win, assignment) - d
        if (gains > 0).all():
            value = float((w * np.log(gains)).sum())
            if value > best_value + 1e-12:
                best, best_value = assignment, value
        new = w / np.maximum(gains, 1e-3)
        new = new / new.sum()
        if np.allclose(new, weights / weights.sum(), atol=1e-9):
            break
        weights = 0.5 * weights / weights.sum() + 0.5 * new
    if np.isfinite(best_value):
        best = _improve_nash(win, best, d, w)
    return best


def _improve_nash(win: np.ndarray, assignment: np.ndarray, d: np.ndarray,
                  w: np.ndarray) -> np.ndarray:
    """Hill-climb the Nash product by moving one constituency at a time (best move first)."""
    assignment = assignment.copy()
    rows = np.arange(win.shape[0])
    for _ in range(4 * win.shape[0]):
        gains = expected_by_partner(win, assignment) - d
        current = win[rows, assignment]
        losing = gains[assignment] - current  # owner's gain after giving c away
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (w[None, :] * (np.log(gains[None, :] + win) - np.log(gains[None, :]))
                     + (w[assignment] * (np.log(np.where(losing > 0, losing, np.nan))
                                         - np.log(gains[assignment])))[:, None])
        delta[rows, assignment] = -np.inf
        delta = np.nan_to_num(delta, nan=-np.inf)
        c, i = np.unravel_index(np.argmax(delta), delta.shape)
        if delta[c, i] <= 1e-12:
            break
        assignment[c] = i
    return assignment
