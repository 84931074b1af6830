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


# --------------------------------------------------------------------------- the vote's rules
def expected_votes(
    mass: np.ndarray,
    routes: tuple[np.ndarray, np.ndarray, np.ndarray],
    loyalty: np.ndarray,
    transfer: np.ndarray,
    affinity: np.ndarray,
    defection: float,
    floating: np.ndarray,
) -> np.ndarray:
    """Expected votes under the vote's own rules (:mod:`sim.engine.vote`), for K scenarios.

    A supporter of p who turns out votes for p with probability loyalty_p where p stands (the
    rest go to its secondary choice); where p does not stand, for its primary ally with
    probability transfer × affinity (the rest go to the secondary with probability
    ``defection``, or abstain); without an ally, to the secondary with probability
    ``defection``. Non-partisans who turn out split over the standing parties by ``floating``.

    Args:
        mass: (K, C, P+1) voters who turn out, by row (row 0: non-partisans), in any unit.
        routes: (primary, uses_transfer, secondary), each (C, P), from
            :func:`sim.core.ballots.vote_routes`.
        loyalty: (P,) mean loyalty of each party's supporters.
        transfer: (C, P) or (P,) transfer willingness of each party's supporters (among those
            who vote).
        affinity: (P, P) pair affinity.
        defection: share of non-transferring voters who vote for their secondary choice.
        floating: (C, P) non-partisans' split over the standing parties (rows sum to 1).

    Returns:
        (K, C, P) expected votes, in the unit of ``mass``.
    """
    primary, uses, secondary = routes
    mass = np.asarray(mass, dtype=np.float64)
    n_k, n_c, n_rows = mass.shape
    n_p = n_rows - 1
    has = primary >= 0
    parties = np.arange(n_p)[None, :]
    willing = np.broadcast_to(np.asarray(transfer, dtype=np.float64), (n_c, n_p))
    pair = affinity[parties, np.maximum(primary, 0)]
    chance = np.where(uses, willing * pair, np.broadcast_to(loyalty, (n_c, n_p)))
    chance = np.where(has, chance, 0.0)
    soft = uses | ~has
    fallback = np.where(soft, (1.0 - chance) * defection, 1.0 - chance)
    fallback = np.where(secondary >= 0, fallback, 0.0)
    base = (np.arange(n_k)[:, None, None] * n_c + np.arange(n_c)[None, :, None]) * n_p
    supporters = mass[:, :, 1:]
    out = np.bincount((base + np.maximum(primary, 0)[None]).ravel(),
                      weights=(supporters * chance[None]).ravel(), minlength=n_k * n_c * n_p)
    out += np.bincount((base + np.maximum(secondary, 0)[None]).ravel(),
                       weights=(supporters * fallback[None]).ravel(), minlength=n_k * n_c * n_p)
    return out.reshape(n_k, n_c, n_p) + mass[:, :, :1] * floating[None]


def win_shares(share: np.ndarray, sd: np.ndarray, standing: np.ndarray,
               noise: np.ndarray, reach: float = 6.0) -> np.ndarray:
    """(C, P) share of K scenarios in which each standing party polls the most, its vote share
    ``share`` (C, P) given the error ``sd`` × ``noise`` (noise: (K, C, P) standard normal).

    Only contenders are compared: a party more than ``reach`` standard deviations below the
    best "worst case" (share − reach·sd) of its seat cannot win in any scenario worth
    counting (a chance below 10⁻⁹ at 6 SD), which keeps the work to a few parties per seat.
    Ties go to the larger share. A seat where nobody stands has no winner (a row of zeros).
    """
    share = np.asarray(share, dtype=np.float64)
    sd = np.asarray(sd, dtype=np.float64)
    standing = np.asarray(standing, dtype=bool)
    n_c, n_p = share.shape
    n_k = noise.shape[0]
    out = np.zeros((n_c, n_p))
    if n_c == 0:
        return out
    floor = np.where(standing, share - reach * sd, -np.inf).max(axis=1, keepdims=True)
    contender = standing & (share + reach * sd >= floor)
    width = max(1, int(contender.sum(axis=1).max()))
    order = np.argsort(np.where(contender, -share, np.inf), axis=1, kind="stable")[:, :width]
    take = np.take_along_axis
    live = take(contender, order, axis=1)
    drawn = take(share, order, axis=1)[None] + take(sd, order, axis=1)[None] \
        * take(noise, np.broadcast_to(order, (n_k, n_c, width)), axis=2)
    drawn = np.where(live[None], drawn, -np.inf)
    winners = np.take_along_axis(np.broadcast_to(order, (n_k, n_c, width)),
                                 drawn.argmax(axis=2)[:, :, None], axis=2)[:, :, 0]
    counts = np.bincount((np.arange(n_c)[None, :] * n_p + winners).ravel(),
                         minlength=n_c * n_p).reshape(n_c, n_p)
    return np.where(standing.any(axis=1, keepdims=True), counts / n_k, 0.0)


# --------------------------------------------------------------------------- swing by flows
def flow_swing(composition: np.ndarray, before: np.ndarray, after: np.ndarray,
               region_of: np.ndarray) -> np.ndarray:
    """Carry a regional change of support down to constituencies as flows between groups.

    Support moves as flows: a group that loses in a region loses the same fraction of its
    supporters in every constituency there, λ_a = 1 − after_a / before_a; the voters lost in a
    constituency, Λ_c = Σ_a x_ca λ_a, join the region's gainers in proportion to their regional
    gains g_q = after_q − before_q::

        x′_ca = x_ca (1 − λ_a) + Λ_c g_a / Σ_q g_q

    This is what persuasion and anti-incumbency do (the voters a party wins come from where the
    other parties' supporters are, not from where it is already strong), so it fits their
    constituency pattern better than a proportional swing, which hands a gainer most where it
    already leads. The electors-weighted regional totals of x′ are exactly ``after`` when
    those of x are ``before``.

    Args:
        composition: (C, G) each constituency's shares of the groups (rows sum to 1).
        before: (R, G) the regional shares the composition adds up to (rows sum to 1).
        after: (R, G) the regional shares now (rows sum to 1).
        region_of: (C,) region of each constituency.

    Returns:
        (C, G) the constituencies' shares now (rows sum to 1).
    """
    before = np.asarray(before, dtype=np.float64)
    after = np.asarray(after, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        lost = np.where(before > 0, np.clip(1.0 - after / before, 0.0, 1.0), 0.0)
    gain = np.maximum(after - before, 0.0)
    total = gain.sum(axis=1, keepdims=True)
    to = np.where(total > 0, gain / np.where(total > 0, total, 1.0), 0.0)
    x = np.asarray(composition, dtype=np.float64)
    lam = lost[region_of]
    moved = (x * lam).sum(axis=1, keepdims=True)
    return x * (1.0 - lam) + moved * to[region_of]
