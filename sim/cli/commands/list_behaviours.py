"""``coalsim list [FAMILY]``: every registered behaviour, its parameters and capability tags."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    lst = sub.add_parser("list", help="list every registered behaviour and its parameters")
    lst.add_argument("family", nargs="?", choices=["strategy", "protocol", "response", "support"])
    lst.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.behaviours.registry import FAMILIES, registry

    families = [args.family] if args.family else list(FAMILIES)
    for family in families:
        print(f"{family}:")
        for name, cls in registry(family).items():
            params = ", ".join(f"{k}={v!r}" for k, v in cls.default_params().items())
            print(f"  {name:<22} {cls.summary()}")
            if params:
                print(f"  {'':<22} params: {params}")
            if cls.tags():
                print(f"  {'':<22} tags: {', '.join(sorted(cls.tags()))}")
    return 0
