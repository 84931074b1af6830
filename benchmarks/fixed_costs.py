"""Per-run fixed costs of a small run: what a calibration pays besides the model itself.

    .venv/bin/python benchmarks/fixed_costs.py [--config FILE] [--set KEY=VALUE ...] [--repeats 4]

Default: ``configs/west_bengal_2021.toml`` (294 assembly constituencies, the 2016 + 2019
results blend) at ``voters.voters_per_agent=200`` (~330 k agents), the scale of one election
pair in a calibration. Every stage is timed in fresh child processes (so "cold" is real):

* process start (``python -c pass``) and ``import sim``: the first launch and the best of 3;
* the floors one run imports (numpy, pandas, scipy, pydantic + the config schema, numba + the
  engine, Mesa, everything ``run_one`` needs) and what a plain ``run_one`` pulls in that it
  does not need (matplotlib, the plots floor, ...);
* numba: the first run's extra cost with an empty on-disk cache (compiling) and with a warm one
  (loading), from ``NUMBA_CACHE_DIR`` set to a fresh folder;
* ``load_config``: TOML + overrides, schema validation, the checks that need data (first call:
  reads and parses the shipped results; second call: cached);
* ``build_scenario`` with the parsed-data caches cleared and warm;
* ``run_one``: the model's build (population draw), rounds + election, summary; first call and
  later calls in one process, with the sampler memo off (``COALSIM_TABLE_CACHE_MB=0``: the
  code before this benchmark's fix) and on (the default);
* writing the run folder with ``--no-plots`` (its import of the plots floor counted apart).

The last table is the ratio of fixed cost to the model's own run time for a run repeated in one
process (second and later calls) and for a fresh process per run. Figures are from one run on
one machine; they are not timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "configs" / "west_bengal_2021.toml"
DEFAULT_SET = ["voters.voters_per_agent=200"]
UNNEEDED = ("matplotlib", "sim.plots", "sim.experiment", "sim.output", "sklearn", "dask",
            "geopandas", "shapely", "IPython")

FLOORS = """
import json, sys, time
out = {}
def timed(name, statement):
    t = time.perf_counter(); exec(statement, {}); out[name] = time.perf_counter() - t
timed("numpy", "import numpy")
timed("pandas", "import pandas")
timed("scipy (special, optimize)", "import scipy.special, scipy.optimize")
timed("numba + sim.engine kernels", "import sim.engine.traits, sim.engine.vote, "
      "sim.engine.loyal_transfer, sim.engine.tallies")
timed("mesa", "import mesa")
timed("pydantic + sim.config.schema", "import sim.config.schema")
timed("rest of run_one + load_config", "import sim.run.single, sim.world.loading")
from sim import load_config, run_one
config = load_config(sys.argv[1], json.loads(sys.argv[2]))
run_one(config)
out["unneeded"] = [m for m in UNNEEDED_NAMES if m in sys.modules]
t = time.perf_counter(); import sim.output; out["sim.output (plots floor, matplotlib)"] = (
    time.perf_counter() - t)
print(json.dumps(out))
""".replace("UNNEEDED_NAMES", repr(UNNEEDED))

STAGES = """
import datetime as dt, json, sys, tempfile, time
from pathlib import Path
t = time.perf_counter()
import sim.run.single, sim.world.loading, sim.world.build
from sim.config.loading import read_config_document, validate_schema
from sim.world.checks import check_config
from sim.world.build import build_scenario
from sim.world import results as world_results
from sim.data.results import clear_caches
from sim.core.rng import Streams
from sim.engine import traits
out = {"imports": time.perf_counter() - t}
path, sets, repeats = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
def clock(f):
    t = time.perf_counter(); value = f(); return value, time.perf_counter() - t
doc, out["read TOML + overrides"] = clock(lambda: read_config_document(path, sets))
schema, out["schema validation"] = clock(lambda: validate_schema(doc, path))
config, out["data checks (first: parse files)"] = clock(lambda: check_config(schema, path))
_, out["load_config again (cached)"] = clock(lambda: sim.world.loading.load_config(path, sets))
rng = lambda: Streams(config.seed).generator("scenario")
_, out["build_scenario (warm caches)"] = clock(lambda: build_scenario(config, rng()))
def cold():
    clear_caches(); world_results._CACHE.clear(); return build_scenario(config, rng())
_, out["build_scenario (caches cleared)"] = clock(cold)
runs = []
for i in range(repeats):
    result, wall = clock(lambda: sim.run.single.run_one(config, seed=config.seed + i))
    runs.append({"wall": wall, **result.timings})
out["runs"] = runs
out["table memo"] = {"rows": len(traits.TABLES), "MiB": traits.TABLES.nbytes / 2**20}
t = time.perf_counter(); import sim.output; out["import sim.output"] = time.perf_counter() - t
with tempfile.TemporaryDirectory() as tmp:
    _, out["write run folder (--no-plots)"] = clock(lambda: sim.output.write_run(
        result, Path(tmp) / "run", started=dt.datetime.now(dt.UTC), plots=False))
