"""A protocol that raises mid-run, named in experiment files as
``sweep_helpers:ExplodingProtocol`` (a user behaviour found on the search path)."""

from __future__ import annotations

from sim.behaviours.protocols.base import Proposal, TableContext
from sim.behaviours.protocols.proportional import CampaignResponsive


class ExplodingProtocol(CampaignResponsive):
    """campaign_responsive that raises in round 2 when ``explode`` is true (not registered)."""

    def __init__(self, *, responsiveness: float = 1.0, explode: bool = False) -> None:
        super().__init__(responsiveness=responsiveness)
        self.explode = explode

    def propose(self, ctx: TableContext) -> Proposal:
        if self.explode and ctx.round >= 2:
            raise RuntimeError("boom: the talks blew up")
        return super().propose(ctx)
