"""A proposal as one member sees it (:class:`Offer`) and the member's answer (:class:`Response`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sim.core.goals import Goals, utility


class Response(StrEnum):
    """A member's answer to a proposal."""

    ACCEPT = "accept"
    REJECT = "reject"
    WALK_OUT = "walk_out"
    DEFECT = "defect"  # leave and join the rival alliance (needs ``Offer.rival``)


@dataclass(frozen=True)
class Offer:
    """A proposal as one member sees it.

    Attributes:
        round: the round (1-based); ``final`` is True at the nomination deadline.
        seats: constituencies allocated to the member outright.
        disputed: constituencies it still claims that are disputed.
        fair_seats: its proportional share of the alliance's constituencies by poll support.
        expected_seats: its forecast seats under the proposal.
        utility: its utility under the proposal.
        outside_seats: its forecast seats contesting alone (its disagreement point).
        outside_utility: its utility contesting alone.
        bloc_seats: the alliance's forecast seats under the proposal.
        rival_seats: the rivals' forecast seats under the proposal.
        distance: its ideological distance from the common programme.
        outside_rival_seats: the rivals' forecast seats if it contests alone.
        n_constituencies: constituencies in the scenario (utilities are per constituency).
    """

    round: int
    final: bool
    seats: int
    disputed: int
    fair_seats: float
    expected_seats: float
    utility: float
    outside_seats: float
    outside_utility: float
    bloc_seats: float
    rival_seats: float = 0.0
    distance: float = 0.0
    outside_rival_seats: float = 0.0
    n_constituencies: int = 1
    rival: Offer | None = None  # what the rival alliance offers, for strategies that ask

    def utility_for(self, goals: Goals) -> float:
        """The offer's utility under other goal weights (strategies with their own goals)."""
        return utility(goals, self.expected_seats, self.bloc_seats, self.rival_seats,
                       self.distance, self.n_constituencies)

    def outside_utility_for(self, goals: Goals) -> float:
        """Contesting alone, under other goal weights."""
        return utility(goals, self.outside_seats, self.outside_seats, self.outside_rival_seats,
                       0.0, self.n_constituencies)
