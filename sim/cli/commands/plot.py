"""``coalsim plot RESULTS_DIR``: redraw the figures and ``report.html`` of a run folder
(``coalsim run``) or a sweep folder (``coalsim sweep``) from its tables."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.errors import UserError


def add_parser(sub: Any) -> None:
    plot = sub.add_parser("plot", help="redraw a run's or a sweep's figures and report.html "
                          "from its tables")
    plot.add_argument("results", type=Path, help="a run folder (results/toy/seed1-...) or a "
                      "sweep folder (results/protocol_comparison)")
    plot.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.plots.run_tables import NotARunFolder, is_run_folder, read_run

    root: Path = args.results
    if not root.is_dir():
        raise UserError(f"{root}: no such folder (expected a run or sweep results folder)")
    if is_run_folder(root):
        from sim.plots.run_report import write_run_outputs

        try:
            tables = read_run(root)
        except NotARunFolder as exc:
            raise UserError(str(exc)) from None
        report = write_run_outputs(tables, root)
        print(f"figures written to {root / 'plots'}; report: {report}")
        return 0
    if (root / "runs.parquet").is_file() and (root / "manifest.json").is_file():
        from sim.plots.report import write_report

        report = write_report(root)
        print(f"figures written to {root / 'plots'}; report: {report}")
        return 0
    if (root / "manifest.json").is_file() and (root / "parts").is_dir():
        raise UserError(f"{root}: a sweep that has not finished (no runs.parquet); finish it "
                        "with coalsim sweep EXPERIMENT --resume")
    raise UserError(f"{root}: neither a run folder (config.toml, summary.json, rounds.csv, "
                    "constituencies.csv) nor a sweep folder (manifest.json, runs.parquet)")
