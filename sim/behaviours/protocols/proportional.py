"""Proportional protocols: shares fixed by strength (Gamson) or revised by public response."""

from __future__ import annotations

import numpy as np

from sim.behaviours.protocols.base import (
    NegotiationProtocol,
    Proposal,
    TableContext,
    quota_assignment,
)
from sim.behaviours.registry import check_range


class GamsonProportional(NegotiationProtocol):
    """Partners get constituencies in proportion to their strength in the reference election.

    Region by region, seats are split by each member's baseline vote share (summed over the
    region's constituencies), in whole seats by largest remainder, each member taking the
    seats where it is comparatively strongest. The split is fixed from the first round.

    Sources: Gamson, W. A. (1961), A theory of coalition formation, American Sociological
    Review 26(3); Browne & Franklin (1973) on proportional payoffs.
    """

    name = "gamson"

    def propose(self, ctx: TableContext) -> Proposal:
        members = ctx.members
        weights = np.zeros((ctx.world.n_regions, len(members)))
        np.add.at(weights, ctx.world.region_of, ctx.world.shares[:, members])
        return Proposal(quota_assignment(ctx, weights))


class CampaignResponsive(NegotiationProtocol):
    """The seat split follows the public response to the joint movements, poll by poll.

    Each round, partners' shares of a region's constituencies are set by their support in the
    latest poll, blended with the first poll's: weight = (1 − responsiveness)·first +
    responsiveness·latest. With responsiveness 0 the split is fixed early; with 1 the final
    split is decided by the public response to the joint campaign, as the Left Front and
    Congress agreed in West Bengal in 2020.

    Sources: seed report 1 (West Bengal, 28 Oct 2020); proportional payoffs as in Gamson (1961).
    """

    name = "campaign_responsive"

    def __init__(self, *, responsiveness: float = 1.0) -> None:
        check_range("responsiveness", responsiveness, 0.0, 1.0)
        self.responsiveness = responsiveness
        self._first: np.ndarray | None = None

    def propose(self, ctx: TableContext) -> Proposal:
        if self._first is None:
            self._first = ctx.support.copy()
        cols = np.asarray(ctx.members) + 1
        weights = ((1.0 - self.responsiveness) * self._first[:, cols]
                   + self.responsiveness * ctx.support[:, cols])
        return Proposal(quota_assignment(ctx, weights))
