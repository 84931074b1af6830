"""``coalsim replay DATASET``: re-simulate a reference election and count the winners reproduced."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.errors import UserError


def add_parser(sub: Any) -> None:
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
    replay.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.data.results import available_datasets
    from sim.run.replay import replay

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
