"""Where a sweep's results live, and how they survive a kill.

``results/<experiment>/``::

    experiment.toml      the experiment file as given
    base.toml            the resolved base config ([set] applied)
    parts/<run_id>.json  one file per finished run, written atomically the moment it finishes
    runs.parquet         one row per run: run_id, point, replication, seed, ok, parameters,
                         outcomes, config_sha256
    rounds.parquet       the per-round records of every run, with a run_id column
    failures.parquet     one row per run that raised: parameters, seed, error, traceback
    sensitivity.parquet  Sobol'/Morris indices (sobol and morris designs only)
    manifest.json        the experiment (file, hash), versions, timings, counts
    plots/*.png, report.html

A part is written to a temporary file and renamed into place, so it exists whole or not at all;
resuming skips the run ids that have a part. The tables are built from the parts alone, sorted
by run id, so they are the same whichever backend ran the sweep, in whatever order runs
finished, and whether or not the sweep was interrupted on the way.

Why Parquet (through pyarrow): the tables keep their types (integers stay integers, a missing
agreement round stays null rather than becoming a float or an empty string, booleans stay
booleans), the per-round table is compact (tens of bytes a row instead of hundreds), and each
table is still one ``pandas.read_parquet`` call.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w

from sim.experiment.errors import ExperimentError
from sim.experiment.parameters import display_value
from sim.experiment.spec import Experiment
from sim.io.atomic import write_bytes, write_json, write_parquet

PARTS = "parts"
MANIFEST = "manifest.json"
TABLES = ("runs", "rounds", "failures", "sensitivity")
OWN_FILES = ("experiment.toml", "base.toml", MANIFEST, "report.html",
             *(f"{t}.parquet" for t in TABLES))
OWN_DIRS = (PARTS, "plots")
ROUND_COLUMNS = ["round", "level", "region", "party", "bloc", "variable", "value"]
ERROR_COLUMNS = ["error_type", "error_message", "traceback"]


@dataclass(frozen=True)
class Tables:
    """The consolidated tables of a sweep."""

    runs: pd.DataFrame
    rounds: pd.DataFrame
    failures: pd.DataFrame


class SweepStore:
    """The results folder of one experiment."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.parts = self.root / PARTS
        self._lock: Any = None

    # ------------------------------------------------------------------ state
    def holds_sweep(self) -> bool:
        return (self.root / MANIFEST).is_file() or self.parts.is_dir()

    def manifest(self) -> dict[str, Any]:
        path = self.root / MANIFEST
        if not path.is_file():
            raise ExperimentError(f"{self.root}: no {MANIFEST}; not a sweep's results folder")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ExperimentError(f"{path}: cannot read ({exc})") from None

    def done_ids(self) -> set[str]:
        """Run ids that have a part (finished, whether they succeeded or raised)."""
        if not self.parts.is_dir():
            return set()
        return {p.name[:-5] for p in self.parts.glob("*.json") if not p.name.startswith(".")}

    # ------------------------------------------------------------------ opening
    def open(self, experiment: Experiment, *, resume: bool, force: bool) -> set[str]:
        """Prepare the folder for a session; return the run ids already done.

        Raises:
            ExperimentError: the folder holds another sweep, a different experiment (on
                ``resume``), or files that are not a sweep's.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        self._acquire_lock()
        if self.holds_sweep():
            if force or not self.done_ids():  # (no finished run: nothing to keep)
                self._clear()
            elif resume:
                old = self.manifest().get("design_sha256")
                if old != experiment.digest():
                    raise ExperimentError(
                        f"{self.root} holds a sweep of a different experiment (design hash "
                        f"{str(old)[:12]}, now {experiment.digest()[:12]}): the experiment "
                        "file or its base config changed; use another --out, or --force to "
                        "start over")
            else:
                done = len(self.done_ids())
                raise ExperimentError(
                    f"{self.root} already holds a sweep ({done} of {experiment.n_runs} runs "
                    "done); use --resume to finish it, or --force to start over")
        elif any(p for p in self.root.iterdir() if p.name != ".lock"):
            raise ExperimentError(f"{self.root} is not empty and holds no sweep; choose "
                                  "another --out")
        self.parts.mkdir(exist_ok=True)
        for stale in self.parts.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        write_bytes(self.root / "experiment.toml", experiment.text.encode())
        write_bytes(self.root / "base.toml", tomli_w.dumps(experiment.base).encode())
        return self.done_ids()

    def _acquire_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            return
        handle = open(self.root / ".lock", "w")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise ExperimentError(f"{self.root} is in use by another sweep") from None
        self._lock = handle

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _clear(self) -> None:
        for name in OWN_FILES:
            (self.root / name).unlink(missing_ok=True)
        for name in OWN_DIRS:
            shutil.rmtree(self.root / name, ignore_errors=True)

    # ------------------------------------------------------------------ parts
    def save(self, record: dict[str, Any]) -> None:
        """Persist one finished run (atomically)."""
        data = json.dumps(record, separators=(",", ":")).encode()
        write_bytes(self.parts / f"{record['run_id']}.json", data)

    def load(self, run_id: str) -> dict[str, Any]:
        return json.loads((self.parts / f"{run_id}.json").read_text(encoding="utf-8"))

    def records(self, run_ids: list[str]) -> Iterator[dict[str, Any]]:
        for run_id in run_ids:
            yield self.load(run_id)

    # ------------------------------------------------------------------ tables
    def consolidate(self, experiment: Experiment, run_ids: list[str]) -> tuple[Tables,
                                                                               dict[str, Any]]:
        """Build the tables from the parts, in run-id order, and write them.

        Returns:
            the tables and run statistics (compute seconds, workers seen) for the manifest.
        """
        names = [p.name for p in experiment.parameters]
        run_rows: list[dict[str, Any]] = []
        failure_rows: list[dict[str, Any]] = []
        round_tables: list[pd.DataFrame] = []
        seconds: list[float] = []
        workers: set[tuple[str, int]] = set()
        outcome_columns: dict[str, None] = {}
        for record in self.records(run_ids):
            params = {n: display_value(record["values"][n]) for n in names}
            head = {"run_id": record["run_id"], "point": record["point"],
                    "replication": record["replication"], "seed": record["seed"]}
            for column in record["outcomes"]:
                outcome_columns.setdefault(column, None)
            run_rows.append({**head, "ok": record["ok"], **params, "outcomes": record["outcomes"],
                             "config_sha256": record.get("config_sha256")})
            if not record["ok"]:
                error = record.get("error") or {}
                failure_rows.append({**head, **params, "error_type": error.get("type", ""),
                                     "error_message": error.get("message", ""),
                                     "traceback": error.get("traceback", "")})
            elif record.get("rounds") is not None:
                part = pd.DataFrame(record["rounds"], columns=ROUND_COLUMNS)
                part.insert(0, "run_id", record["run_id"])
                round_tables.append(part)
            seconds.append(float(record.get("seconds", 0.0)))
            workers.add((str(record.get("host")), int(record.get("pid", 0))))
        for row in run_rows:
            outcomes = row.pop("outcomes")
            sha = row.pop("config_sha256")
            row.update({c: outcomes.get(c) for c in outcome_columns})
            row["config_sha256"] = sha
        head_columns = ["run_id", "point", "replication", "seed", "ok", *names,
                        *outcome_columns, "config_sha256"]
        runs = pd.DataFrame(run_rows, columns=head_columns)
        key_columns = ["run_id", "point", "replication", "seed", *names]
        if failure_rows:
            failures = pd.DataFrame(failure_rows, columns=[*key_columns, *ERROR_COLUMNS])
        else:  # an empty table with the runs table's types
            failures = runs[key_columns].iloc[0:0].assign(
                **{c: pd.Series(dtype="str") for c in ERROR_COLUMNS})
        rounds = (pd.concat(round_tables, ignore_index=True) if round_tables
                  else pd.DataFrame(columns=["run_id", *ROUND_COLUMNS]))
        write_parquet(self.root / "runs.parquet", runs)
        write_parquet(self.root / "failures.parquet", failures)
        if experiment.record_rounds:
            write_parquet(self.root / "rounds.parquet", rounds)
        stats = {"run_seconds_total": round(sum(seconds), 3),
                 "run_seconds_mean": round(sum(seconds) / len(seconds), 4) if seconds else None,
                 "run_seconds_max": round(max(seconds), 4) if seconds else None,
                 "worker_processes_seen": len(workers)}
        return Tables(runs, rounds, failures), stats

    def write_sensitivity(self, table: pd.DataFrame) -> None:
        write_parquet(self.root / "sensitivity.parquet", table)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        write_json(self.root / MANIFEST, manifest)


def read_tables(root: Path) -> dict[str, pd.DataFrame]:
    """The tables of a results folder that exist, by name (runs, rounds, failures, ...)."""
    root = Path(root)
    return {name: pd.read_parquet(root / f"{name}.parquet") for name in TABLES
            if (root / f"{name}.parquet").is_file()}