print(json.dumps(out))
"""


def child(code: str, *args: str, env: dict[str, str] | None = None) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(command, check=True, env={**os.environ, **(env or {})}, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def table(title: str, rows: list[tuple[str, float]], total: float | None = None) -> None:
    total = total if total is not None else sum(v for _, v in rows)
    print(f"\n{title}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        share = f"{100 * value / total:5.1f}%" if total > 0 else ""
        print(f"  {name:<{width}}  {value:8.3f} s  {share}")


def steady(runs: list[dict]) -> dict[str, float]:
    later = runs[1:] or runs
    return {k: statistics.median(r[k] for r in later) for k in later[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(DEFAULT_CONFIG))
    parser.add_argument("--set", dest="sets", action="append", default=None)
    parser.add_argument("--repeats", type=int, default=4, help="run_one calls per process")
    args = parser.parse_args(argv)
    sets = json.dumps(args.sets if args.sets is not None else DEFAULT_SET)
    py = sys.executable
    print(f"config {args.config} with {sets}; {args.repeats} runs per process")

    start = [wall([py, "-c", "pass"]) for _ in range(4)]
    import_sim = [wall([py, "-c", "import sim"]) for _ in range(4)]
    table("process start (first launch, then best of 3)", [
        ("python -c pass: first", start[0]), ("python -c pass: warm", min(start[1:])),
        ("python -c 'import sim': first", import_sim[0]),
        ("python -c 'import sim': warm", min(import_sim[1:]))])

    floors = child(FLOORS, args.config, sets)
    unneeded = floors.pop("unneeded")
    output_import = floors.pop("sim.output (plots floor, matplotlib)")
    table("imports a run needs (fresh process, in order; each after the ones above)",
          list(floors.items()))
    print(f"  loaded by a plain run_one that it does not need: {unneeded or 'nothing'}"
          f" (of {', '.join(UNNEEDED)}); import sim.output afterwards: {output_import:.3f} s")

    with tempfile.TemporaryDirectory() as cache:
        env = {"NUMBA_CACHE_DIR": cache, "COALSIM_TABLE_CACHE_MB": "0"}
        compiled = child(STAGES, args.config, sets, "2", env=env)["runs"]
        loaded = child(STAGES, args.config, sets, "2", env=env)["runs"]
    table("numba: first run_one's extra cost over the second (sampler memo off)", [
        ("empty on-disk cache (compile)", compiled[0]["wall"] - compiled[1]["wall"]),
        ("warm on-disk cache (load)", loaded[0]["wall"] - loaded[1]["wall"])])

    results = {}
    for label, mb in (("before: sampler memo off", "0"), ("after: sampler memo on", "")):
        results[label] = child(STAGES, args.config, sets, str(args.repeats),
                               env={"COALSIM_TABLE_CACHE_MB": mb})
    after = results["after: sampler memo on"]
    table("load_config and build_scenario (fresh process, modules imported)", [
        (k, after[k]) for k in ("read TOML + overrides", "schema validation",
                                "data checks (first: parse files)", "load_config again (cached)",
                                "build_scenario (warm caches)", "build_scenario (caches cleared)")])

    for label, out in results.items():
        first, later = out["runs"][0], steady(out["runs"])
        rows = [(f"first run: {k}", first[k]) for k in ("build", "rounds_and_election",
                                                        "summarise")]
        rows += [(f"later runs (median): {k}", later[k]) for k in ("build",
                                                                   "rounds_and_election",
                                                                   "summarise")]
        table(f"run_one, {label} (build = population draw incl. samplers)", rows,
              total=first["wall"] + later["wall"])
        print(f"  first {first['wall']:.3f} s, later {later['wall']:.3f} s; memo "
              f"{out['table memo']['rows']} rows, {out['table memo']['MiB']:.0f} MiB")
    table("writing outputs", [("import sim.output (plots floor, matplotlib)",
                               after["import sim.output"]),
                              ("write run folder (--no-plots)",
                               after["write run folder (--no-plots)"])])

    print("\nfixed cost / model run time (model run = rounds + election + summary of a later "
          "in-process call)")
    for label, out in results.items():
        first, later = out["runs"][0], steady(out["runs"])
        model = later["rounds_and_election"] + later["summarise"]
        fresh_fixed = (min(start[1:]) + out["imports"] + after["read TOML + overrides"]
                       + after["schema validation"] + after["data checks (first: parse files)"]
                       + first["wall"] - model)
        repeat_fixed = later["wall"] - model
        print(f"  {label}: in-process repeat {repeat_fixed:.3f} s fixed / {model:.3f} s run = "
              f"{repeat_fixed / model:.2f}; fresh process {fresh_fixed:.3f} s / {model:.3f} s "
              f"= {fresh_fixed / model:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
