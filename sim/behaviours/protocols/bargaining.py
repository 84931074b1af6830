"""Formal bargaining protocols: Nash, Rubinstein alternating offers, Baron–Ferejohn."""

from __future__ import annotations

import numpy as np

from sim.behaviours.protocols.base import (
    NegotiationProtocol,
    Proposal,
    TableContext,
    sole_candidate_win,
    standalone_seats,
    strength_weights,
)
from sim.behaviours.registry import check_range
from sim.core.games import (
    assign_to_targets,
    baron_ferejohn_shares,
    expected_by_partner,
    nash_assignment,
    rubinstein_proposer_share,
)


def _surplus_targets(win: np.ndarray, disagreement: np.ndarray,
                     shares: np.ndarray) -> np.ndarray | None:
    """Expected-seat targets d_i + share_i · surplus, or None when there is no surplus."""
    efficient = expected_by_partner(win, np.argmax(win, axis=1)).sum()
    surplus = efficient - disagreement.sum()
    if surplus <= 0:
        return None
    return disagreement + shares * surplus


class NashBargaining(NegotiationProtocol):
    """The split maximising the product of partners' seat gains over contesting alone.

    Each partner's disagreement point is its expected seats if nobody allies; the proposal
    maximises Π (E_i − d_i)^w_i over allocations of constituencies, with bargaining power w_i
    equal (``power = "equal"``) or proportional to poll strength (``"strength"``).

    Sources: Nash, J. (1950), The bargaining problem, Econometrica 18(2); Kalai, E. (1977),
    Nonsymmetric Nash solutions, Int. J. Game Theory 6(3).
    """

    name = "nash"

    def __init__(self, *, power: str = "equal") -> None:
        if power not in ("equal", "strength"):
            raise ValueError(f"parameter 'power' must be 'equal' or 'strength', got {power!r}")
        self.power = power

    def propose(self, ctx: TableContext) -> Proposal:
        win = sole_candidate_win(ctx)
        power = strength_weights(ctx) if self.power == "strength" else np.ones(win.shape[1])
        picked = nash_assignment(win, standalone_seats(ctx), power / power.sum())
        return Proposal(np.asarray(ctx.members)[picked])


class RubinsteinAlternatingOffers(NegotiationProtocol):
    """Partners take turns proposing; the proposer keeps its subgame-perfect share of the surplus.

    The proposer rotates each round (the strongest first). It offers the others what they
    would get by waiting, discounted: with a deadline n rounds away the shares follow backward
    induction from the last round (where the proposer takes the whole surplus); far from the
    deadline the first proposer gets (1 − δ₂)/(1 − δ₁δ₂). With more than two partners the
    responders are treated as one, with their mean discount factor, and split their share
    equally. The surplus is the alliance's best expected seats minus the partners'
    disagreement points (seats contesting alone).

    Sources: Rubinstein, A. (1982), Econometrica 50(1); Ståhl, I. (1972), Bargaining Theory
    (finite horizon).
    """

    name = "rubinstein"

    def __init__(self, *, discount: float = 0.9, strongest_first: bool = True) -> None:
        check_range("discount", discount, 0.0, 0.999)
        self.discount = discount
        self.strongest_first = strongest_first
        self._order: list[int] | None = None

    def proposer(self, ctx: TableContext) -> int:
        """The member proposing this round (rotating)."""
        if self._order is None:
            strength = strength_weights(ctx)
            order = np.argsort(-strength, kind="stable") if self.strongest_first else \
                np.arange(len(ctx.members))
            self._order = [ctx.members[i] for i in order]
        self._order += [m for m in ctx.members if m not in self._order]  # newcomers last
        active = [m for m in self._order if m in ctx.members]
        return active[(ctx.round - 1) % len(active)]

    def propose(self, ctx: TableContext) -> Proposal:
        members = ctx.members
        win = sole_candidate_win(ctx)
        d = standalone_seats(ctx)
        k = len(members)
        me = members.index(self.proposer(ctx))
        rounds_left = ctx.rounds - ctx.round + 1
        keep = rubinstein_proposer_share(self.discount, self.discount, rounds_left)
        shares = np.full(k, (1.0 - keep) / max(k - 1, 1))
        shares[me] = keep
        targets = _surplus_targets(win, d, shares)
        picked = np.argmax(win, axis=1) if targets is None else assign_to_targets(win, targets)
        return Proposal(np.asarray(members)[picked])


class BaronFerejohn(NegotiationProtocol):
    """A proposer drawn each round with probability ∝ strength buys partners' continuation values.

    Each round nature recognises a proposer with probability proportional to poll strength.
    It offers the cheapest ``quota − 1`` partners their discounted continuation value
    (δ × recognition probability × surplus) and keeps the rest; partners outside the winning
    coalition get only their disagreement point. ``quota`` 0 means unanimity.

    Sources: Baron, D. P. & Ferejohn, J. A. (1989), Bargaining in legislatures, American
    Political Science Review 83(4).
    """

    name = "baron_ferejohn"
    TAGS = frozenset({"stochastic"})

    def __init__(self, *, discount: float = 0.9, quota: int = 0) -> None:
        check_range("discount", discount, 0.0, 1.0)
        if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
            raise ValueError(f"parameter 'quota' must be an integer >= 0, got {quota!r}")
        self.discount = discount
        self.quota = quota
        self.last_proposer: int | None = None

    def propose(self, ctx: TableContext) -> Proposal:
        members = ctx.members
        recognition = strength_weights(ctx)
        recognition = recognition / recognition.sum()
        me = int(ctx.rng.choice(len(members), p=recognition))
        self.last_proposer = members[me]
        quota = None if self.quota == 0 else min(self.quota, len(members))
        shares = baron_ferejohn_shares(recognition, me, self.discount, quota)
        win = sole_candidate_win(ctx)
        targets = _surplus_targets(win, standalone_seats(ctx), shares)
        picked = np.argmax(win, axis=1) if targets is None else assign_to_targets(win, targets)
        return Proposal(np.asarray(members)[picked])
