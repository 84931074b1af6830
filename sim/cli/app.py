"""The ``coalsim`` command line: the parser, the dispatch, and the one-line error contract.

Bad input of any kind (a config file, a key, a value, an override, an output folder) ends with
exit code 2 and one message naming what is wrong; no traceback. Each command lives in its own
module under :mod:`sim.cli.commands` with ``add_parser(subparsers)`` (which sets the handler)
and imports its heavy dependencies only when it runs, so ``coalsim --help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim._version import __version__
from sim.cli.commands import data, list_behaviours, plot, replay, run, sweep, threshold
from sim.cli.errors import EXIT_BAD_INPUT, user_errors

COMMANDS = (run, list_behaviours, data, replay, sweep, plot, threshold)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="coalsim",
        description="Simulate pre-electoral alliances, seat sharing, joint campaigns and a "
        "first-past-the-post election.",
    )
    parser.add_argument("--version", action="version", version=f"coalsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``coalsim`` with ``argv`` (default: the command line); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except user_errors() as exc:
        print(f"coalsim: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("coalsim: interrupted; nothing was written for the unfinished run",
              file=sys.stderr)
        return 130
