"""Election day: ballots from nominations, every voter agent's vote, FPTP count, outcome tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.fptp import fptp_winners, margins
from sim.core.rng import Streams
from sim.voters.ballots import build_ballots
from sim.voters.population import VoterPopulation
from sim.world.scenario import Scenario


@dataclass(frozen=True)
class ElectionOutcome:
    """What the election produced, as arrays over constituencies (C) and parties (P)."""

    standing: np.ndarray  # (C, P) bool
    allies: np.ndarray  # (C, P, P) bool at nomination time
    votes: np.ndarray  # (C, P) int64
    winners: np.ndarray  # (C,) party index
    margins: np.ndarray  # (C,) winner − runner-up votes
    transfer: np.ndarray  # (C, 2) eligible partner supporters who turned out, transferred
    electors: np.ndarray  # (C,)


def count_election(
    scenario: Scenario,
    population: VoterPopulation,
    standing: np.ndarray,
    allies: np.ndarray,
    defection_share: float,
    streams: Streams,
    affinity: np.ndarray | None = None,
) -> ElectionOutcome:
    """Every voter agent votes; first-past-the-post in each constituency.

    ``affinity`` (P, P) scales a supporter's transfer willingness toward each ally
    (:mod:`sim.core.transfers`; default: 1 for every pair)."""
    ideology = np.array([p.ideology for p in scenario.parties])
    ballots = build_ballots(standing, allies, ideology, np.asarray(scenario.shares), affinity)
    votes, transfer = population.vote(ballots, defection_share, streams)
    winners = fptp_winners(votes, standing, streams.generator("election-ties"))
    return ElectionOutcome(
        standing=standing,
        allies=allies,
        votes=votes,
        winners=winners,
        margins=margins(votes, standing, winners),
        transfer=transfer,
        electors=np.asarray(scenario.electors),
    )
