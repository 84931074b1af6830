"""How long the corpus takes to load: each dataset once (cold), then cached, and all of it.

    .venv/bin/python benchmarks/corpus_load.py [--repeat 3]

Cold: :func:`sim.data.results.clear_caches` before each dataset, so the time includes reading
the gzip CSV, validating it, and the lookups it needs (a segment file parses the assembly
election it borrows electors from; an assembly file reads the AC -> PC map of a segment
file). Whole corpus: every dataset in one fresh cache, in name order, so the borrowed files are
parsed once. Cached: a second ``load_results`` of a loaded dataset (copies of the frames).
Printed per kind: median, 90th percentile and maximum of the CPU time (``time.process_time``:
on a shared machine wall time also counts the other processes); then the totals, CPU and wall.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sim.data.datasets import DATASETS, KINDS
from sim.data.results import clear_caches, load_results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the whole corpus")
    args = parser.parse_args()
    cold: dict[str, float] = {}
    for name in DATASETS:
        clear_caches()
        t0 = time.process_time()
        load_results(name)
        cold[name] = time.process_time() - t0
    for kind in KINDS:
        t = np.array([v for k, v in cold.items() if DATASETS[k].kind == kind]) * 1e3
        print(
            f"{kind:<20} n={len(t):>3}  cold load (CPU): median {np.median(t):6.1f} ms, "
            f"p90 {np.percentile(t, 90):6.1f} ms, max {t.max():6.1f} ms"
        )
    slowest = max(cold, key=cold.get)
    print(f"slowest: {slowest} {1e3 * cold[slowest]:.0f} ms")
    totals, walls = [], []
    for _ in range(args.repeat):
        clear_caches()
        t0, w0 = time.process_time(), time.perf_counter()
        for name in DATASETS:
            load_results(name)
        totals.append(time.process_time() - t0)
        walls.append(time.perf_counter() - w0)
    t0 = time.perf_counter()
    for name in DATASETS:
        load_results(name)
    cached = (time.perf_counter() - t0) / len(DATASETS)
    print(
        f"whole corpus ({len(DATASETS)} datasets, fresh cache): best {min(totals):.2f} s CPU, "
        f"{min(walls):.2f} s wall, of {args.repeat}; cached reload {1e3 * cached:.1f} ms per "
        "dataset (wall)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
