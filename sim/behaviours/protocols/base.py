"""The negotiation-protocol family: the moves of seat-sharing talks at one alliance's table."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.behaviours.registry import Behaviour
from sim.behaviours.strategies.base import PartyStrategy
from sim.core.allocation import assign_by_quota, largest_remainder
from sim.core.forecast import expected_seats, forecast_votes, win_probabilities
from sim.negotiation.facts import World
from sim.negotiation.offers import Offer, Response
from sim.negotiation.tables import AllianceState
from sim.negotiation.views import PartyView


@dataclass(frozen=True)
class Proposal:
    """An allocation put on the table.

    Attributes:
        assignment: (C,) the member standing in each constituency, or ``DISPUTED`` (-1).
        claims: (P, C) bool, which constituencies each member claims; None means each member
            claims exactly what it is assigned.
    """

    assignment: np.ndarray
    claims: np.ndarray | None = None


@dataclass(frozen=True)
class TableContext:
    """What a protocol sees in one round at one alliance's table."""

    world: World
    state: AllianceState
    round: int
    rounds: int
    support: np.ndarray  # (R, P+1) the latest public poll support (smoothed)
    forecast: np.ndarray  # (C, P) public forecast shares
    transfer: np.ndarray  # (P,) public belief in each party's supporters' transfer willingness
    views: dict[int, PartyView]
    strategies: dict[int, PartyStrategy]
    rng: np.random.Generator
    last_offers: dict[int, Offer] = field(default_factory=dict)

    @property
    def members(self) -> list[int]:
        return list(self.state.active)

    @property
    def final(self) -> bool:
        return self.round >= self.rounds


class NegotiationProtocol(Behaviour, family="protocol"):
    """Base of negotiation protocols.

    Each round the engine asks the protocol for a proposal, shows it to every member as an
    :class:`~sim.negotiation.Offer`, collects their responses and reports them back through
    :meth:`observe`. One instance serves one alliance for one run, so it may keep state.
    """

    def propose(self, ctx: TableContext) -> Proposal:
        """The allocation put to the members this round."""
        raise NotImplementedError

    def observe(self, ctx: TableContext, offers: dict[int, Offer],
                responses: dict[int, Response]) -> None:
        """Learn the members' responses (default: nothing to learn)."""


def quota_assignment(ctx: TableContext, weights: np.ndarray) -> np.ndarray:
    """Split each region's constituencies among the members in proportion to ``weights``.

    Whole seats by largest remainder per region; goodwill seats go to their beneficiary first
    and count toward its quota; then each member gets the constituencies where it is
    comparatively strongest (an exact assignment on the public forecast).

    Args:
        ctx: the table.
        weights: (R, k) each member's weight in each region (members in ``ctx.members`` order).
    """
    members = np.asarray(ctx.members)
    region_of = ctx.world.region_of
    reserved = ctx.state.reserved
    assignment = np.empty(region_of.size, dtype=np.int64)
    for r in range(ctx.world.n_regions):
        seats = np.flatnonzero(region_of == r)
        if seats.size == 0:
            continue
        fixed = np.isin(reserved[seats], members)
        assignment[seats[fixed]] = reserved[seats[fixed]]
        quotas = largest_remainder(weights[r], seats.size)
        for m_pos, m in enumerate(members):
            quotas[m_pos] -= int((reserved[seats[fixed]] == m).sum())
        quotas = _repair(quotas, int((~fixed).sum()), weights[r])
        free = seats[~fixed]
        picked = assign_by_quota(ctx.forecast[np.ix_(free, members)], quotas)
        assignment[free] = members[picked]
    return assignment


def _repair(quotas: np.ndarray, total: int, weights: np.ndarray) -> np.ndarray:
    """Make quotas non-negative and sum to ``total`` after reserved seats were taken out."""
    quotas = np.maximum(quotas, 0)
    while quotas.sum() > total:
        quotas[np.argmax(quotas - weights * 1e-9)] -= 1
    if quotas.sum() < total:
        quotas = quotas + largest_remainder(weights, total - int(quotas.sum()))
    return quotas


def sole_candidate_win(ctx: TableContext) -> np.ndarray:
    """(C, k) probability that member i wins each constituency as the alliance's only candidate
    there (partners' supporters transferring at the publicly polled rate; every other party
    standing where its reference share reaches the threshold)."""
    members = ctx.members
    world = ctx.world
    base = world.shares >= world.min_share_to_stand
    base[:, members] = False
    allies = np.zeros((world.n_parties, world.n_parties), dtype=bool)
    allies[np.ix_(members, members)] = True
    np.fill_diagonal(allies, False)
    out = np.empty((world.n_constituencies, len(members)))
    for pos, m in enumerate(members):
        standing = base.copy()
        standing[:, m] = True
        votes = forecast_votes(ctx.forecast, standing, ctx.transfer, allies)
        out[:, pos] = win_probabilities(votes, standing, world.forecast_noise)[:, m]
    return out


def standalone_seats(ctx: TableContext) -> np.ndarray:
    """(k,) each member's expected seats if nobody allies: its disagreement point."""
    world = ctx.world
    standing = world.shares >= world.min_share_to_stand
    members = np.asarray(ctx.members)
    standing[:, members] |= world.shares[:, members] > 0
    no_allies = np.zeros((world.n_parties, world.n_parties), dtype=bool)
    seats = expected_seats(ctx.forecast, standing, ctx.transfer, no_allies, world.forecast_noise)
    return seats[members]


def strength_weights(ctx: TableContext) -> np.ndarray:
    """(k,) members' strength: their total public poll support (used for recognition, power)."""
    weights = ctx.support[:, np.asarray(ctx.members) + 1].sum(axis=0)
    return weights if weights.sum() > 0 else np.ones(len(ctx.members))
