"""``coalsim threshold``: the value of a config parameter at which an outcome crosses a target,
found by bisection with replications (:func:`sim.analysis.threshold.find_threshold`).

The base is a config file, or an experiment file (its base config with ``[set]`` applied; its
seed, replications and the parameter's range as defaults). Replication r runs with the same
seed at every probe (common random numbers). Runs go through the sweep evaluators, so
``--workers`` and ``--backend`` work as for ``coalsim sweep``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.expressions import is_expression
from sim.analysis.threshold import Probe, ThresholdResult, find_threshold
from sim.config.errors import ConfigError
from sim.config.loading import read_config_document, read_toml
from sim.config.paths import get_path
from sim.experiment.errors import ExperimentError
from sim.experiment.evaluators import make_evaluator
from sim.experiment.plan import seed_of
from sim.experiment.runner import RunTask, execute
from sim.experiment.spec import assign_all, check_expression, load_experiment
from sim.world.loading import validate


@dataclass(frozen=True)
class ThresholdSearch:
    """A checked search: everything needed, nothing run yet."""

    source: str
    base: dict[str, Any]
    paths: tuple[str, ...]
    low: float
    high: float
    outcome: str
    target: float
    replications: int
    seed: int
    tolerance: float
    max_probes: int
    integer: bool

    def seeds(self) -> list[int]:
        """One seed per replication, the same at every probe."""
        return [seed_of(s) for s in np.random.SeedSequence(self.seed).spawn(self.replications)]


def prepare(file: Path, paths: list[str], outcome: str, target: float, *,
            low: float | None = None, high: float | None = None,
            replications: int | None = None, seed: int | None = None,
            tolerance: float | None = None, max_probes: int = 12,
            overrides: list[str] | None = None) -> ThresholdSearch:
    """Check a search before any run.

    Raises:
        ExperimentError: a bad file, path, range, outcome or count (one line, exit 2).
    """
    if not paths:
        raise ExperimentError("--parameter: give the dotted config path to search over")
    raw = read_toml(file)
    experiment = None
    if "base" in raw and "parameters" in raw:
        experiment = load_experiment(file)
        base = experiment.base
        if overrides:
            base = _resolve(assign_all(base, [_split(o) for o in overrides]), str(file))
    else:
        try:
            base = validate(read_config_document(file, overrides), str(file)).to_dict()
        except ConfigError as exc:
            raise ExperimentError(str(exc)) from None
    if experiment is not None and (low is None or high is None):
        match = next((p for p in experiment.parameters if set(paths) <= set(p.paths)), None)
        values = match.values if match is not None else None
        if values and all(isinstance(v, int | float) and not isinstance(v, bool)
                          for v in values):
            low = float(min(values)) if low is None else low
            high = float(max(values)) if high is None else high
    if low is None or high is None:
        raise ExperimentError("--range LOW HIGH: needed (the parameter's range is known only "
                              "when an experiment file sweeps it)")
    if not low < high:
        raise ExperimentError(f"--range: LOW must be below HIGH (got {low} and {high})")
    current = [get_path(base, path.split(".")) for path in paths]
    integer = all(isinstance(v, int) and not isinstance(v, bool) for v in current) and \
        float(low).is_integer() and float(high).is_integer()
    for value in (low, high):
        probe = int(value) if integer else float(value)
        try:
            validate(assign_all(base, [(path, probe) for path in paths]), str(file))
        except ConfigError as exc:
            raise ExperimentError(f"--parameter {paths[0]} = {probe}: {exc}") from None
    check_expression(outcome, "--outcome", base)
    reps = replications if replications is not None else (
        experiment.replications if experiment is not None else 20)
    if reps < 2:
        raise ExperimentError(f"--replications must be at least 2 (got {reps})")
    if max_probes < 3:
        raise ExperimentError(f"--max-probes must be at least 3 (got {max_probes})")
    step = tolerance if tolerance is not None else (1.0 if integer else (high - low) / 64)
    if step <= 0:
        raise ExperimentError(f"--tolerance must be positive (got {step})")
    master = seed if seed is not None else (experiment.seed if experiment is not None else 0)
    return ThresholdSearch(str(file), base, tuple(paths), float(low), float(high), outcome,
                           float(target), reps, master, float(step), max_probes, integer)


def _split(text: str) -> tuple[str, Any]:
    from sim.config.paths import parse_override

    return parse_override(text)


def _resolve(document: dict[str, Any], source: str) -> dict[str, Any]:
    try:
        return validate(document, source).to_dict()
    except ConfigError as exc:
        raise ExperimentError(str(exc)) from None


def run_search(search: ThresholdSearch, *, backend: str = "serial", workers: int | None = None,
               on_probe: Callable[[Probe], None] | None = None) -> ThresholdResult:
    """Run the bisection; every probe runs ``search.replications`` runs."""
    seeds = search.seeds()
    evaluator = make_evaluator(backend, workers)
    # a bare name (an alliance's seats) is evaluated as an expression too
    column = search.outcome if is_expression(search.outcome) else f"({search.outcome})"

    def evaluate(x: float) -> np.ndarray:
        value: float | int = round(x) if search.integer else float(x)
        tasks = [RunTask(run_id=f"r{r:03d}", point=0, replication=r, seed=s,
                         values={"x": value},
                         assignments=tuple((p, value) for p in search.paths),
                         base=search.base, source=f"{search.source} at {value}",
                         outcomes=(column,), record_rounds=False)
                 for r, s in enumerate(seeds)]
        records = list(evaluator.imap_unordered(execute, tasks))
        failed = [r for r in records if not r["ok"]]
        if failed:
            error = failed[0]["error"]
            raise ExperimentError(f"at {search.paths[0]} = {value}: a run failed "
                                  f"({error['type']}: {error['message']})")
        records.sort(key=lambda r: r["replication"])
        return np.array([r["outcomes"][column] for r in records], dtype=float)

    with evaluator:
        return find_threshold(evaluate, search.low, search.high, search.target,
                              tolerance=search.tolerance, max_probes=search.max_probes,
                              seed=search.seed, on_probe=on_probe,
                              snap=(lambda x: float(round(x))) if search.integer else None)
