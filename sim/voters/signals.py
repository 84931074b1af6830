"""What voters can perceive in one round: the signals a voter response rule reacts to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CampaignSignals:
    """What voters can perceive in one round, by region (index 0 of the party axis is
    "no party": ``table[region, party + 1]``).

    Attributes:
        round: the round number (1-based).
        exposure: (R, P+1) probability that a voter of each party is reached by a joint
            movement of its party's alliance (for non-partisans: of any alliance).
        conflict: (R, P+1) how openly each party's alliance is fighting over seats in the
            region (share of its seats disputed or contested by two partners), in [0, 1].
        lean: (R, P) for non-partisans reached by a campaign: which partner they would lean to
            (each row sums to 1, or 0 where no joint campaign ran).
        support_change: (R, P) change in poll support since the previous poll (bandwagon cues).
        transfer_floor: (P+1,) each party's floor of transfer willingness (0 for none).
        ally_distance: (P+1,) mean ideological distance from each party to its partners still
            in its alliance (0 for none), on the [0, 2] scale of the ideology axis.
        government: (P+1,) bool, parties of the ruling bloc.
        rounds_since_campaign: (R,) rounds since a joint movement last reached the region
            (0 when one ran this round; counts from the start if none has).
        seed: the run's seed, for rules that need structure fixed for a whole run (networks).
    """

    round: int
    exposure: np.ndarray
    conflict: np.ndarray
    lean: np.ndarray
    support_change: np.ndarray
    transfer_floor: np.ndarray
    ally_distance: np.ndarray | None = None
    government: np.ndarray | None = None
    rounds_since_campaign: np.ndarray | None = None
    seed: int = 0


@dataclass(frozen=True)
class SupportSignals:
    """What can move voters' party identification in one round, by region (rows of the party
    axis: party + 1, row 0 "no party").

    Attributes:
        round: the round number (1-based).
        effort: (R, P) campaign effort each party spent in each region this round (its own
            campaign or its share of a joint movement).
        reach: exposure per unit of effort (``campaign.reach``): a party's campaign reaches a
            voter of the region with probability 1 − exp(−reach × effort).
        partners: (R, P, P) bool, parties allied at a formed table covering the region.
        ideology: (P,) left–right positions in [−1, 1].
        loyalty: (P,) each party's supporters' mean loyalty.
        government: (P,) bool, parties of the ruling bloc.
        composition: (R, P+1) share of the region's voter agents in each row now.
        baseline: (R, P+1) the same expected from the reference election (the scenario's
            shares, after any ``[scenario.mood]``): non-partisans, then (1 − non-partisans) ×
            the electors-weighted regional shares.
    """

    round: int
    effort: np.ndarray
    reach: float
    partners: np.ndarray
    ideology: np.ndarray
    loyalty: np.ndarray
    government: np.ndarray
    composition: np.ndarray
    baseline: np.ndarray

    @property
    def n_regions(self) -> int:
        return self.effort.shape[0]

    @property
    def n_rows(self) -> int:
        return self.effort.shape[1] + 1

    def exposure(self) -> np.ndarray:
        """(R, P) probability that each party's campaign reaches a voter of the region."""
        return 1.0 - np.exp(-self.reach * np.maximum(self.effort, 0.0))
