"""Election day: ballots from nominations, every voter agent's vote, FPTP count, outcome tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.election import fptp_winners, margins
from sim.rng import Streams
from sim.scenario import Scenario
from sim.voters import Ballot, VoterPopulation


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


def build_ballots(
    standing: np.ndarray, allies: np.ndarray, ideology: np.ndarray, shares: np.ndarray
) -> list[Ballot]:
    """The choice tables of each constituency (see :class:`~sim.voters.Ballot`).

    A voter whose party does not stand turns to the ally standing there (the one with the
    larger baseline share if several do); anyone not voting for their own party or ally goes to
    the ideologically closest remaining candidate (ties: larger share). Non-partisans split over
    the standing parties in proportion to their baseline shares.
    """
    n_c, n_p = standing.shape
    allies = np.asarray(allies, dtype=bool)
    if allies.ndim == 2:
        allies = np.broadcast_to(allies, (n_c, n_p, n_p))
    distance = np.abs(ideology[:, None] - ideology[None, :])  # (P, P)
    ballots = []
    for c in range(n_c):
        s = standing[c]
        rank = shares[c]  # tie-break by baseline share
        primary = np.full(n_p + 1, -1, dtype=np.int64)
        uses_transfer = np.zeros(n_p + 1, dtype=bool)
        secondary = np.full(n_p + 1, -1, dtype=np.int64)
        for p in range(n_p):
            if s[p]:
                primary[p + 1] = p
            else:
                ally = np.flatnonzero(s & allies[c, p])
                if ally.size:
                    primary[p + 1] = ally[np.argmax(rank[ally])]
                    uses_transfer[p + 1] = True
            others = s.copy()
            others[p] = False
            if primary[p + 1] >= 0:
                others[primary[p + 1]] = False
            candidates = np.flatnonzero(others)
            if candidates.size:
                order = np.lexsort((-rank[candidates], distance[p, candidates]))
                secondary[p + 1] = candidates[order[0]]
        floating = np.where(s, shares[c], 0.0)
        if floating.sum() <= 0:
            floating = s.astype(float)
        cdf = np.cumsum(floating / floating.sum())
        cdf[-1] = 1.0
        ballots.append(Ballot(primary, uses_transfer, secondary, cdf.astype(np.float32)))
    return ballots


def count_election(
    scenario: Scenario,
    population: VoterPopulation,
    standing: np.ndarray,
    allies: np.ndarray,
    defection_share: float,
    streams: Streams,
) -> ElectionOutcome:
    """Every voter agent votes; first-past-the-post in each constituency."""
    ideology = np.array([p.ideology for p in scenario.parties])
    ballots = build_ballots(standing, allies, ideology, np.asarray(scenario.shares))
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
