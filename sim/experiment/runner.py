"""Run a sweep: plan the runs, evaluate the missing ones, persist each as it finishes, then
build the tables, the sensitivity indices, the plots and the report.

A run is ``run_one(config, seed)`` and nothing else: :func:`execute` (what a worker calls)
applies a point's values to the base config, validates it, runs it and picks the recorded
outcomes from its summary. A run that raises is returned as a failure record (error, message,
traceback) and the sweep goes on.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim._version import __version__
from sim.analysis.expressions import evaluate_on_summary, is_expression
from sim.experiment.evaluators import make_evaluator
from sim.experiment.plan import Plan, RunSpec, make_plan, sequences
from sim.experiment.spec import Experiment, assign_all
from sim.experiment.store import SweepStore, Tables
from sim.io.provenance import git_commit, now, versions


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (picklable, no open files)."""

    run_id: str
    point: int
    replication: int
    seed: int
    values: dict[str, Any]
    assignments: tuple[tuple[str, Any], ...]
    base: dict[str, Any]
    source: str
    outcomes: tuple[str, ...]
    record_rounds: bool


class MissingOutcome(KeyError):
    """A recorded outcome is not in a run's summary."""


def pick_outcomes(summary: dict[str, Any], outcomes: tuple[str, ...]) -> dict[str, Any]:
    """The recorded outcomes of a run, one column each; a table becomes one column per leaf
    (``seats_by_party`` -> ``seats_by_party.RUL``, ...), a list becomes JSON text, a derived
    outcome (``INDIA - NDA``, :mod:`sim.analysis.expressions`) its value."""
    out: dict[str, Any] = {}
    for name in outcomes:
        if is_expression(name):
            out[name] = evaluate_on_summary(name, summary)
            continue
        node: Any = summary
        for part in name.split("."):
            if not isinstance(node, dict) or part not in node:
                raise MissingOutcome(f"outcome {name!r} is not in the run's summary")
            node = node[part]
        _flatten(name, node, out)
    return out


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            _flatten(f"{prefix}.{key}", sub, out)
    elif isinstance(value, list | tuple):
        out[prefix] = json.dumps(value)
    elif isinstance(value, np.generic):
        out[prefix] = value.item()
    else:
        out[prefix] = value


def _mesa_model_ids() -> Any:
    """Mesa's class-level ``Agent._ids`` (model -> id counter), or None."""
    try:
        from mesa import Agent
    except ImportError:  # pragma: no cover
        return None
    ids = getattr(Agent, "_ids", None)
    return ids if isinstance(ids, dict) else None


def _release_models(ids: Any, before: set[int]) -> None:
    """Forget the models a run created in Mesa's ``Agent._ids``.

    Mesa 3.3 keeps every model as a key of a class-level dict, so a worker that runs thousands
    of models never frees them (~2 MB a toy run; mesa/mesa#3179, fixed upstream by #3180 after
    3.3.1). Only models created during this run are dropped; others in the process are kept.
    """
    if ids is None:
        return
    for model in [m for m in list(ids) if id(m) not in before]:
        ids.pop(model, None)


def execute(task: RunTask) -> dict[str, Any]:
    """Run one point of a sweep with its seed; never raises for a failing run.

    Returns:
        a JSON-able record: ids, seed, values, ``ok``, outcomes, per-round columns, config
        hash; or, for a run that raised, its error type, message and traceback.
    """
    from sim.run.single import run_one
    from sim.world.loading import validate

    started = time.perf_counter()
    record: dict[str, Any] = {
        "run_id": task.run_id, "point": task.point, "replication": task.replication,
        "seed": task.seed, "values": task.values, "ok": False, "outcomes": {},
        "config_sha256": None, "rounds": None, "error": None,
    }
    ids = _mesa_model_ids()
    before = {id(m) for m in ids} if ids is not None else set()
    try:
        document = assign_all(task.base, list(task.assignments))
        document["seed"] = task.seed
        config = validate(document, task.source)
        record["config_sha256"] = config.digest()
        result = run_one(config)
        record["outcomes"] = pick_outcomes(result.summary, task.outcomes)
        if task.record_rounds:
            record["rounds"] = {c: result.rounds[c].tolist() for c in result.rounds.columns}
        record["ok"] = True
    except Exception as exc:
        record["outcomes"] = {}
        record["rounds"] = None
        record["error"] = {"type": type(exc).__name__, "message": str(exc),
                           "traceback": traceback.format_exc()}
    finally:
        _release_models(ids, before)
    record["seconds"] = round(time.perf_counter() - started, 4)
    record["host"] = socket.gethostname()
    record["pid"] = os.getpid()
    return record


