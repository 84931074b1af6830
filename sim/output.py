"""Write a run's outputs atomically: a run folder appears complete or not at all.

Every file is written into a temporary sibling folder, which is renamed into place at the end,
so a run that crashes or is killed leaves no half-written results (only a ``.tmp-*`` folder,
cleaned up on the next write).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from sim._version import __version__
from sim.io.provenance import git_commit, versions
from sim.plots.run_report import write_run_outputs
from sim.plots.run_tables import RunTables
from sim.run.single import RunResult
from sim.run.summary import seats_by_state

RUN_FILES = ("config.toml", "manifest.json", "summary.json", "rounds.csv", "constituencies.csv",
             "report.html")


class OutputExistsError(FileExistsError):
    """The output folder already holds a run and ``force`` was not given."""


def holds_run(folder: Path) -> bool:
    """True when ``folder`` already contains a run's files."""
    return folder.is_dir() and any((folder / name).exists() for name in RUN_FILES)


def manifest(result: RunResult, started: dt.datetime, finished: dt.datetime) -> dict[str, Any]:
    """Provenance of a run: seed, versions, commit, config hash and timings."""
    return {
        "seed": result.config.seed,
        "config_name": result.config.name,
        "config_sha256": result.config.digest(),
        "package_version": __version__,
        "git_commit": git_commit(),
        "versions": versions(),
        "platform": platform.platform(),
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "wall_seconds": round((finished - started).total_seconds(), 3),
        "timings": {k: round(v, 4) for k, v in result.timings.items()},
    }


def write_run(
    result: RunResult,
    out_dir: Path,
    *,
    started: dt.datetime,
    force: bool = False,
    plots: bool = True,
) -> Path:
    """Write every output of a run into ``out_dir`` atomically.

    Raises:
        OutputExistsError: ``out_dir`` already holds a run and ``force`` is False.
    """
    out_dir = Path(out_dir)
    if holds_run(out_dir) and not force:
        raise OutputExistsError(f"{out_dir} already holds a run; use --force to replace it")
    if out_dir.is_dir() and not holds_run(out_dir) and any(out_dir.iterdir()):
        raise OutputExistsError(f"{out_dir} is not empty and holds no run; choose another folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.tmp-"))
    staging.chmod(0o755)
    try:
        (staging / "config.toml").write_text(tomli_w.dumps(result.config.to_dict()),
                                             encoding="utf-8")
        (staging / "summary.json").write_text(
            json.dumps(result.summary, indent=2, sort_keys=False) + "\n", encoding="utf-8")
        result.rounds.to_csv(staging / "rounds.csv", index=False, lineterminator="\n")
        result.constituencies.to_csv(staging / "constituencies.csv", index=False,
                                     lineterminator="\n")
        if result.config.scenario.source == "results":
            seats_by_state(result.constituencies).to_csv(
                staging / "seats_by_state.csv", index=False, lineterminator="\n")
        finished = dt.datetime.now(dt.UTC)
        provenance = manifest(result, started, finished)
        (staging / "manifest.json").write_text(json.dumps(provenance, indent=2) + "\n",
                                               encoding="utf-8")
        write_run_outputs(RunTables.from_result(result, provenance), staging, plots=plots)
        _swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
        os.replace(staging, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out_dir)
