"""The read-only view a party's strategy decides from: its own facts and beliefs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.goals import Goals
from sim.negotiation.forecasting import SeatForecaster
from sim.negotiation.offers import Offer, Response
from sim.voters.polls import PollResult


@dataclass(frozen=True)
class PartyView:
    """The read-only view a party's strategy decides from: its own facts and beliefs.

    Tests build these by hand; strategies never see the model.
    """

    index: int
    id: str
    ideology: float
    goals: Goals
    round: int
    rounds: int
    partners: tuple[int, ...]
    region_of: np.ndarray
    support: np.ndarray  # (R, P+1) believed support by region (column 0: no party)
    transfer: np.ndarray  # (P,) believed transfer willingness of each party's supporters
    forecast: np.ndarray  # (C, P) believed vote shares if everyone stood
    polls: tuple[PollResult, ...] = ()
    offers: tuple[Offer, ...] = ()
    responses: tuple[Response, ...] = ()
    allied_regions: np.ndarray | None = None  # (R,) bool: regions where it sits at a formed table
    forecaster: SeatForecaster | None = None  # its calibrated seat forecast (None: the simple one)

    @property
    def final(self) -> bool:
        return self.round >= self.rounds

    def own_support(self) -> np.ndarray:
        """(R,) believed share of voters identifying with this party, per region."""
        return self.support[:, self.index + 1]

    def rounds_below_outside(self) -> int:
        """Consecutive latest offers worth less to it than contesting alone."""
        count = 0
        for offer in reversed(self.offers):
            if offer.utility >= offer.outside_utility:
                break
            count += 1
        return count
