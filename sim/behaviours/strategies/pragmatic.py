"""The default party strategy and its negotiating-style variants."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.strategies.base import PartyStrategy
from sim.core.goals import Goals
from sim.negotiation.offers import Offer, Response
from sim.negotiation.views import PartyView


class Pragmatic(PartyStrategy):
    """Asks above its poll-based fair share, concedes steadily, walks out if alone is better.

    The claim in round t is fair × (1 + demand·max(0, 1 − concession·(t−1))), where fair is
    the party's proportional share of the alliance's constituencies by poll support: it
    concedes linearly and asks only its fair share from round 1 + 1/concession on. It accepts an
    offer that meets its claim and is worth at least contesting alone; it walks out after
    ``patience`` consecutive offers worth less than contesting alone (at once at the deadline),
    and at the deadline accepts anything better than its outside option. In disputed seats it
    gives up the weakest ceil(concession·k) of its k disputed claims each round. It judges
    offers by its party's goals (subclasses may fix their own).

    Sources: monotonic-concession bargaining (Zeuthen 1930; Rosenschein & Zlotkin 1994); the
    disagreement point as walk-out threshold follows Nash (1950).
    """

    name = "pragmatic"
    goals: ClassVar[Goals | None] = None  # None: use the party's own goals

    def __init__(self, *, demand: float = 0.2, concession: float = 0.4, patience: int = 2) -> None:
        check_range("demand", demand, 0.0, 10.0)
        check_range("concession", concession, 0.0, 1.0)
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
            raise ValueError(f"parameter 'patience' must be an integer >= 1, got {patience!r}")
        self.demand = demand
        self.concession = concession
        self.patience = patience

    # ---------------------------------------------------------------- judging offers
    def value(self, offer: Offer) -> float:
        """The offer's worth to this strategy."""
        return offer.utility if self.goals is None else offer.utility_for(self.goals)

    def outside(self, offer: Offer) -> float:
        """Contesting alone, judged the same way."""
        return offer.outside_utility if self.goals is None else \
            offer.outside_utility_for(self.goals)

    def below_outside_streak(self, view: PartyView) -> int:
        """Consecutive past offers worth less than contesting alone."""
        count = 0
        for offer in reversed(view.offers):
            if self.value(offer) >= self.outside(offer):
                break
            count += 1
        return count

    # ---------------------------------------------------------------- moves
    def claim(self, view: PartyView, offer: Offer) -> float:
        remaining = max(0.0, 1.0 - self.concession * (view.round - 1))
        return offer.fair_seats * (1.0 + self.demand * remaining)

    def respond(self, view: PartyView, offer: Offer) -> Response:
        if self.value(offer) < self.outside(offer):
            if view.final or self.below_outside_streak(view) + 1 >= self.patience:
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


class Hardliner(Pragmatic):
    """Opens high and concedes slowly: holds out for its claim until the deadline nears.

    Pragmatic with a high opening demand and a low concession rate.

    Sources: "tough" negotiators in concession models (Zeuthen 1930; Bishop 1964); the Left's
    2019 stance in West Bengal (seed report 1).
    """

    name = "hardliner"

    def __init__(self, *, demand: float = 0.5, concession: float = 0.1, patience: int = 3) -> None:
        super().__init__(demand=demand, concession=concession, patience=patience)


class Accommodating(Pragmatic):
    """Asks little and concedes fast, valuing an early deal over a bigger share.

    Pragmatic with a low opening demand and a high concession rate.

    Sources: "soft" negotiators in concession models (Zeuthen 1930); junior partners of Indian
    alliances (Sridharan 2012, Coalition Politics in India).
    """

    name = "accommodating"

    def __init__(self, *, demand: float = 0.05, concession: float = 0.7,
                 patience: int = 2) -> None:
        super().__init__(demand=demand, concession=concession, patience=patience)


class OfficeSeeking(Pragmatic):
    """Judges every offer by its own expected seats alone (office-seeking).

    Sources: Riker (1962), The Theory of Political Coalitions; Strøm (1990), A behavioral theory
    of competitive political parties, AJPS 34(2).
    """

    name = "office_seeking"
    goals = Goals(office=1.0, policy=0.0, rival=0.0)


class PolicySeeking(Pragmatic):
    """Weighs seats against the cost of a common programme far from its ideology.

    Utility = 0.5·own seats/C − |ideology − programme|: a party far from its partners walks out
    even of a seat-rich offer.

    Sources: Axelrod (1970) and De Swaan (1973) on policy-connected coalitions; Strøm (1990).
    """

    name = "policy_seeking"
    goals = Goals(office=0.5, policy=1.0, rival=0.0)


class RivalDefeating(Pragmatic):
    """Values beating the strongest rival above its own seats: the "third alternative".

    Utility = 0.3·own seats/C + (alliance seats − rival seats)/C, so it accepts a small share
    if the alliance as a whole does better against the rival.

    Sources: seed report 1 (CPI(M): "a third alternative to the people outside the TMC and
    BJP"); Golder (2006), The Logic of Pre-Electoral Coalition Formation.
    """

    name = "rival_defeating"
    goals = Goals(office=0.3, policy=0.0, rival=1.0)


class Generous(Pragmatic):
    """Gives way where a partner is stronger and never asks above its fair share (goodwill).

    Claims at most (1 − generosity) × its fair share, concedes at once every disputed seat where
    a partner is stronger, and otherwise behaves pragmatically.

    Sources: seed report 1 (the Left fielding no candidate against Congress leaders in 2019 "as
    a good will gesture").
    """

    name = "generous"

    def __init__(self, *, generosity: float = 0.1, patience: int = 3) -> None:
        check_range("generosity", generosity, 0.0, 1.0)
        super().__init__(demand=0.0, concession=1.0, patience=patience)
        self.generosity = generosity

    def claim(self, view: PartyView, offer: Offer) -> float:
        return (1.0 - self.generosity) * offer.fair_seats

    def concede(self, view: PartyView, strength: np.ndarray) -> np.ndarray:
        return strength < 1.0


class Defector(Pragmatic):
    """Leaves for the rival alliance when it offers clearly more than its own partners do.

    Pragmatic, but each round it also weighs the rival alliance's offer (the seats where it
    would be the rival alliance's strongest candidate) and defects when that is worth more than
    both its partners' offer and contesting alone by at least ``margin`` (in utility units).

    Sources: JD(U)'s move from the INDIA bloc to the NDA in January 2024 (after seed report 2);
    Laver & Shepsle (1996) on portfolio-driven coalition switching.
    """

    name = "defector"
    TAGS = frozenset({"considers_rival_offers"})

    def __init__(self, *, margin: float = 0.0, demand: float = 0.2, concession: float = 0.4,
                 patience: int = 2) -> None:
        super().__init__(demand=demand, concession=concession, patience=patience)
        check_range("margin", margin, 0.0, 10.0)
        self.margin = margin

    def respond(self, view: PartyView, offer: Offer) -> Response:
        rival = offer.rival
        if rival is not None:
            best_here = max(self.value(offer), self.outside(offer))
            if self.value(rival) > best_here + self.margin:
                return Response.DEFECT
        return super().respond(view, offer)
