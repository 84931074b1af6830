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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "list":
            return cmd_list(args)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
