"""Run one configuration with one seed and summarise it: ``run_one(config, seed) -> RunResult``.

This is the only door between a model and the rest of the program (CLI, experiment runner):
they see plain tables and a JSON-able summary, never the model.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.config.schema import Config
from sim.model.coalition import CoalitionModel
from sim.run.summary import constituency_table, summarise


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced.

    Attributes:
        config: the resolved configuration (seed included).
        summary: headline outcomes (JSON-serialisable).
        rounds: tidy per-round records (round, level, region, party, bloc, variable, value).
        constituencies: one row per constituency: winner, votes per party, margin, allocation.
        timings: seconds spent building, in rounds and in the election.
    """

    config: Config
    summary: dict[str, Any]
    rounds: pd.DataFrame
    constituencies: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)


def run_one(
    config: Config, seed: int | None = None, progress: Callable[[int], None] | None = None
) -> RunResult:
    """Build the model, play every round, hold the election and summarise.

    Args:
        config: a validated configuration.
        seed: replaces ``config.seed`` when given.
        progress: called with the round number after each round.
    """
    if seed is not None and seed != config.seed:
        config = config.model_copy(update={"seed": int(seed)})
    t0 = time.perf_counter()
    model = CoalitionModel(config)
    t1 = time.perf_counter()
    outcome = model.run(progress)
    t2 = time.perf_counter()
    summary = summarise(model, outcome)
    rounds = pd.DataFrame.from_records(
        model.records, columns=["round", "level", "region", "party", "bloc", "variable", "value"]
    )
    table = constituency_table(model, outcome)
    t3 = time.perf_counter()
    timings = {"build": t1 - t0, "rounds_and_election": t2 - t1, "summarise": t3 - t2}
    return RunResult(config, summary, rounds, table, timings)
