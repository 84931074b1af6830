"""``coalsim data [--kind KIND] [--state STATE]``: list the elections shipped with the package."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    data = sub.add_parser("data", help="list the shipped election datasets (state, year, "
                          "seats, electors, parties) by the names configs use")
    data.add_argument("--kind", choices=["assembly", "lok_sabha", "lok_sabha_segments"],
                      help="only datasets of this kind")
    data.add_argument("--state", help="only this state (a name or a two-letter code)")
    data.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.data.catalog import format_catalog

    print(format_catalog(args.kind, args.state), end="")
    return 0
