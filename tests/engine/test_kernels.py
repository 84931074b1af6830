"""The voter engine (``sim.engine``): the numba kernels and their numpy twins agree bit for
bit; results depend on the seed only, not on threads or chunk size; traits keep their Beta laws;
and the engine agrees with the idiomatic Mesa reference (``benchmarks/mesa_reference.py``)."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

import numpy as np
import pytest
from builders import ROOT, TOY

import sim.voters.population
from sim.behaviours.registry import build, registry
from sim.behaviours.responses.base import VoterResponse
from sim.core.rng import Streams
from sim.engine import counters, jit, settings, traits
from sim.model.coalition import CoalitionModel
from sim.model.electorate import draw_population
from sim.voters.population import VoterPopulation
from sim.voters.signals import CampaignSignals
from sim.world.build import build_scenario
from sim.world.loading import load_config

needs_numba = pytest.mark.skipif(not jit.HAVE_NUMBA, reason="numba is not installed")

# a strong joint campaign and a high conversion rate, so every branch of the rule is taken
OVERRIDES = ["voters.voters_per_agent=40", "calendar.rounds=4", "campaign.intensity=2",
             "voters.response.params.conversion=0.5"]


def snapshot(pop: VoterPopulation) -> list[np.ndarray]:
    return [pop.party.copy(), pop.loyalty.copy(), pop.transfer.copy(), pop.turnout.copy()]


def run(*, engine: str, threads: int | None = None, chunk: int | None = None,
        overrides: list[str] = OVERRIDES) -> dict[str, Any]:
    with settings.settings(engine=engine, threads=threads, chunk=chunk):
        model = CoalitionModel(load_config(TOY, overrides))
        initial = snapshot(model.population)
        outcome = model.run()
        return {"initial": initial, "final": snapshot(model.population),
                "votes": outcome.votes, "transfer": outcome.transfer,
                "records": model.records, "tallies": model.population.tallies()}


def assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    for name in ("initial", "final"):
        for x, y in zip(a[name], b[name], strict=True):
            assert np.array_equal(x, y), name
    assert np.array_equal(a["votes"], b["votes"])
    assert np.array_equal(a["transfer"], b["transfer"])
    assert a["records"] == b["records"]
    for key in a["tallies"]:
        assert np.array_equal(a["tallies"][key], b["tallies"][key])


@pytest.fixture(scope="module")
def numpy_run() -> dict[str, Any]:
    return run(engine="numpy")


@needs_numba
def test_numba_kernels_and_numpy_twins_agree_bit_for_bit(numpy_run: dict[str, Any]) -> None:
    fast = run(engine="numba")
    assert_same(fast, numpy_run)
    # the run exercised conversions (non-partisans who leant to a partner) and the vote
    converted = (numpy_run["initial"][0] < 0) & (numpy_run["final"][0] >= 0)
    assert converted.sum() > 100
    assert numpy_run["transfer"][:, 0].sum() > 0


@needs_numba
@pytest.mark.parametrize(("threads", "chunk"), [(1, 1 << 16), (2, 1000), (3, 7)])
def test_results_do_not_depend_on_threads_or_chunk_size(numpy_run: dict[str, Any],
                                                        threads: int, chunk: int) -> None:
    assert_same(run(engine="numba", threads=threads, chunk=chunk), numpy_run)


def test_another_seed_gives_other_voters(numpy_run: dict[str, Any]) -> None:
    other = run(engine="numpy", overrides=[*OVERRIDES, "seed=2"])
    assert not np.array_equal(other["initial"][2], numpy_run["initial"][2])


def signals(n_regions: int, n_parties: int, rng: np.random.Generator) -> CampaignSignals:
    lean = rng.uniform(0, 1, (n_regions, n_parties))
    lean[0] = 0.0  # one region without a joint campaign: nobody converts there
    return CampaignSignals(
        round=1, exposure=rng.uniform(0, 1, (n_regions, n_parties + 1)),
        conflict=rng.uniform(0, 0.5, (n_regions, n_parties + 1)), lean=lean,
        support_change=np.zeros((n_regions, n_parties)),
        transfer_floor=np.concatenate([[0.0], rng.uniform(0, 0.3, n_parties)]))


@needs_numba
def test_the_fused_rule_equals_the_rule_applied_block_by_block() -> None:
    config = load_config(TOY, ["voters.voters_per_agent=100"])
    streams = Streams(5)
    scenario = build_scenario(config, streams.generator("scenario"))

    def population() -> VoterPopulation:
        return draw_population(scenario, streams, voters_per_agent=100,
                               nonpartisan_share=0.3, concentration=12.0)

    rule = build(VoterResponse, "loyal_transfer", {"conversion": 0.6, "gain": 0.3})
    s = signals(scenario.n_regions, scenario.n_parties, np.random.default_rng(0))
    fused, by_block = population(), population()
    with settings.settings(engine="numba"):
        tallies = fused.respond(rule, s, 3, streams)
    assert tallies is not None
    for block in by_block.blocks():
        rule.respond(block, s, streams.generator("voters", 3, block.constituency))
    for x, y in zip(snapshot(fused), snapshot(by_block), strict=True):
        assert np.array_equal(x, y)
    for key, value in by_block.tallies().items():
        assert np.array_equal(tallies[key], value)


def test_variants_run_their_own_rule_not_the_fused_kernel() -> None:
    # only the class that declares ``fusable`` has it: a variant changes the rule
    for name, cls in registry("response").items():
        assert ("fusable" in cls.tags()) == (name == "loyal_transfer"), name
    s = signals(2, 3, np.random.default_rng(1))
    assert build(VoterResponse, "loyal_transfer").fused_tables(s) is not None


def test_tallies_are_exact_integer_sums() -> None:
    pop = run(engine="numpy", overrides=["voters.voters_per_agent=400", "calendar.rounds=1"])
    party, _, transfer, turnout = pop["final"]
    t = pop["tallies"]
    assert t["count"].sum() == party.size
    assert t["transfer_sum"].sum() * 65535 == pytest.approx(transfer.astype(np.int64).sum(),
                                                            abs=1e-3)
    assert t["turnout_sum"].sum() * 65535 == pytest.approx(turnout.astype(np.int64).sum(),
                                                           abs=1e-3)


# ----------------------------------------------------------------------------- random numbers
def test_counter_based_draws_depend_on_key_and_index_only() -> None:
    index = np.arange(200_000)
    u = counters.uniform24_np(12345, index)
    assert u.dtype == np.float32 and u.min() >= 0 and u.max() < 1
    assert u.mean() == pytest.approx(0.5, abs=0.003)
    assert u.var() == pytest.approx(1 / 12, abs=0.002)
    # any subset of indices gives the same draws: chunking cannot change them
    assert np.array_equal(counters.uniform24_np(12345, index[7:1000:3]), u[7:1000:3])
    assert not np.array_equal(counters.uniform24_np(12346, index[:100]), u[:100])
    # neighbouring draws are uncorrelated
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01
    assert counters.uniform53_np(1, index).mean() == pytest.approx(0.5, abs=0.003)


def test_keys_come_from_the_named_streams() -> None:
    a = counters.stream_keys(Streams(3).generator("voters", 1, 4), 3)
    b = counters.stream_keys(Streams(3).generator("voters", 1, 4), 3)
    c = counters.stream_keys(Streams(3).generator("voters", 1, 5), 3)
    assert a.dtype == np.uint64 and np.array_equal(a, b) and not np.array_equal(a, c)


# ----------------------------------------------------------------------------- trait laws
@pytest.mark.parametrize("concentration", [2.0, 12.0, 60.0])
def test_fine_grid_beta_cdf_matches_betainc_to_a_fraction_of_its_resolution(
        concentration: float) -> None:
    from scipy.special import betainc

    edges = (np.arange(65535) + 0.5) / 65535
    for mean in (0.001, 0.05, 0.3, 0.5, 0.75, 0.85, 0.95, 0.999):
        a, b = mean * concentration, (1 - mean) * concentration
        error = np.abs(traits.beta_cdf(a, b, 65536) - betainc(a, b, edges)).max()
        assert error * 2**32 < 0.05, (mean, concentration)


@pytest.mark.parametrize(("mean", "bins"), [(0.3, 65536), (0.9, 65536), (0.001, 65536),
                                            (0.5, 256), (0.95, 256)])
def test_alias_tables_hold_exactly_the_rounded_beta_probabilities(mean: float, bins: int) -> None:
    weights = traits.beta_cdf_weights(mean, 12.0, bins)
    assert weights.sum() == 2**32 and (weights >= 0).all()
    table = traits.beta_table([mean], 12.0, bins)
    unit = 1 << table.shift
    prob = table.prob[0].astype(np.int64)
    mass = prob + np.bincount(table.alias[0], weights=unit - prob, minlength=bins)
    assert np.array_equal(mass.astype(np.int64), weights)


def test_drawn_traits_follow_the_rounded_beta_law() -> None:
    table = traits.beta_table([0.7], 12.0, 65536)
    levels = traits.alias_draw_np(table, 0, counters.uint32_np(99, np.arange(400_000)))
    from scipy.stats import beta

    x = levels / 65535
    assert x.mean() == pytest.approx(0.7, abs=0.002)
    # deciles of the Beta law hold a tenth of the draws each
    cuts = beta.ppf(np.linspace(0.1, 0.9, 9), 0.7 * 12, 0.3 * 12)
    shares = np.bincount(np.searchsorted(cuts, x), minlength=10) / x.size
    assert shares == pytest.approx(np.full(10, 0.1), abs=0.004)


@needs_numba
def test_turnout_tables_batching_does_not_change_the_population(monkeypatch) -> None:
    config = load_config(TOY, ["voters.voters_per_agent=200"])
    streams = Streams(1)
    scenario = build_scenario(config, streams.generator("scenario"))
    turnout = np.linspace(0.55, 0.9, scenario.n_constituencies)
    scenario = dataclasses.replace(scenario, turnout=turnout)

    def draw(engine: str) -> VoterPopulation:
        with settings.settings(engine=engine):
            return draw_population(scenario, streams, voters_per_agent=200,
                                   nonpartisan_share=0.15, concentration=12.0)

    whole = draw("numba")
    monkeypatch.setattr(sim.voters.population, "TURNOUT_TABLES_PER_BATCH", 7)
    for other in (draw("numba"), draw("numpy")):
        for x, y in zip(snapshot(whole), snapshot(other), strict=True):
            assert np.array_equal(x, y)
    mean_turnout = whole.tallies()["turnout_sum"].sum(axis=1) / np.diff(whole.offsets)
    assert mean_turnout == pytest.approx(turnout, abs=0.02)


# ----------------------------------------------------------------------------- threads
def test_thread_budget_follows_settings_then_environment(monkeypatch) -> None:
    monkeypatch.delenv("COALSIM_THREADS", raising=False)
    monkeypatch.setenv("NUMBA_NUM_THREADS", "1")
    assert settings.threads() == 1  # what a sweep worker sets
    monkeypatch.setenv("COALSIM_THREADS", "3")
    assert settings.threads() == 3
    with settings.settings(threads=2):
        assert settings.threads() == 2
    assert settings.threads() == 3
    monkeypatch.delenv("COALSIM_THREADS")
    monkeypatch.delenv("NUMBA_NUM_THREADS")
    assert settings.threads() == settings.max_threads()
    with pytest.raises(ValueError):
        settings.set_threads(0)


# ----------------------------------------------------------------------------- Mesa reference
@pytest.mark.slow
@needs_numba
def test_engine_agrees_with_the_mesa_reference_on_a_small_population() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("coalsim_benchmark_voters",
                                                  ROOT / "benchmarks" / "voters.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # numba's cache finds its kernels through the module
    spec.loader.exec_module(bench)
    result = bench.compare(40_000, rounds=3, seed=4)
    engine, mesa = result["shares"]
    assert np.abs(result["vote_z"]).max() < 4, (engine, mesa)
    assert np.abs(result["transfer_z"]).max() < 4
    assert result["transfer_rate"][0] == pytest.approx(result["transfer_rate"][1], abs=0.05)


@pytest.mark.slow
def test_without_numba_the_package_runs_and_gives_the_same_result() -> None:
    import json
    import subprocess

    overrides = ["voters.voters_per_agent=400", "calendar.rounds=3"]
    script = (
        "import json, sys\n"
        "sys.modules['numba'] = None  # as if numba were not installed\n"
        "from sim.engine import jit, settings\n"
        "assert not jit.HAVE_NUMBA and settings.engine() == 'numpy'\n"
        "from sim.world.loading import load_config\n"
        "from sim.run.single import run_one\n"
        f"summary = run_one(load_config({str(TOY)!r}, {overrides!r})).summary\n"
        "print(json.dumps(summary, sort_keys=True))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    from sim.run.single import run_one

    with settings.settings(engine="numba" if jit.HAVE_NUMBA else "numpy"):
        here = run_one(load_config(TOY, overrides)).summary
    assert json.loads(done.stdout) == json.loads(json.dumps(here, sort_keys=True))
