"""The default voter rules once more, as idiomatic Mesa: one ``mesa.Agent`` per voter.

This is the reference the array engine (``sim.voters`` + ``sim.engine``) is measured and
checked against. It implements the same two rules from their descriptions, with nothing shared
but the inputs:

* ``loyal_transfer`` (:class:`sim.behaviours.responses.loyal_transfer.LoyalTransfer`): a voter
  is reached with the probability in ``signals.exposure``; reached, its transfer willingness w
  grows w += gain·(1 − w) and its turnout t += turnout_gain·(1 − t); unreached, w decays toward
  its party's floor, w −= decay·max(w − floor, 0); then w ×= 1 − conflict_penalty·conflict; a
  reached non-partisan leans to a partner with probability ``conversion`` (partner drawn in
  proportion to ``signals.lean``).
* the vote (:func:`sim.voters.cast_votes`): turn out with probability t; a voter whose party
  stands votes for it with probability loyalty, else for its fallback (``secondary``); a voter
  whose ally stands (``uses_transfer``) votes for the ally with probability w, else for the
  fallback with probability ``defection_share``, else abstains; a voter with neither does the
  latter; non-partisans split over the standing parties by ``floating``.

Traits are Python floats (no fixed point) and every draw comes from the model's ``random``
(Python's Mersenne Twister), one agent at a time in ``AgentSet.shuffle_do`` order. The two
implementations therefore agree in law, not draw for draw: ``benchmarks/voters.py`` and
``tests/test_engine.py`` compare them statistically.
"""

from __future__ import annotations

import bisect
from typing import Any

import mesa
import numpy as np


class VoterAgent(mesa.Agent):
    """One voter agent: party identification (-1: none), loyalty, transfer willingness and
    turnout propensity, in its constituency and region."""

    def __init__(self, model: ReferenceModel, constituency: int, region: int, party: int,
                 loyalty: float, transfer: float, turnout: float) -> None:
        super().__init__(model)
        self.constituency = constituency
        self.region = region
        self.party = party
        self.loyalty = loyalty
        self.transfer = transfer
        self.turnout = turnout

    def respond(self, rule: dict[str, Any]) -> None:
        """The loyal-transfer update for one round."""
        row = self.party + 1
        r = self.region
        random = self.model.random
        reached = random.random() < rule["exposure"][r][row]
        w = self.transfer
        if reached:
            w = w + rule["gain"] * (1.0 - w)
            self.turnout = self.turnout + rule["turnout_gain"] * (1.0 - self.turnout)
        else:
            w = w - rule["decay"] * max(w - rule["floor"][row], 0.0)
        w *= 1.0 - rule["conflict_penalty"] * rule["conflict"][r][row]
        self.transfer = min(max(w, 0.0), 1.0)
        if (reached and self.party < 0 and rule["convert"][r]
                and random.random() < rule["conversion"]):
            self.party = bisect.bisect_right(rule["lean_cdf"][r], random.random())
            self.party = min(self.party, len(rule["lean_cdf"][r]) - 1)

    def vote(self, ballots: list[dict[str, Any]], defection: float) -> None:
        """Turn out or not, then choose; the model's tally records the vote."""
        random = self.model.random
        if random.random() >= self.turnout:
            return
        ballot = ballots[self.constituency]
        u = random.random()
        tally = self.model.tally
        c = self.constituency
        if self.party < 0:
            choice = min(bisect.bisect_right(ballot["floating"], u), len(ballot["floating"]) - 1)
            tally[c][choice] += 1
            return
        row = self.party + 1
        primary = ballot["primary"][row]
        uses_transfer = ballot["uses_transfer"][row]
        p_primary = 0.0 if primary < 0 else self.transfer if uses_transfer else self.loyalty
        if uses_transfer:
            self.model.eligible[c] += 1
        if u < p_primary:
            tally[c][primary] += 1
            if uses_transfer:
                self.model.transferred[c] += 1
            return
        soft = uses_transfer or primary < 0
        p_vote = p_primary + (1.0 - p_primary) * defection if soft else 1.0
        if u < p_vote and ballot["secondary"][row] >= 0:
            tally[c][ballot["secondary"][row]] += 1


