"""Replay a reference election: does the voter engine reproduce the real winners?

:func:`replay` re-runs a reference election with no alliances and no swing (each party stands
exactly where it stood, every voter agent identifies with a party, loyalty 1, turnout as
recorded) and counts the constituencies whose winner it reproduces.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.config.schema import Config
from sim.core.rng import Streams
from sim.data.parties import SPECIAL_IDS
from sim.data.results import load_results
from sim.model.election_day import count_election
from sim.model.electorate import draw_population
from sim.world.build import build_scenario
from sim.world.loading import validate


@dataclass(frozen=True)
class ReplayResult:
    """How well a simulated reference election reproduces the real winners.

    Attributes:
        dataset: the dataset replayed.
        voters_per_agent: electors per voter agent.
        agents: voter agents simulated.
        n_constituencies: constituencies compared.
        matched: constituencies whose simulated winner is the real winner.
        mismatches: one row per miss: ``id, name, actual, simulated, actual_margin_pct``.
        seconds: wall time (build + vote).
    """

    dataset: str
    voters_per_agent: int
    agents: int
    n_constituencies: int
    matched: int
    mismatches: pd.DataFrame
    seconds: float

    @property
    def share(self) -> float:
        return self.matched / self.n_constituencies if self.n_constituencies else float("nan")


def replay_parties(dataset: str, path: str | None = None) -> list[str]:
    """The parties a replay keeps separate: every column of the loader's default grouping
    (1% of the valid vote in some state), every party that won a seat, and ``IND`` (the largest
    independent); everything else is the remainder ``OTH``."""
    default = load_results(dataset, path=path)
    keep = [p for p in default.parties if p not in SPECIAL_IDS]
    keep += [w for w in dict.fromkeys(default.winners) if w not in keep and w not in SPECIAL_IDS]
    return [*keep, "IND"]


def replay_config(
    dataset: str,
    voters_per_agent: int = 1,
    *,
    seed: int = 0,
    states: list[str] | None = None,
    path: str | None = None,
) -> Config:
    """A validated config that replays ``dataset``: its parties, no alliances, no swing,
    every agent a party supporter with loyalty 1, turnout as recorded."""
    parties = replay_parties(dataset, path)
    doc: dict[str, Any] = {
        "name": f"replay-{dataset}",
        "seed": seed,
        "scenario": {"source": "results",
                     "results": {"baseline": dataset, "remainder": "OTH",
                                 "states": list(states or []),
                                 "files": {dataset: str(path)} if path else {}}},
        "parties": [{"id": p, "ideology": 0.0, "loyalty": 1.0} for p in [*parties, "OTH"]],
        "voters": {"voters_per_agent": voters_per_agent, "nonpartisan_share": 0.0,
                   "defection_share": 0.0},
        "calendar": {"rounds": 1},
        "negotiation": {"min_share_to_stand": 0.0},
    }
    return validate(doc, f"<replay {dataset}>")


def replay(
    dataset: str,
    voters_per_agent: int = 1,
    *,
    seed: int = 0,
    states: list[str] | None = None,
    path: str | None = None,
) -> ReplayResult:
    """Simulate a reference election and compare winners with the real ones.

    Every party stands exactly where it stood (share > 0); voter agents are drawn from the
    constituency's vote shares (no non-partisans), vote for their own party (loyalty 1) and
    turn out with the recorded turnout. No rounds are played (no alliance, no campaign).
    """
    t0 = time.perf_counter()
    config = replay_config(dataset, voters_per_agent, seed=seed, states=states, path=path)
    streams = Streams(config.seed)
    scenario = build_scenario(config, streams.generator("scenario"))
    population = draw_population(
        scenario, streams, voters_per_agent=voters_per_agent, nonpartisan_share=0.0,
        concentration=config.voters.trait_concentration,
    )
    standing = np.asarray(scenario.shares) > 0
    allies = np.zeros((scenario.n_parties, scenario.n_parties), dtype=bool)
    outcome = count_election(scenario, population, standing, allies, 0.0, streams)
    seconds = time.perf_counter() - t0

    res = load_results(dataset, min_state_share=0.0, path=path)
    actual = pd.Series(res.winners, index=res.ids)
    margin_pct = pd.Series(100 * res.margin / res.constituencies["votes_total"].to_numpy(),
                           index=res.ids)
    ids = list(scenario.constituency_ids)
    simulated = np.array(scenario.party_ids)[outcome.winners]
    real = actual.loc[ids].to_numpy()
    miss = simulated != real
    mismatches = pd.DataFrame({
        "id": np.array(ids)[miss],
        "name": np.array(scenario.constituency_names)[miss],
        "actual": real[miss],
        "simulated": simulated[miss],
        "actual_margin_pct": np.round(margin_pct.loc[ids].to_numpy()[miss], 3),
    })
    return ReplayResult(dataset, voters_per_agent, population.size, len(ids),
                        int((~miss).sum()), mismatches, seconds)
