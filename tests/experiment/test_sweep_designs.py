"""Designs (samplers) and the run plan: sizes, bounds, determinism, seeds, run ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sim.experiment import load_experiment
from sim.experiment.designs import (
    GridDesign,
    LatinHypercubeDesign,
    MorrisDesign,
    RandomDesign,
    SobolDesign,
)
from sim.experiment.parameters import parse_parameter
from sim.experiment.plan import make_plan, run_id, run_seeds, seed_of

W = "t.toml: key 'parameters'"
A = parse_parameter("a", {"range": [0.0, 1.0], "step": 0.5}, W)           # 3 levels
B = parse_parameter("b", ["x", "y"], W)                                    # 2 levels
C = parse_parameter("c", {"range": [10.0, 20.0]}, W)                       # continuous
D = parse_parameter("d", {"range": [1, 5], "type": "int"}, W)              # 1..5


def seq(n: int = 0) -> np.random.SeedSequence:
    return np.random.SeedSequence(n)


def test_grid_is_the_full_product_last_parameter_fastest() -> None:
    sample = GridDesign().sample((A, B), seq())
    assert [tuple(p.values()) for p in sample.points] == [
        (0.0, "x"), (0.0, "y"), (0.5, "x"), (0.5, "y"), (1.0, "x"), (1.0, "y")]
    assert GridDesign().n_points((A, B)) == 6
    assert sample.unit is None


@pytest.mark.parametrize("design", [RandomDesign(samples=40), LatinHypercubeDesign(samples=40)])
def test_sampling_designs_respect_bounds_and_are_deterministic(design) -> None:
    params = (A, B, C, D)
    sample = design.sample(params, seq(3))
    assert len(sample.points) == 40 == design.n_points(params)
    for point in sample.points:
        assert point["a"] in (0.0, 0.5, 1.0) and point["b"] in ("x", "y")
        assert 10.0 <= point["c"] <= 20.0 and point["d"] in range(1, 6)
    again = design.sample(params, seq(3))
    assert again.points == sample.points
    assert design.sample(params, seq(4)).points != sample.points


def test_latin_hypercube_visits_every_stratum_once() -> None:
    unit = LatinHypercubeDesign(samples=16).sample((C, C), seq(1)).unit
    for j in range(2):
        assert sorted(np.floor(unit[:, j] * 16).astype(int)) == list(range(16))


def test_sobol_and_morris_sizes() -> None:
    assert len(SobolDesign(samples=8).sample((A, C), seq()).points) == 8 * (2 + 2)
    assert len(SobolDesign(samples=8, second_order=True).sample((A, C, D), seq()).points) == \
        8 * (2 * 3 + 2)
    morris = MorrisDesign(samples=4, levels=4)
    assert len(morris.sample((A, C, D), seq()).points) == 4 * (3 + 1) == morris.n_points(
        (A, C, D))


def test_run_seeds_are_spawned_from_the_master_seed() -> None:
    seeds = run_seeds(42, n_points=3, replications=4)
    runs_seq = np.random.SeedSequence(42).spawn(3)[1]
    children = runs_seq.spawn(12)
    assert seeds[2, 1] == seed_of(children[2 * 4 + 1])
    flat = [s for s in seeds.ravel()]
    assert len(set(flat)) == 12 and all(0 <= s < 2**63 for s in flat)
    assert (run_seeds(42, 3, 4) == seeds).all()
    assert not (run_seeds(43, 3, 4) == seeds).any()


def test_common_random_numbers_share_seeds_across_points() -> None:
    seeds = run_seeds(5, n_points=3, replications=2, common_random_numbers=True)
    assert (seeds[0] == seeds[1]).all() and (seeds[1] == seeds[2]).all()
    assert seeds[0, 0] != seeds[0, 1]


def test_run_ids_sort_in_point_then_replication_order() -> None:
    ids = [run_id(p, r, 12000, 3) for p in (0, 9, 10, 11999) for r in range(3)]
    assert ids == sorted(ids)
    assert run_id(7, 2, 10, 3) == "p0007-r02"


def test_plan_is_deterministic_from_the_file(tmp_path: Path, write_experiment: Callable[..., Path]
                                             ) -> None:
    path = write_experiment(tmp_path, """seed = 9
replications = 3
[parameters]
"campaign.intensity" = { range = [0.0, 2.0] }
"alliances.0.protocol.params.responsiveness" = [0.0, 0.5, 1.0]
[design]
kind = "lhs"
samples = 5
""")
    a, b = make_plan(load_experiment(path)), make_plan(load_experiment(path))
    assert [(r.run_id, r.seed, r.values) for r in a.runs] == \
        [(r.run_id, r.seed, r.values) for r in b.runs]
    assert len(a.runs) == 15
    assert [r.run_id for r in a.runs] == sorted(r.run_id for r in a.runs)
    # the design's randomness and the runs' seeds come from different spawned streams
    assert len({r.values["campaign.intensity"] for r in a.runs}) == 5
