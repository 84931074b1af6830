"""The runs of a sweep: points × replications, each with a run id and a seed.

Seeds come from the master seed through ``numpy.random.SeedSequence`` spawning:

    root = SeedSequence(master)
    design_seq, runs_seq, analysis_seq = root.spawn(3)
                  # the design's own randomness; the runs' seeds; sensitivity bootstraps
    run (p, r) -> runs_seq.spawn(P * R)[p * R + r]          (independent streams, the default)
    run (p, r) -> runs_seq.spawn(R)[r]                      (common_random_numbers = true)

and each child gives a 63-bit integer seed for :func:`sim.run.run_one`. A run's id and seed
depend only on (point, replication) and the experiment, never on the backend, the number of
workers or the order in which runs finish; both are stored with the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.experiment.designs import DesignSample
from sim.experiment.spec import Experiment


@dataclass(frozen=True)
class RunSpec:
    """One run of a sweep: where it sits in the design, its seed and its parameter values."""

    run_id: str
    point: int
    replication: int
    seed: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """The design's points and every run, in run-id order."""

    sample: DesignSample
    runs: list[RunSpec]


def seed_of(sequence: np.random.SeedSequence) -> int:
    """A 63-bit non-negative integer seed from a seed sequence."""
    state = sequence.generate_state(2, dtype=np.uint32).astype(np.uint64)
    return int(((state[1] << np.uint64(32)) | state[0]) >> np.uint64(1))


def sequences(master: int) -> tuple[np.random.SeedSequence, ...]:
    """The design's, the runs' and the analysis's seed sequences, spawned from the master."""
    return tuple(np.random.SeedSequence(master).spawn(3))


def run_seeds(master: int, n_points: int, replications: int,
              common_random_numbers: bool = False) -> np.ndarray:
    """(points, replications) array of run seeds (Python ints, dtype object)."""
    runs_seq = sequences(master)[1]
    seeds = np.empty((n_points, replications), dtype=object)
    if common_random_numbers:
        per_rep = [seed_of(s) for s in runs_seq.spawn(replications)]
        for p in range(n_points):
            seeds[p, :] = per_rep
    else:
        children = runs_seq.spawn(n_points * replications)
        for i, child in enumerate(children):
            seeds[divmod(i, replications)] = seed_of(child)
    return seeds


def run_id(point: int, replication: int, n_points: int, replications: int) -> str:
    """``p0007-r02``: zero-padded so that ids sort in (point, replication) order."""
    wp = max(4, len(str(max(n_points - 1, 0))))
    wr = max(2, len(str(max(replications - 1, 0))))
    return f"p{point:0{wp}d}-r{replication:0{wr}d}"


def make_plan(experiment: Experiment) -> Plan:
    """Every run of an experiment, deterministic from the file alone."""
    design_seq = sequences(experiment.seed)[0]
    sample = experiment.design.sample(experiment.parameters, design_seq)
    n, reps = len(sample.points), experiment.replications
    seeds = run_seeds(experiment.seed, n, reps, experiment.common_random_numbers)
    runs = [RunSpec(run_id(p, r, n, reps), p, r, int(seeds[p, r]), values)
            for p, values in enumerate(sample.points) for r in range(reps)]
    return Plan(sample, runs)
