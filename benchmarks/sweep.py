"""A sweep on 1 worker vs 2 workers: does the engine leave the cores to the workers?

    .venv/bin/python benchmarks/sweep.py [--runs 180] [--voters-per-agent 1] [--workers 1 2]

Runs the same sweep (the toy scenario at the given scale, campaign intensity 0/1/2, as many
replications as make ``--runs`` runs) with ``coalsim sweep --backend processes`` once per
worker count, and prints the wall time of each and the speed-up over one worker. Each worker
process runs the voter kernels on one thread (the sweep's workers set ``NUMBA_NUM_THREADS=1``,
which ``sim.settings.threads`` follows), so workers × threads = cores. Ratios are measured in
one run on one machine; they are not timed tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COALSIM = Path(sys.executable).with_name("coalsim")

EXPERIMENT = """\
name = "bench_sweep"
base = "{base}"
seed = 7
replications = {replications}
outcomes = ["seats_by_alliance.Left-Congress", "transfer_rate", "turnout"]

[set]
"voters.voters_per_agent" = {voters_per_agent}

[parameters."campaign.intensity"]
values = [0.0, 1.0, 2.0]

[design]
kind = "grid"
"""


def sweep(experiment: Path, workers: int, out: Path) -> float:
    command = [str(COALSIM), "sweep", str(experiment), "--backend", "processes",
               "--workers", str(workers), "--out", str(out), "--no-plots", "--quiet"]
    env = {k: v for k, v in os.environ.items() if k not in ("COALSIM_THREADS",)}
    t = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=180)
    parser.add_argument("--voters-per-agent", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    replications = max(1, args.runs // 3)
    with tempfile.TemporaryDirectory() as tmp:
        experiment = Path(tmp) / "bench_sweep.toml"
        experiment.write_text(EXPERIMENT.format(base=(ROOT / "configs" / "toy.toml").as_posix(),
                                                replications=replications,
                                                voters_per_agent=args.voters_per_agent))
        times = {}
        for workers in args.workers:
            times[workers] = sweep(experiment, workers, Path(tmp) / f"out{workers}")
            print(f"{3 * replications} runs (toy, {args.voters_per_agent} elector(s) per agent) "
                  f"on {workers} worker(s): {times[workers]:.1f} s")
    first = args.workers[0]
    for workers in args.workers[1:]:
        print(f"speed-up {workers} vs {first} worker(s): {times[first] / times[workers]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
