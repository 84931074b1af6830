"""The default party strategy: ask for more than a fair share, concede steadily, leave when
going it alone is better."""

from __future__ import annotations

import math

import numpy as np

from sim.behaviours.base import check_range
from sim.behaviours.strategies.base import PartyStrategy
from sim.negotiation import Offer, PartyView, Response


class Pragmatic(PartyStrategy):
    """Asks above its poll-based fair share, concedes steadily, walks out if alone is better.

    The claim in round t is fair × (1 + demand·(1 − concession)^(t−1)), where fair is the
    party's proportional share of the alliance's constituencies by poll support. It accepts an
    offer that meets its claim and is worth at least contesting alone; it walks out after
    ``patience`` consecutive offers worth less than contesting alone (at once at the deadline),
    and at the deadline accepts anything better than its outside option. In disputed seats it
    gives up the weakest ceil(concession·k) of its k disputed claims each round.

    Sources: monotonic-concession bargaining (Zeuthen 1930; Rosenschein & Zlotkin 1994); the
    disagreement point as walk-out threshold follows Nash (1950).
    """

    name = "pragmatic"

    def __init__(self, *, demand: float = 0.2, concession: float = 0.4, patience: int = 2) -> None:
        check_range("demand", demand, 0.0, 10.0)
        check_range("concession", concession, 0.0, 1.0)
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
            raise ValueError(f"parameter 'patience' must be an integer >= 1, got {patience!r}")
        self.demand = demand
        self.concession = concession
        self.patience = patience

    def claim(self, view: PartyView, offer: Offer) -> float:
        return offer.fair_seats * (1.0 + self.demand * (1.0 - self.concession) ** (view.round - 1))

    def respond(self, view: PartyView, offer: Offer) -> Response:
        if offer.utility < offer.outside_utility:
            streak = view.rounds_below_outside() + 1
            if view.final or streak >= self.patience:
                return Response.WALK_OUT
            return Response.REJECT
        if view.final or offer.seats + 0.5 >= self.claim(view, offer):
            return Response.ACCEPT
        return Response.REJECT

    def concede(self, view: PartyView, strength: np.ndarray) -> np.ndarray:
        k = strength.size
        drop = np.zeros(k, dtype=bool)
        n = min(k, math.ceil(self.concession * k))
        if n:
            drop[np.argsort(strength, kind="stable")[:n]] = True
        return drop