class ReferenceModel(mesa.Model):
    """A population of :class:`VoterAgent` built from a :class:`~sim.voters.VoterPopulation`'s
    current state (so both start from the same voters).

    Args:
        population: the array population to copy (left unchanged).
        seed: the Mesa model's seed.
        gain, decay, conflict_penalty, turnout_gain, conversion: the loyal-transfer parameters.
    """

    def __init__(self, population: Any, seed: int, *, gain: float = 0.15, decay: float = 0.05,
                 conflict_penalty: float = 0.3, turnout_gain: float = 0.03,
                 conversion: float = 0.05) -> None:
        super().__init__(seed=seed)
        self.params = {"gain": gain, "decay": decay, "conflict_penalty": conflict_penalty,
                       "turnout_gain": turnout_gain, "conversion": conversion}
        self.n_constituencies = population.n_constituencies
        self.n_parties = population.n_parties
        sizes = np.diff(population.offsets)
        constituency = np.repeat(np.arange(self.n_constituencies), sizes).tolist()
        region = np.asarray(population.region_of)[constituency].tolist()
        party = population.party.astype(int).tolist()
        loyalty = (population.loyalty / 255.0).tolist()
        transfer = (population.transfer / 65535.0).tolist()
        turnout = (population.turnout / 65535.0).tolist()
        for i in range(population.size):
            VoterAgent(self, constituency[i], region[i], party[i], loyalty[i], transfer[i],
                       turnout[i])
        self.tally: list[list[int]] = []
        self.eligible: list[int] = []
        self.transferred: list[int] = []

    def respond(self, signals: Any) -> None:
        """One round of the loyal-transfer rule, every agent in random order."""
        lean = np.asarray(signals.lean, dtype=float)
        totals = lean.sum(axis=1)
        lean_cdf = [(np.cumsum(row / total) if total > 0 else np.zeros_like(row)).tolist()
                    for row, total in zip(lean, totals, strict=True)]
        rule = dict(self.params,
                    exposure=np.asarray(signals.exposure, dtype=float).tolist(),
                    conflict=np.asarray(signals.conflict, dtype=float).tolist(),
                    floor=np.asarray(signals.transfer_floor, dtype=float).tolist(),
                    lean_cdf=lean_cdf,
                    convert=[self.params["conversion"] > 0 and t > 0 for t in totals])
        self.agents.shuffle_do("respond", rule)

    def vote(self, ballots: list[Any], defection_share: float) -> tuple[np.ndarray, np.ndarray]:
        """Every agent votes; returns ((C, P) votes, (C, 2) eligible and transferred)."""
        tables = [{"primary": b.primary.tolist(), "uses_transfer": b.uses_transfer.tolist(),
                   "secondary": b.secondary.tolist(), "floating": b.floating.tolist()}
                  for b in ballots]
        self.tally = [[0] * self.n_parties for _ in range(self.n_constituencies)]
        self.eligible = [0] * self.n_constituencies
        self.transferred = [0] * self.n_constituencies
        self.agents.shuffle_do("vote", tables, defection_share)
        return (np.array(self.tally, dtype=np.int64),
                np.stack([self.eligible, self.transferred], axis=1).astype(np.int64))

    def transfer_by_party(self) -> tuple[np.ndarray, np.ndarray]:
        """(P+1,) agents and mean transfer willingness by party (index 0: non-partisans)."""
        count = np.zeros(self.n_parties + 1)
        total = np.zeros(self.n_parties + 1)
        for agent in self.agents:
            count[agent.party + 1] += 1
            total[agent.party + 1] += agent.transfer
        return count, np.divide(total, count, out=np.full_like(total, np.nan), where=count > 0)
