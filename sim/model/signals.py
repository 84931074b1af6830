"""What voters perceive in a round, computed from the parties' campaigns and the tables."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.negotiation.tables import AllianceState
from sim.voters.polls import PollResult
from sim.voters.signals import CampaignSignals
from sim.world.scenario import Scenario


def campaign_signals(
    scenario: Scenario,
    tables: Sequence[AllianceState],
    effort: np.ndarray,
    *,
    reach: float,
    round_no: int,
    latest_poll: PollResult,
    previous_poll: PollResult | None,
    partners: Sequence[Sequence[int]],
    rounds_since_campaign: np.ndarray,
    seed: int,
) -> CampaignSignals:
    """Exposure to joint movements, conflict between partners, leanings, poll cues.

    A voter of an allied party is reached with probability ``1 − exp(−reach × joint effort)``,
    the joint effort being the sum of its alliance's members' effort in the region; a
    non-partisan is reached by any alliance's campaign. Conflict is the share of the region's
    seats its alliance still disputes.

    Args:
        scenario: the world.
        tables: every alliance table.
        effort: (R, P) campaign effort of each party this round.
        reach: ``campaign.reach``.
        round_no: the round.
        latest_poll, previous_poll: the two newest polls (cues of who is rising).
        partners: for each party, its partners at formed tables.
        rounds_since_campaign: (R,) rounds since a joint movement last ran in each region.
        seed: the run's seed (rules that fix a structure for a whole run use it).
    """
    sc = scenario
    n_r, n_p = sc.n_regions, sc.n_parties
    exposure = np.zeros((n_r, n_p + 1))
    conflict = np.zeros((n_r, n_p + 1))
    unreached = np.ones(n_r)
    seats_per_region = np.maximum(np.bincount(sc.region_of, minlength=n_r), 1)
    for state in tables:
        if not state.formed:
            continue
        cols = np.asarray(state.active)
        regions = np.unique(sc.region_of[state.rows])
        q = 1.0 - np.exp(-reach * effort[regions][:, cols].sum(axis=1))
        exposure[np.ix_(regions, cols + 1)] = q[:, None]
        unreached[regions] *= 1.0 - q
        disputed = np.bincount(sc.region_of[state.rows],
                               weights=state.disputed_mask().astype(float),
                               minlength=n_r) / seats_per_region
        conflict[np.ix_(regions, cols + 1)] = disputed[regions][:, None]
    exposure[:, 0] = 1.0 - unreached
    totals = effort.sum(axis=1, keepdims=True)
    lean = np.where(totals > 0, effort / np.where(totals > 0, totals, 1.0), 0.0)
    latest = latest_poll.support[:, 1:]
    previous = previous_poll.support[:, 1:] if previous_poll else latest
    floor = np.array([0.0] + [p.transfer_floor for p in sc.parties])
    ideology = np.array([p.ideology for p in sc.parties])
    ally_distance = np.zeros(n_p + 1)
    for m, allies in enumerate(partners):
        if allies:
            ally_distance[m + 1] = np.abs(ideology[list(allies)] - ideology[m]).mean()
    government = np.concatenate([[False], ~sc.opposition]) if sc.government else \
        np.zeros(n_p + 1, dtype=bool)
    return CampaignSignals(round_no, exposure, conflict, lean, latest - previous, floor,
                           ally_distance, government, rounds_since_campaign.copy(), seed)
