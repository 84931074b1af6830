"""The party-strategy family: how a party campaigns, answers offers and concedes claims."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import Behaviour
from sim.negotiation.offers import Offer, Response
from sim.negotiation.views import PartyView


class PartyStrategy(Behaviour, family="strategy"):
    """Base of party strategies.

    A protocol defines the moves; a strategy chooses among them, seeing only its party's
    :class:`~sim.negotiation.PartyView`.
    """

    def campaign(self, view: PartyView) -> np.ndarray:
        """(R,) how the party spreads its campaign effort over regions (normalised later).

        Default: in proportion to its believed support in each region (it campaigns where its
        voters are).
        """
        support = view.own_support() * np.bincount(view.region_of, minlength=view.support.shape[0])
        return support if support.sum() > 0 else np.ones_like(support)

    def claim(self, view: PartyView, offer: Offer) -> float:
        """Constituencies the party asks for this round."""
        raise NotImplementedError

    def respond(self, view: PartyView, offer: Offer) -> Response:
        """Accept, reject or walk out of the alliance."""
        raise NotImplementedError

    def concede(self, view: PartyView, strength: np.ndarray) -> np.ndarray:
        """Which of its disputed claims to give up this round.

        Args:
            view: the party's view.
            strength: (k,) its forecast share relative to the strongest rival claimant in each
                disputed constituency it claims (1 = level, < 1 = weaker).

        Returns:
            (k,) bool mask of claims dropped.
        """
        raise NotImplementedError
