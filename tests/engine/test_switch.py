"""The party-switching kernel (``sim.engine.switch``): numba and numpy agree bit for bit, every
constituency ends in party order with its agents' traits intact, the tallies' deltas are exact,
and agents switch with the tables' probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from sim.core.rng import Streams
from sim.engine import jit, settings
from sim.engine.switch import switch, switch_tables
from sim.voters.population import VoterPopulation

needs_numba = pytest.mark.skipif(not jit.HAVE_NUMBA, reason="numba is not installed")
N_PARTIES = 5


def scattered_population(seed: int = 0, sizes=(3000, 17, 1, 5000, 800)) -> VoterPopulation:
    """Constituencies in party order except for a few agents out of place (as a response
    rule's conversions leave them), in two regions."""
    rng = np.random.default_rng(seed)
    parts = []
    for n in sizes:
        party = np.sort(rng.integers(-1, N_PARTIES, n)).astype(np.int8)
        moved = rng.random(n) < 0.03
        party[moved] = rng.integers(-1, N_PARTIES, moved.sum())
        parts.append(party)
    party = np.concatenate(parts)
    size = party.size
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    return VoterPopulation(offsets, party, rng.integers(0, 256, size).astype(np.uint8),
                           rng.integers(0, 65536, size).astype(np.uint16),
                           rng.integers(0, 65536, size).astype(np.uint16),
                           np.arange(len(sizes)) % 2, 1, N_PARTIES)


def hazards(seed: int = 1, scale: float = 0.2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    h = rng.uniform(0, scale / N_PARTIES, (2, N_PARTIES + 1, N_PARTIES + 1))
    h[1, 2] = 0.0  # a row nobody leaves
    return h


def keys(pop: VoterPopulation, seed: int = 5) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**63, (pop.n_constituencies, 2)).astype(
        np.uint64)


def state(pop: VoterPopulation) -> list[np.ndarray]:
    return [pop.party.copy(), pop.loyalty.copy(), pop.transfer.copy(), pop.turnout.copy()]


def run_switch(engine: str, threads: int | None = None) -> tuple[list[np.ndarray], np.ndarray]:
    pop = scattered_population()
    with settings.settings(engine=engine, threads=threads):
        delta = switch(pop.party, pop.loyalty, pop.transfer, pop.turnout, pop.offsets,
                       pop.region_of, keys(pop), switch_tables(hazards()))
    return state(pop), delta


@needs_numba
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_numba_kernel_and_numpy_twin_agree_bit_for_bit(threads: int) -> None:
    fast, fast_delta = run_switch("numba", threads)
    slow, slow_delta = run_switch("numpy")
    for x, y in zip(fast, slow, strict=True):
        assert np.array_equal(x, y)
    assert np.array_equal(fast_delta, slow_delta)
    assert np.abs(slow_delta[0]).sum() > 100  # agents did switch


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_constituencies_end_in_party_order_with_their_traits(engine: str) -> None:
    if engine == "numba" and not jit.HAVE_NUMBA:
        pytest.skip("numba is not installed")
    before = scattered_population()
    after, delta = run_switch(engine)
    party, loyalty, transfer, turnout = after
    for c in range(before.n_constituencies):
        lo, hi = before.offsets[c], before.offsets[c + 1]
        assert (np.diff(party[lo:hi].astype(int)) >= 0).all(), c
        # the agents are the same agents (traits travel with them), possibly with a new party
        old = sorted(zip(before.loyalty[lo:hi], before.transfer[lo:hi], before.turnout[lo:hi],
                         strict=True))
        new = sorted(zip(loyalty[lo:hi], transfer[lo:hi], turnout[lo:hi], strict=True))
        assert old == new
        counts = np.bincount(party[lo:hi].astype(int) + 1, minlength=N_PARTIES + 1)
        was = np.bincount(before.party[lo:hi].astype(int) + 1, minlength=N_PARTIES + 1)
        assert np.array_equal(counts - was, delta[0, c])


def test_agents_in_their_block_who_do_not_switch_stay_put() -> None:
    pop = scattered_population(sizes=(4000,))
    pop.party[:] = np.sort(pop.party)
    before = state(pop)
    # nobody may switch: the constituency is already in order, so nothing moves at all
    delta = switch(pop.party, pop.loyalty, pop.transfer, pop.turnout, pop.offsets,
                   pop.region_of, keys(pop), switch_tables(np.zeros((2, 6, 6))))
    for x, y in zip(state(pop), before, strict=True):
        assert np.array_equal(x, y)
    assert not delta.any()


def test_switching_follows_the_tables_probabilities() -> None:
    n = 200_000
    party = np.zeros(n, dtype=np.int8)  # everyone supports party 0 (row 1)
    pop = VoterPopulation(np.array([0, n]), party, np.full(n, 9, np.uint8),
                          np.full(n, 7, np.uint16), np.full(n, 5, np.uint16),
                          np.array([0]), 1, 2)
    h = np.zeros((1, 3, 3))
    h[0, 1, 0], h[0, 1, 2] = 0.05, 0.15  # to none 5%, to party 1 15%
    pop.shift_support(switch_tables(h), 1, Streams(2))
    freq = np.bincount(pop.party.astype(int) + 1, minlength=3) / n
    assert freq == pytest.approx([0.05, 0.80, 0.15], abs=0.004)


def test_shift_support_returns_the_tallies_after_the_switch() -> None:
    pop = scattered_population()
    counted = pop.tallies()
    tallies = pop.shift_support(switch_tables(hazards()), 2, Streams(9), counted)
    fresh = pop.tallies()
    for key in fresh:
        assert np.array_equal(tallies[key], fresh[key]), key


def test_tables_cap_a_row_at_one_and_ignore_the_diagonal() -> None:
    h = np.zeros((1, 3, 3))
    h[0, 0] = [5.0, 1.0, 3.0]  # the diagonal 5 is ignored: leave = min(1, 4) = 1
    tables = switch_tables(h)
    assert tables.probability[0].tolist() == [1.0, 0.0, 0.0]
    assert tables.dest[0, 0].tolist() == [0.0, 0.25, 1.0]
    assert tables.active.tolist() == [True]
    with pytest.raises(ValueError):
        switch_tables(-h)


@needs_numba
def test_kernel_and_twin_agree_on_random_layouts() -> None:
    """Any mix of long runs, short runs and lone agents, constituencies of any size and
    alignment, rows nobody leaves and a region where nobody switches: numba = numpy."""
    from hypothesis import given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    @hsettings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(0, 400), min_size=1, max_size=6), st.floats(0.0, 1.0),
           st.floats(0.0, 1.0), st.integers(0, 2**32 - 1))
    def check(sizes: list[int], scatter: float, scale: float, seed: int) -> None:
        rng = np.random.default_rng(seed)
        parts = []
        for n in sizes:
            # sorted runs whose lengths straddle the kernel's run threshold, then scattered
            party = np.sort(rng.integers(-1, N_PARTIES, n)).astype(np.int8)
            moved = rng.random(n) < scatter
            party[moved] = rng.integers(-1, N_PARTIES, moved.sum())
            parts.append(party)
        party = np.concatenate(parts)
        size = party.size
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        region_of = rng.integers(0, 3, len(sizes))
        h = rng.uniform(0, scale, (3, N_PARTIES + 1, N_PARTIES + 1))
        h[rng.random(h.shape) < 0.3] = 0.0
        h[2] = 0.0  # region 2: nobody switches
        tables = switch_tables(h)
        traits = [rng.integers(0, 256, size).astype(np.uint8),
                  rng.integers(0, 65536, size).astype(np.uint16),
                  rng.integers(0, 65536, size).astype(np.uint16)]
        ks = rng.integers(0, 2**63, (len(sizes), 2)).astype(np.uint64)
        results = []
        for engine in ("numba", "numpy"):
            arrays = [party.copy()] + [t.copy() for t in traits]
            with settings.settings(engine=engine):
                delta = switch(*arrays, offsets, region_of, ks, tables)
            results.append((arrays, delta))
        (fast, fast_delta), (slow, slow_delta) = results
        for x, y in zip(fast, slow, strict=True):
            assert np.array_equal(x, y)
        assert np.array_equal(fast_delta, slow_delta)

    check()
