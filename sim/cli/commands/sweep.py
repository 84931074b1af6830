"""``coalsim sweep EXPERIMENT``: run a parameter sweep and write its tables, plots and report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.cli.errors import UserError


def add_parser(sub: Any) -> None:
    sweep = sub.add_parser("sweep", help="run an experiment (a parameter sweep) and write "
                           "results/<experiment>/: tables, plots, report.html")
    sweep.add_argument("experiment", type=Path, help="an experiment file, e.g. "
                       "experiments/protocol_comparison.toml")
    sweep.add_argument("--workers", type=int, help="worker processes (default: every local "
                       "core; with --scheduler, the cluster's workers)")
    sweep.add_argument("--backend", choices=["serial", "processes", "dask"],
                       help="where runs execute (default: processes; dask with --scheduler)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, "
                       "e.g. tcp://10.0.0.5:8786 (implies --backend dask)")
    sweep.add_argument("--out", type=Path, help="results folder (default: "
                       "results/<experiment name>)")
    sweep.add_argument("--resume", action="store_true", help="finish an interrupted sweep: "
                       "run only the runs not yet saved")
    sweep.add_argument("--force", action="store_true", help="delete the sweep in the results "
                       "folder and start over")
    sweep.add_argument("--no-plots", action="store_true", help="skip the figures and report")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.experiment import SweepAborted, load_experiment
    from sim.experiment.evaluators import local_cores
    from sim.experiment.runner import default_out, run_sweep

    backend = args.backend or ("dask" if args.scheduler else "processes")
    if args.scheduler and backend != "dask":
        raise UserError("--scheduler needs --backend dask")
    if args.workers is not None and args.workers < 1:
        raise UserError(f"--workers must be at least 1, got {args.workers}")
    if args.resume and args.force:
        raise UserError("--resume and --force contradict each other; choose one")
    experiment = load_experiment(args.experiment)
    out = args.out or default_out(experiment)
    workers = 1 if backend == "serial" else (args.workers or (
        None if args.scheduler else local_cores()))
    print(f"sweep {experiment.name}: {experiment.n_points} points × {experiment.replications} "
          f"replications = {experiment.n_runs} runs ({experiment.design.kind} design) on "
          f"{backend}" + (f" with {workers} workers" if workers else "") + f" -> {out}",
          file=sys.stderr)
    try:
        outcome = run_sweep(experiment, out, backend=backend, workers=workers,
                            scheduler=args.scheduler, resume=args.resume, force=args.force,
                            progress=not args.quiet, plots=not args.no_plots)
    except KeyboardInterrupt:
        print(f"coalsim: interrupted; every finished run is saved in {out}: run the same "
              "command with --resume to finish", file=sys.stderr)
        return 130
    except SweepAborted as exc:
        print(f"coalsim: sweep stopped: {exc}; run the same command with --resume to finish",
              file=sys.stderr)
        return 1
    skipped = (f", {outcome.n_previously_done} already done" if outcome.n_previously_done
               else "")
    print(f"{outcome.n_new} runs in {outcome.wall_seconds:.1f} s{skipped}; "
          f"{outcome.n_failed} failed (see failures.parquet)" if outcome.n_failed else
          f"{outcome.n_new} runs in {outcome.wall_seconds:.1f} s{skipped}; none failed")
    print(f"results written to {outcome.root}"
          + (f" (report: {outcome.report})" if outcome.report else ""))
    return 0
