"""Seat-by-seat claims: each constituency to the partner strongest there, disputes traded."""

from __future__ import annotations

import numpy as np

from sim.behaviours.protocols.base import NegotiationProtocol, Proposal, TableContext
from sim.behaviours.registry import check_range
from sim.negotiation.offers import Offer, Response
from sim.negotiation.tables import DISPUTED


class SeatBySeat(NegotiationProtocol):
    """Partners claim the seats where they are strong; disputed seats are conceded round by round.

    In the first round each member claims every constituency where its forecast share is at
    least ``claim_margin`` × the strongest member's there. A seat claimed by one member is
    its; a seat claimed by several is disputed; a seat claimed by none goes to the strongest.
    Each round every member with disputed claims gives some up, as its strategy's
    ``concede`` decides. Seats still disputed at the deadline become friendly fights.

    Sources: seed report 2 (INDIA bloc, Dec 2023: "allocating seats to parties that have a
    strong presence in specific regions"); claim-and-concede bargaining as in Zeuthen (1930).
    """

    name = "seat_by_seat"

    def __init__(self, *, claim_margin: float = 0.8) -> None:
        check_range("claim_margin", claim_margin, 0.0, 1.0)
        self.claim_margin = claim_margin
        self._claims: np.ndarray | None = None

    def propose(self, ctx: TableContext) -> Proposal:
        members = np.asarray(ctx.members)
        forecast = ctx.forecast[:, members]
        if self._claims is None:
            best = forecast.max(axis=1, keepdims=True)
            self._claims = np.zeros((ctx.world.n_parties, forecast.shape[0]), dtype=bool)
            self._claims[members] = (forecast >= self.claim_margin * best).T
        claims = self._claims.copy()
        dropped = np.setdiff1d(np.arange(ctx.world.n_parties), members)
        claims[dropped] = False
        reserved = np.isin(ctx.state.reserved, members)
        claims[:, reserved] = False
        claims[ctx.state.reserved[reserved], np.flatnonzero(reserved)] = True
        n_claims = claims[members].sum(axis=0)
        strongest = members[forecast.argmax(axis=1)]
        sole = members[claims[members].argmax(axis=0)]
        assignment = np.where(n_claims == 1, sole, np.where(n_claims == 0, strongest, DISPUTED))
        self._claims = claims
        return Proposal(assignment.astype(np.int64), claims)

    def observe(self, ctx: TableContext, offers: dict[int, Offer],
                responses: dict[int, Response]) -> None:
        if self._claims is None:
            return
        members = ctx.members
        contested = self._claims[members].sum(axis=0) >= 2
        for m in members:
            seats = np.flatnonzero(contested & self._claims[m])
            if seats.size == 0:
                continue
            others = np.array([o for o in members if o != m], dtype=np.int64)
            rival_claims = np.where(self._claims[np.ix_(others, seats)],
                                    ctx.forecast[np.ix_(seats, others)].T, 0.0)
            rival_best = rival_claims.max(axis=0)
            strength = ctx.forecast[seats, m] / np.maximum(rival_best, 1e-12)
            drop = ctx.strategies[m].concede(ctx.views[m], strength)
            self._claims[m, seats[drop]] = False
