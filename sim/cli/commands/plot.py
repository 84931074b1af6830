"""``coalsim plot RESULTS_DIR``: redraw a sweep's figures and report from its tables."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.errors import UserError


def add_parser(sub: Any) -> None:
    plot = sub.add_parser("plot", help="redraw a sweep's figures and report.html from its tables")
    plot.add_argument("results", type=Path, help="a sweep's results folder, e.g. "
                      "results/protocol_comparison")
    plot.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.plots.report import write_report

    root = args.results
    missing = [n for n in ("manifest.json", "runs.parquet") if not (root / n).is_file()]
    if missing:
        raise UserError(f"{root}: no {missing[0]}; not the folder of a finished sweep "
                        "(run coalsim sweep first, or --resume an interrupted one)")
    report = write_report(root)
    print(f"figures written to {root / 'plots'}; report: {report}")
    return 0
