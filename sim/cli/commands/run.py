"""``coalsim run CONFIG``: run one config with one seed and write its results folder."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from sim.cli.errors import UserError


def add_parser(sub: Any) -> None:
    run = sub.add_parser("run", help="run one config with one seed and write results/")
    run.add_argument("config", type=Path, help="a TOML config, e.g. configs/toy.toml")
    run.add_argument("--seed", type=int, help="seed (default: the config's seed)")
    run.add_argument("--out", type=Path, help="output folder (default: "
                     "results/<config-stem>/<run-id>)")
    run.add_argument("--set", dest="overrides", action="append", default=[],
                     metavar="KEY=VALUE", help="override a config value by dotted path, "
                     "e.g. --set voters.voters_per_agent=5 --set parties.LFT.loyalty=0.8")
    run.add_argument("--outcome", dest="outcomes", action="append", default=[],
                     metavar="EXPR", help="a derived outcome to compute and store in "
                     "summary.json under 'derived', e.g. --outcome 'INDIA - NDA' or "
                     "--outcome 'seats_by_party.INC / allocation.INC'")
    run.add_argument("--force", action="store_true", help="replace an existing run folder")
    run.add_argument("--no-plots", action="store_true", help="skip the figures")
    run.add_argument("--quiet", action="store_true", help="print only the output folder")
    run.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from sim.output import holds_run, write_run
    from sim.run.single import run_one
    from sim.run.terminal import format_summary
    from sim.world.loading import load_config

    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be a non-negative integer, got {args.seed}")
    config = load_config(args.config, args.overrides, seed=args.seed)
    if args.outcomes:
        from sim.experiment.spec import check_expression

        for i, text in enumerate(args.outcomes):
            check_expression(text, f"--outcome {text!r}" if i == 0 else "--outcome",
                              config.to_dict())
    run_id = f"seed{config.seed}-{config.digest()[:8]}"
    out = args.out or Path("results") / args.config.stem / run_id
    if holds_run(out) and not args.force:
        raise UserError(f"{out} already holds a run; use --force to replace it")
    started = dt.datetime.now(dt.UTC)
    with tqdm(total=config.calendar.rounds, desc=f"{config.name} seed {config.seed}",
              unit="round", delay=2.0, disable=args.quiet, file=sys.stderr) as bar:
        result = run_one(config, progress=lambda _r: bar.update(1))
    if args.outcomes:
        from sim.analysis.expressions import evaluate_outcome

        result.summary["derived"] = {text: evaluate_outcome(text, result.summary)
                                     for text in args.outcomes}
    write_run(result, out, started=started, force=args.force, plots=not args.no_plots)
    if not args.quiet:
        print(format_summary(result.summary))
    print(f"results written to {out}")
    return 0
