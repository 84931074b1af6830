"""``coalsim threshold FILE --parameter PATH --outcome EXPR --target VALUE``: the parameter value
at which an outcome crosses a target, by bisection with replications and a bootstrap interval.

Exit 0 with the crossing point; exit 1 when the target is not crossed inside the range (the
outcome at both ends is printed); exit 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.cli.errors import UserError


def add_parser(sub: Any) -> None:
    cmd = sub.add_parser("threshold", help="find the parameter value at which an outcome "
                         "crosses a target (bisection with replications)")
    cmd.add_argument("file", type=Path, help="a config or an experiment file")
    cmd.add_argument("--parameter", action="append", required=True, metavar="PATH",
                     help="dotted config path searched over; repeat to set several paths to "
                     "the same value (e.g. both partners' concession)")
    cmd.add_argument("--outcome", required=True, metavar="EXPR", help="a summary field or a "
                     "derived outcome, e.g. 'INDIA - NDA' or 'seats_by_alliance.INDIA >= 41'")
    cmd.add_argument("--target", required=True, type=float, help="the value sought (for a "
                     "0/1 outcome such as 'INDIA >= 41', 0.5 = wins half the time)")
    cmd.add_argument("--range", nargs=2, type=float, metavar=("LOW", "HIGH"),
                     help="the range searched (default: the experiment's range for the path)")
    cmd.add_argument("--replications", type=int, help="runs per probe (default: the "
                     "experiment's, else 20)")
    cmd.add_argument("--tolerance", type=float, help="stop when the bracket is this narrow "
                     "(default: range / 64; 1 for an integer parameter)")
    cmd.add_argument("--max-probes", type=int, default=12, help="at most this many values "
                     "tried, the two ends included (default 12)")
    cmd.add_argument("--seed", type=int, help="master seed (default: the experiment's, else 0)")
    cmd.add_argument("--set", dest="overrides", action="append", default=[],
                     metavar="KEY=VALUE", help="override a base config value")
    cmd.add_argument("--backend", choices=["serial", "processes"], default="serial",
                     help="where runs execute (default serial)")
    cmd.add_argument("--workers", type=int, help="worker processes for --backend processes")
    cmd.add_argument("--out", type=Path, help="write threshold.json, probes.csv and "
                     "threshold.png into this folder")
    cmd.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from sim.experiment.threshold import prepare, run_search

    if args.workers is not None and args.workers < 1:
        raise UserError(f"--workers must be at least 1, got {args.workers}")
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be a non-negative integer, got {args.seed}")
    low, high = args.range if args.range else (None, None)
    search = prepare(args.file, args.parameter, args.outcome, args.target, low=low, high=high,
                     replications=args.replications, seed=args.seed,
                     tolerance=args.tolerance, max_probes=args.max_probes,
                     overrides=args.overrides)
    print(f"threshold: {' = '.join(search.paths)} in [{search.low:g}, {search.high:g}], "
          f"{search.replications} runs per value, target {search.outcome} = "
          f"{search.target:g}", file=sys.stderr)

    def report(probe: Any) -> None:
        m, lo, hi, _ = probe.summary()
        print(f"  {search.paths[0]} = {probe.x:<10.4g} {search.outcome}: {m:.4g} "
              f"[{lo:.4g}, {hi:.4g}]", file=sys.stderr)

    result = run_search(search, backend=args.backend, workers=args.workers, on_probe=report)
    if args.out is not None:
        write_outputs(args.out, search, result)
    if not result.bracketed:
        ends = sorted(result.probes, key=lambda p: p.x)
        print(f"not crossed: {search.outcome} is {ends[0].mean:.4g} at {ends[0].x:g} and "
              f"{ends[-1].mean:.4g} at {ends[-1].x:g}; the target {search.target:g} is not "
              "between them (widen --range)")
        return 1
    print(f"{search.outcome} reaches {search.target:g} at {search.paths[0]} = "
          f"{result.crossing:.4g} (95% interval {result.low:.4g} to {result.high:.4g}; "
          f"{len(result.probes)} values × {search.replications} runs; outcome "
          f"{'rises' if result.increasing else 'falls'} with the parameter)")
    return 0


def write_outputs(folder: Path, search: Any, result: Any) -> None:
    """threshold.json, probes.csv and threshold.png (each written atomically)."""
    import csv
    import io
    import json

    from sim.io.atomic import write_bytes
    from sim.plots.threshold_plot import plot_threshold

    folder.mkdir(parents=True, exist_ok=True)
    summary = {"file": search.source, "parameters": list(search.paths),
               "range": [search.low, search.high], "outcome": search.outcome,
               "target": search.target, "replications": search.replications,
               "seed": search.seed, "bracketed": result.bracketed,
               "increasing": result.increasing, "crossing": result.crossing,
               "interval": [result.low, result.high]}
    write_bytes(folder / "threshold.json", (json.dumps(summary, indent=2) + "\n").encode())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["value", "replication", "outcome"])
    for probe in result.sorted_probes():
        for r, v in enumerate(probe.values):
            writer.writerow([probe.x, r, v])
    write_bytes(folder / "probes.csv", buffer.getvalue().encode())
    fig = plot_threshold(result, xlabel=search.paths[0], ylabel=search.outcome)
    fig.savefig(folder / "threshold.png", dpi=110)
