"""Party agents: the few, stateful negotiators of the model (``mesa.Agent`` objects)."""

from __future__ import annotations

import mesa
import numpy as np

from sim.behaviours.registry import build
from sim.behaviours.strategies.base import PartyStrategy
from sim.negotiation.offers import Offer, Response
from sim.negotiation.views import PartyView
from sim.voters.polls import PollResult
from sim.world.scenario import Party, Scenario


class PartyHost(mesa.Model):
    """What a party agent needs from the model it lives in (``CoalitionModel`` provides it).

    Declared here, below the model, so that agents and model do not import each other.
    """

    scenario: Scenario

    @property
    def round(self) -> int:
        """The current round (1-based; 0 before the first)."""
        raise NotImplementedError

    def swing_forecast(self, support: np.ndarray) -> np.ndarray:
        """(C, P) vote shares forecast from the baseline and the regional swing in ``support``."""
        raise NotImplementedError

    def partners_of(self, m: int) -> set[int]:
        """Parties allied with ``m`` at any formed table."""
        raise NotImplementedError

    def allied_regions(self, m: int) -> np.ndarray:
        """(R,) bool: regions where ``m`` sits at a formed table."""
        raise NotImplementedError


class PartyAgent(mesa.Agent):
    """A party: fixed attributes, beliefs learnt from polls, and a pluggable strategy.

    Attributes:
        party: the scenario's fixed attributes.
        index: its column in every (…, P) array.
        strategy: the behaviour that makes its decisions.
        support: (R, P+1) its belief about support by region (smoothed polls).
        transfer: (P,) its belief about each party's supporters' transfer willingness.
        effort: (R,) campaign effort spent this round.
        alliance: index of the alliance it belongs to, or -1.
        in_alliance: False once it has walked out (or never had an alliance).
    """

    model: PartyHost

    def __init__(self, model: PartyHost, party: Party, index: int, alliance: int) -> None:
        super().__init__(model)
        self.party = party
        self.index = index
        self.strategy = build(PartyStrategy, party.strategy.name, party.strategy.params)
        self.alliance = alliance
        self.in_alliance = alliance >= 0
        n_regions = model.scenario.n_regions
        self.support = np.zeros((n_regions, model.scenario.n_parties + 1))
        self.transfer = np.zeros(model.scenario.n_parties)
        self.effort = np.zeros(n_regions)
        self.polls: list[PollResult] = []
        self.offers: list[Offer] = []
        self.responses: list[Response] = []

    # -------------------------------------------------------------- beliefs
    def learn(self, poll: PollResult, smoothing: float) -> None:
        """Update beliefs from a poll by exponential smoothing (the first poll is taken whole)."""
        transfer = poll.party_transfer()
        if not self.polls:
            self.support = poll.support.copy()
            self.transfer = np.nan_to_num(transfer, nan=self.party.initial_transfer)
        else:
            self.support = smoothing * poll.support + (1 - smoothing) * self.support
            self.transfer = np.where(np.isnan(transfer), self.transfer,
                                     smoothing * transfer + (1 - smoothing) * self.transfer)
        self.polls.append(poll)

    def forecast(self) -> np.ndarray:
        """(C, P) believed vote shares: baseline shares × regional swing seen in the polls."""
        return self.model.swing_forecast(self.support)

    def view(self) -> PartyView:
        """The read-only view its strategy decides from."""
        model = self.model
        partners = tuple(sorted(model.partners_of(self.index)))
        return PartyView(
            index=self.index,
            id=self.party.id,
            ideology=self.party.ideology,
            goals=self.party.goals,
            round=model.round,
            rounds=model.scenario.rounds,
            partners=partners,
            region_of=_readonly(model.scenario.region_of),
            support=_readonly(self.support),
            transfer=_readonly(self.transfer),
            forecast=_readonly(self.forecast()),
            polls=tuple(self.polls),
            offers=tuple(self.offers),
            responses=tuple(self.responses),
            allied_regions=_readonly(model.allied_regions(self.index)),
        )

    # -------------------------------------------------------------- campaign
    def plan_campaign(self, intensity: float) -> None:
        """Spend this round's campaign budget on joint movements, region by region."""
        if not self.in_alliance or self.model.round in self.model.scenario.quiet_rounds:
            self.effort = np.zeros_like(self.effort)
            return
        view = self.view()
        weights = np.clip(np.asarray(self.strategy.campaign(view), float), 0.0, None)
        allied = self.model.allied_regions(self.index).astype(float)
        weights = weights * allied  # joint movements only where it is allied
        total = weights.sum()
        if total > 0:
            share = weights / total
        else:
            share = allied / allied.sum() if allied.any() else np.zeros(weights.size)
        self.effort = self.party.campaign_budget * intensity * share


def _readonly(array: np.ndarray) -> np.ndarray:
    view = np.asarray(array).view()
    view.flags.writeable = False
    return view

