"""The ``coalsim`` command line.

Bad input of any kind (a config file, a key, a value, an override, an output folder) ends with
exit code 2 and one message naming what is wrong; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from sim import __version__

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """A problem with the user's input, reported in one line with exit code 2."""


def _user_errors() -> tuple[type[BaseException], ...]:
    from sim.behaviours.base import BehaviourError
    from sim.config import ConfigError
    from sim.output import OutputExistsError

    errors: list[type[BaseException]] = [UserError, ConfigError, BehaviourError,
                                         OutputExistsError]
    try:
        from sim.data.errors import DataError

        errors.append(DataError)
    except ImportError:  # pragma: no cover - the data layer is optional at import
        pass
    return tuple(errors)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coalsim",
        description="Simulate pre-electoral alliances, seat sharing, joint campaigns and a "
        "first-past-the-post election.",
    )
    parser.add_argument("--version", action="version", version=f"coalsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run one config with one seed and write results/")
    run.add_argument("config", type=Path, help="a TOML config, e.g. configs/toy.toml")
    run.add_argument("--seed", type=int, help="seed (default: the config's seed)")
    run.add_argument("--out", type=Path, help="output folder (default: "
                     "results/<config-stem>/<run-id>)")
    run.add_argument("--set", dest="overrides", action="append", default=[],
                     metavar="KEY=VALUE", help="override a config value by dotted path, "
                     "e.g. --set voters.voters_per_agent=5 --set parties.LFT.loyalty=0.8")
    run.add_argument("--force", action="store_true", help="replace an existing run folder")
    run.add_argument("--no-plots", action="store_true", help="skip the figures")
    run.add_argument("--quiet", action="store_true", help="print only the output folder")

    lst = sub.add_parser("list", help="list every registered behaviour and its parameters")
    lst.add_argument("family", nargs="?", choices=["strategy", "protocol", "response"])

    replay = sub.add_parser("replay", help="simulate a reference election (no alliances, no "
                            "swing) and print the share of real winners reproduced")
    replay.add_argument("dataset", help="a shipped results dataset, e.g. wb_assembly_2016, "
                        "lok_sabha_2019")
    replay.add_argument("--voters-per-agent", type=int, default=1, metavar="N",
                        help="electors per voter agent (default 1: one agent per elector)")
    replay.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    replay.add_argument("--state", dest="states", action="append", default=[],
                        metavar="STATE", help="replay only this state (repeatable)")
    replay.add_argument("--file", type=Path, help="read the dataset's rows from this CSV "
                        "(same layout and party spellings as the shipped file)")

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

    plot = sub.add_parser("plot", help="redraw a sweep's figures and report.html from its tables")
    plot.add_argument("results", type=Path, help="a sweep's results folder, e.g. "
                      "results/protocol_comparison")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "replay":
            return cmd_replay(args)
        if args.command == "sweep":
            return cmd_sweep(args)
        if args.command == "plot":
            return cmd_plot(args)
    except _user_errors() as exc:
        print(f"coalsim: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("coalsim: interrupted; nothing was written for the unfinished run",
              file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover
    return EXIT_BAD_INPUT  # pragma: no cover


def cmd_run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from sim.config import load_config
    from sim.output import holds_run, write_run
    from sim.run import run_one
    from sim.summary_table import format_summary

    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be a non-negative integer, got {args.seed}")
    config = load_config(args.config, args.overrides, seed=args.seed)
    run_id = f"seed{config.seed}-{config.digest()[:8]}"
    out = args.out or Path("results") / args.config.stem / run_id
    if holds_run(out) and not args.force:
        raise UserError(f"{out} already holds a run; use --force to replace it")
    started = dt.datetime.now(dt.UTC)
    with tqdm(total=config.calendar.rounds, desc=f"{config.name} seed {config.seed}",
              unit="round", delay=2.0, disable=args.quiet, file=sys.stderr) as bar:
        result = run_one(config, progress=lambda _r: bar.update(1))
    write_run(result, out, started=started, force=args.force, plots=not args.no_plots)
    if not args.quiet:
        print(format_summary(result.summary))
    print(f"results written to {out}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from sim.behaviours.base import FAMILIES, registry

    families = [args.family] if args.family else list(FAMILIES)
    for family in families:
        print(f"{family}:")
        for name, cls in registry(family).items():
            params = ", ".join(f"{k}={v!r}" for k, v in cls.default_params().items())
            print(f"  {name:<22} {cls.summary()}")
            if params:
                print(f"  {'':<22} params: {params}")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
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


def cmd_plot(args: argparse.Namespace) -> int:
    from sim.plots.report import write_report

    root = args.results
    missing = [n for n in ("manifest.json", "runs.parquet") if not (root / n).is_file()]
    if missing:
        raise UserError(f"{root}: no {missing[0]}; not the folder of a finished sweep "
                        "(run coalsim sweep first, or --resume an interrupted one)")
    report = write_report(root)
    print(f"figures written to {root / 'plots'}; report: {report}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from sim.data.results import available_datasets
    from sim.real import replay

    if args.dataset not in available_datasets():
        raise UserError(f"unknown dataset {args.dataset!r}; available: "
                        f"{', '.join(available_datasets())}")
    if args.voters_per_agent < 1:
        raise UserError(f"--voters-per-agent must be at least 1, got {args.voters_per_agent}")
    if args.seed < 0:
        raise UserError(f"--seed must be a non-negative integer, got {args.seed}")
    if args.file is not None and not args.file.is_file():
        raise UserError(f"{args.file}: file not found")
    result = replay(args.dataset, args.voters_per_agent, seed=args.seed, states=args.states,
                    path=str(args.file) if args.file else None)
    print(f"replay {args.dataset}: {result.n_constituencies} constituencies, "
          f"{result.agents:,} voter agents ({args.voters_per_agent} elector(s) per agent), "
          f"{result.seconds:.1f} s")
    if not result.mismatches.empty:
        print("winners not reproduced:")
        print(result.mismatches.to_string(index=False))
    print(f"winners reproduced: {result.matched}/{result.n_constituencies} "
          f"({100 * result.share:.2f}%)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
