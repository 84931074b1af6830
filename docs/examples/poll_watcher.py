"""A user's own party strategy, in its own file: no change to coalition-sim's code."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.strategies.base import PartyStrategy
from sim.negotiation.offers import Offer, Response
from sim.negotiation.views import PartyView


class PollWatcher(PartyStrategy):
    """Raises its claim while its support rises in the polls and lowers it when it falls.

    Its claim is its fair share × (1 + sensitivity × its support change since the first poll,
    in points). It accepts an offer that meets the claim and beats contesting alone, walks out
    at the deadline if the offer is worse than contesting alone, and concedes every disputed
    seat where it is weaker.

    Sources: the Left Front and Congress deciding their 2021 seat split "based on the public
    response" to joint movements (seed report 1).
    """

    name = "poll_watcher"

    def __init__(self, *, sensitivity: float = 5.0) -> None:
        check_range("sensitivity", sensitivity, 0.0, 100.0)
        self.sensitivity = sensitivity

    def claim(self, view: PartyView, offer: Offer) -> float:
        if not view.polls:
            return offer.fair_seats
        first = view.polls[0].support[:, view.index + 1].mean()
        now = view.own_support().mean()
        return max(0.0, offer.fair_seats * (1 + self.sensitivity * (now - first)))

    def respond(self, view: PartyView, offer: Offer) -> Response:
        if offer.utility < offer.outside_utility:
            return Response.WALK_OUT if view.final else Response.REJECT
        if view.final or offer.seats + 0.5 >= self.claim(view, offer):
            return Response.ACCEPT
        return Response.REJECT

    def concede(self, view: PartyView, strength: np.ndarray) -> np.ndarray:
        return strength < 1.0
