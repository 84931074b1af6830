"""Party agents: the few, stateful negotiators of the model (``mesa.Agent`` objects)."""

from __future__ import annotations

import mesa
import numpy as np

from sim.behaviours.registry import build
from sim.behaviours.strategies.base import PartyStrategy
from sim.negotiation.forecasting import Belief, SeatForecaster, smoothing_factor
from sim.negotiation.offers import Offer, Response
from sim.negotiation.views import PartyView
from sim.voters.polls import PollResult
from sim.world.scenario import Party, Scenario


class PartyHost(mesa.Model):
    """What a party agent needs from the model it lives in (``CoalitionModel`` provides it).

    Declared here, below the model, so that agents and model do not import each other.
    """

    scenario: Scenario
    poll_smoothing: float = 0.5

    @property
    def round(self) -> int:
        """The current round (1-based; 0 before the first)."""
        raise NotImplementedError

    def swing_forecast(self, support: np.ndarray, respondents: float | None = None
                       ) -> np.ndarray:
        """(C, P) vote shares forecast from the baseline and the regional change in
        ``support`` (shrunk by the sampling error of ``respondents`` when given)."""
        raise NotImplementedError

    def partners_of(self, m: int) -> set[int]:
        """Parties allied with ``m`` at any formed table."""
        raise NotImplementedError

    def allied_regions(self, m: int) -> np.ndarray:
        """(R,) bool: regions where ``m`` sits at a formed table."""
        raise NotImplementedError

    def forecaster_for(self, agent: PartyAgent) -> SeatForecaster | None:
        """The party's seat forecaster this round (from its beliefs), or None."""
        raise NotImplementedError


class PartyAgent(mesa.Agent):
    """A party: fixed attributes, beliefs learnt from polls, and a pluggable strategy.

    Every party commissions its own poll each round (its own sample) and smooths what it
    learns; it campaigns every round with its budget, jointly with its partners where it sits
    at a formed table and alone elsewhere.

    Attributes:
        party: the scenario's fixed attributes.
        index: its column in every (…, P) array.
        strategy: the behaviour that makes its decisions.
        support: (R, P+1) its belief about support by region (smoothed polls).
        transfer: (P,) its belief about each party's supporters' transfer willingness.
        turnout: (R, P+1) its belief about each group's turnout propensity by region.
        likely_transfer: (R, P) ... about transfer willingness among likely voters.
        loyalty: (P,) ... about each party's supporters' loyalty.
        effort: (R,) campaign effort spent this round.
        joint: (R,) bool, regions where that effort went into joint movements.
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
        n_parties = model.scenario.n_parties
        self.support = np.zeros((n_regions, n_parties + 1))
        self.transfer = np.zeros(n_parties)
        self.turnout = np.full((n_regions, n_parties + 1), np.nan)
        self.likely_transfer = np.full((n_regions, n_parties), np.nan)
        self.loyalty = np.full(n_parties, np.nan)
        self.effort = np.zeros(n_regions)
        self.joint = np.zeros(n_regions, dtype=bool)
        self.polls: list[PollResult] = []
        self.offers: list[Offer] = []
        self.responses: list[Response] = []

    # -------------------------------------------------------------- beliefs
    def learn(self, poll: PollResult, smoothing: float) -> None:
        """Update beliefs from a poll by exponential smoothing (the first poll is taken whole)."""
        transfer = poll.party_transfer()
        first = not self.polls
        if first:
            self.support = poll.support.copy()
            self.transfer = np.nan_to_num(transfer, nan=self.party.initial_transfer)
        else:
            self.support = smoothing * poll.support + (1 - smoothing) * self.support
            self.transfer = np.where(np.isnan(transfer), self.transfer,
                                     smoothing * transfer + (1 - smoothing) * self.transfer)
        turnout = poll.turnout if poll.nonpartisan_turnout is None else np.hstack(
            [poll.nonpartisan_turnout[:, None], poll.turnout])
        if turnout.shape == self.turnout.shape:
            self.turnout = _smooth(self.turnout, turnout, smoothing, first)
        if poll.likely_transfer is not None:
            self.likely_transfer = _smooth(self.likely_transfer, poll.likely_transfer,
                                           smoothing, first)
        if poll.loyalty is not None:
            self.loyalty = _smooth(self.loyalty, poll.party_mean(poll.loyalty), smoothing, first)
        self.polls.append(poll)

    def belief(self) -> Belief:
        """Its smoothed polls, as its forecaster reads them."""
        sample = self.polls[-1].sample_size if self.polls else 1
        smoothing = self.model.poll_smoothing
        return Belief(support=self.support, turnout=self.turnout,
                      transfer=self.likely_transfer, loyalty=self.loyalty,
                      respondents=sample / smoothing_factor(len(self.polls), smoothing))

    def forecast(self) -> np.ndarray:
        """(C, P) believed vote shares if every party stood: the baseline moved by the regional
        change its polls show (as its seat forecaster reads them)."""
        return self.model.swing_forecast(self.support, self.belief().respondents)

    def view(self, *, forecasting: bool = True) -> PartyView:
        """The read-only view its strategy decides from (with its seat forecaster unless
        ``forecasting`` is False)."""
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
            forecaster=model.forecaster_for(self) if forecasting else None,
        )

    # -------------------------------------------------------------- campaign
    def plan_campaign(self, intensity: float) -> None:
        """Spend this round's campaign budget ``campaign_budget × intensity``, spread over
        regions by its strategy: as joint movements where it sits at a formed table (except in
        quiet rounds), alone elsewhere."""
        view = self.view(forecasting=False)
        weights = np.clip(np.nan_to_num(np.asarray(self.strategy.campaign(view), float)),
                          0.0, None)
        total = weights.sum()
        share = weights / total if total > 0 else np.full(weights.size, 1.0 / weights.size)
        self.effort = self.party.campaign_budget * intensity * share
        quiet = self.model.round in self.model.scenario.quiet_rounds
        self.joint = self.model.allied_regions(self.index) & (not quiet)


def _smooth(old: np.ndarray, new: np.ndarray, smoothing: float, first: bool) -> np.ndarray:
    """Exponential smoothing that keeps the old value where the new poll has none (NaN)."""
    new = np.asarray(new, dtype=np.float64)
    if first:
        return new.copy()
    blended = np.where(np.isnan(old), new, smoothing * new + (1 - smoothing) * old)
    return np.where(np.isnan(new), old, blended)


def _readonly(array: np.ndarray) -> np.ndarray:
    view = np.asarray(array).view()
    view.flags.writeable = False
    return view