def make_task(experiment: Experiment, run: RunSpec) -> RunTask:
    return RunTask(
        run_id=run.run_id, point=run.point, replication=run.replication, seed=run.seed,
        values=run.values, assignments=tuple(experiment.assignments(run.values)),
        base=experiment.base, source=f"{experiment.path} point {run.point}",
        outcomes=experiment.outcomes, record_rounds=experiment.record_rounds)


# --------------------------------------------------------------------------- sensitivity


def sensitivity_table(experiment: Experiment, plan: Plan,
                      runs: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Sobol' or Morris indices of every numeric outcome (per-point means over replications).

    Returns:
        the long table (outcome, parameter, index, value, conf) and notes on outcomes left out.
    """
    columns = ["outcome", "parameter", "index", "value", "conf"]
    design = experiment.design
    if not design.sensitivity or plan.sample.unit is None:
        return pd.DataFrame(columns=columns), []
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    skip = {"run_id", "point", "replication", "seed", "ok", "config_sha256",
            *(p.name for p in experiment.parameters)}
    ok = runs[runs["ok"].astype(bool)]
    analysis_seq = sequences(experiment.seed)[2]
    outcome_columns = [c for c in runs.columns if c not in skip]
    for i, column in enumerate(outcome_columns):
        dtype = runs[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            continue
        values = ok[column].astype(float)
        means = values.groupby(ok["point"]).mean().reindex(range(len(plan.sample.points)))
        if means.isna().any():
            notes.append(f"{column}: left out, {int(means.isna().sum())} point(s) have no "
                         "successful run or no value")
            continue
        y = means.to_numpy(dtype=float)
        if np.ptp(y) == 0:
            notes.append(f"{column}: left out, constant across the design")
            continue
        seq = np.random.SeedSequence(analysis_seq.entropy,
                                     spawn_key=(*analysis_seq.spawn_key, i))
        for row in design.analyse(experiment.parameters, plan.sample.unit, y, seq):
            rows.append({"outcome": column, **row})
    return pd.DataFrame(rows, columns=columns), notes


# --------------------------------------------------------------------------- the sweep


@dataclass(frozen=True)
class SweepOutcome:
    """What a sweep session did."""

    root: Path
    n_runs: int
    n_previously_done: int
    n_new: int
    n_failed: int
    wall_seconds: float
    tables: Tables
    report: Path | None


def default_out(experiment: Experiment) -> Path:
    return Path("results") / experiment.name


def run_sweep(
    experiment: Experiment,
    out: Path | None = None,
    *,
    backend: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    progress: bool = True,
    plots: bool = True,
) -> SweepOutcome:
    """Run every missing run of an experiment and write its results folder.

    Args:
        experiment: from :func:`sim.experiment.spec.load_experiment`.
        out: the results folder (default ``results/<experiment name>``).
        backend: serial, processes or dask.
        workers: worker count (default: every local core; with a scheduler, its workers).
        scheduler: a Dask scheduler address (``tcp://HOST:PORT``).
        resume: continue a sweep in ``out``, running only the runs without a part.
        force: delete the sweep in ``out`` and start over.
        progress: show a progress bar on stderr.
        plots: draw the figures and the report at the end.

    Raises:
        ExperimentError: bad options or an unusable results folder (before any run).
        SweepAborted: a worker died; finished runs are saved.
        KeyboardInterrupt: passed on after the manifest records the interruption.
    """
    from tqdm import tqdm

    evaluator = make_evaluator(backend, workers, scheduler)
    plan = make_plan(experiment)
    store = SweepStore(out or default_out(experiment))
    run_ids = [r.run_id for r in plan.runs]
    started, t0 = now(), time.perf_counter()
    try:
        done = store.open(experiment, resume=resume, force=force)
        manifest = _start_manifest(store, experiment, evaluator.describe(), started)
        session = manifest["sessions"][-1]
        pending = [r for r in plan.runs if r.run_id not in done]
        previously = len(plan.runs) - len(pending)
        new = failed = 0
        status = "interrupted"
        try:
            if pending:
                with evaluator as ev, tqdm(
                        total=len(plan.runs), initial=previously, unit="run",
                        desc=experiment.name, file=sys.stderr, disable=not progress,
                        dynamic_ncols=True, smoothing=0.05) as bar:
                    session.update(evaluator.describe())
                    tasks = (make_task(experiment, r) for r in pending)
                    for record in ev.imap_unordered(execute, tasks):
                        store.save(record)
                        new += 1
                        failed += not record["ok"]
                        bar.update(1)
                        if failed:
                            bar.set_postfix(failed=failed, refresh=False)
            status = "complete"
        finally:
            session.update({"finished": now(), "runs_done": new, "runs_failed": failed,
                            "wall_seconds": round(time.perf_counter() - t0, 3),
                            "status": status})
            manifest["status"] = "running" if status == "complete" else "incomplete"
            manifest["counts"].update(_counts(store, plan))
            store.write_manifest(manifest)
        tables, stats = store.consolidate(experiment, run_ids)
        sens, notes = sensitivity_table(experiment, plan, tables.runs)
        if experiment.design.sensitivity:
            store.write_sensitivity(sens)
        manifest["status"] = "complete"
        manifest["finished"] = now()
        manifest["counts"].update(_counts(store, plan),
                                  failed=int((~tables.runs["ok"].astype(bool)).sum()))
        manifest["timings"] = {
            **stats, "wall_seconds_total": round(sum(s.get("wall_seconds", 0.0)
                                                     for s in manifest["sessions"]), 3),
            "wall_seconds_last_session": round(time.perf_counter() - t0, 3),
            "runs_per_second_last_session": round(new / max(time.perf_counter() - t0, 1e-9),
                                                  3)}
        manifest["sensitivity_notes"] = notes
        manifest["tables"] = {name: f"{name}.parquet" for name in
                              ("runs", "rounds", "failures", "sensitivity")
                              if (store.root / f"{name}.parquet").is_file()}
        store.write_manifest(manifest)
        report = None
        if plots:
            report = _draw(store, manifest)
        return SweepOutcome(store.root, len(plan.runs), previously, new,
                            int(manifest["counts"]["failed"]),
                            round(time.perf_counter() - t0, 3), tables, report)
    finally:
        store.close()


def _counts(store: SweepStore, plan: Plan) -> dict[str, int]:
    done = store.done_ids() & {r.run_id for r in plan.runs}
    return {"runs": len(plan.runs), "points": len(plan.sample.points),
            "replications": len(plan.runs) // max(len(plan.sample.points), 1), "done": len(done)}


def _start_manifest(store: SweepStore, experiment: Experiment, evaluator: dict[str, Any],
                    started: str) -> dict[str, Any]:
    old: dict[str, Any] = {}
    if (store.root / "manifest.json").is_file():
        old = store.manifest()
    sessions = old.get("sessions", [])
    for s in sessions:
        if s.get("status") == "running":
            s["status"] = "killed"
    sessions.append({"started": started, **evaluator, "status": "running",
                     "pid": os.getpid(), "host": socket.gethostname()})
    manifest = {
        "experiment": experiment.to_dict(),
        "experiment_file": experiment.text,
        "experiment_sha256": experiment.file_digest(),
        "design_sha256": experiment.digest(),
        "package_version": __version__,
        "git_commit": git_commit(),
        "versions": versions(),
        "status": "running",
        "started": old.get("started", started),
        "sessions": sessions,
        "counts": {},
    }
    store.write_manifest(manifest)
    return manifest


def _draw(store: SweepStore, manifest: dict[str, Any]) -> Path | None:
    from sim.plots.report import write_report

    try:
        return write_report(store.root)
    except Exception as exc:  # the tables are safe; say what went wrong and go on
        warnings.warn(f"plots of {store.root} failed: {type(exc).__name__}: {exc}",
                      stacklevel=2)
        manifest["plot_error"] = f"{type(exc).__name__}: {exc}"
        store.write_manifest(manifest)
        return None
