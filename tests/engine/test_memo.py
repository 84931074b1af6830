"""Fixed costs of a small run: the sampler memo (``sim.engine.memo``) and numba's cache
fallback (``sim.engine.jit``). A memoised run gives exactly the run without the memo."""

from __future__ import annotations

import numpy as np
import pytest
from builders import TOY

from sim.engine import jit, traits
from sim.engine.memo import ArrayMemo, budget_bytes
from sim.run.single import run_one
from sim.world.loading import load_config


def arrays(n: int, value: int = 0) -> tuple[np.ndarray, ...]:
    return (np.full(n, value, dtype=np.uint8),)


def test_memo_keeps_read_only_copies_and_counts_hits() -> None:
    memo = ArrayMemo(budget=100)
    source = np.arange(10, dtype=np.uint8)
    memo.put("a", (source,))
    source[0] = 99  # the caller's array changing does not change the stored copy
    (stored,) = memo.get("a") or ()
    assert stored[0] == 0 and not stored.flags.writeable
    assert memo.get("b") is None
    assert (memo.hits, memo.misses, memo.nbytes, len(memo)) == (1, 1, 10, 1)


def test_memo_drops_the_least_recently_used_past_its_budget() -> None:
    memo = ArrayMemo(budget=30)
    for key in "abc":
        memo.put(key, arrays(10))
    memo.get("a")  # now "b" is the oldest
    memo.put("d", arrays(10))
    assert memo.get("b") is None
    assert all(memo.get(k) is not None for k in "acd")
    assert memo.nbytes == 30
    memo.put("big", arrays(31))  # larger than the whole budget: not kept
    assert memo.get("big") is None and memo.nbytes == 30
    memo.put("a", arrays(10, 7))  # replacing an entry does not count it twice
    assert memo.nbytes == 30 and memo.get("a")[0][0] == 7  # type: ignore[index]
    memo.clear()
    assert (len(memo), memo.nbytes, memo.hits) == (0, 0, 0)


def test_memo_budget_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("COALSIM_TABLE_CACHE_MB", "0")
    assert budget_bytes() == 0
    memo = ArrayMemo()
    memo.put("a", arrays(1))
    assert memo.get("a") is None
    monkeypatch.setenv("COALSIM_TABLE_CACHE_MB", "1.5")
    assert budget_bytes() == 3 << 19
    monkeypatch.setenv("COALSIM_TABLE_CACHE_MB", "lots")
    assert budget_bytes() == 256 << 20


def test_beta_table_rows_from_the_memo_equal_fresh_ones(monkeypatch) -> None:
    traits.TABLES.clear()
    means = np.array([0.3, 0.7, 0.3])
    first = traits.beta_table(means, 12.0, 65536)
    assert traits.TABLES.misses == 3 and len(traits.TABLES) == 2  # 0.3 twice: one row
    again = traits.beta_table(np.array([0.7, 0.3, 0.5]), 12.0, 65536)
    assert traits.TABLES.hits == 2
    monkeypatch.setenv("COALSIM_TABLE_CACHE_MB", "0")
    traits.TABLES.clear()
    fresh = traits.beta_table(np.array([0.7, 0.3, 0.5]), 12.0, 65536)
    assert len(traits.TABLES) == 0
    assert np.array_equal(again.prob, fresh.prob) and np.array_equal(again.alias, fresh.alias)
    assert np.array_equal(first.prob[[1, 0]], fresh.prob[:2])
    other = traits.beta_table(np.array([0.7]), 20.0, 65536)  # another κ is another law
    assert not np.array_equal(other.prob[0], fresh.prob[0])


def test_a_run_with_the_memo_equals_a_run_without_it(monkeypatch) -> None:
    config = load_config(TOY, ["voters.voters_per_agent=400", "calendar.rounds=3"])
    traits.TABLES.clear()
    cold = run_one(config, seed=5)
    warm = run_one(config, seed=5)  # every sampler from the memo
    assert traits.TABLES.hits > 0
    monkeypatch.setenv("COALSIM_TABLE_CACHE_MB", "0")
    traits.TABLES.clear()
    without = run_one(config, seed=5)
    for other in (warm, without):
        assert other.summary == cold.summary
        assert other.rounds.equals(cold.rounds)
        assert other.constituencies.equals(cold.constituencies)


@pytest.mark.skipif(not jit.HAVE_NUMBA, reason="numba is not installed")
def test_a_kernel_compiles_without_cache_where_no_cache_folder_is_writable(monkeypatch) -> None:
    from numba.core import caching

    def add_one(x):  # pragma: no cover - compiled by numba
        return x + 1

    impl = getattr(caching, "CacheImpl", None) or caching._CacheImpl  # renamed in numba 0.61
    monkeypatch.setattr(impl, "_locator_classes", [])  # no folder where a cache could go
    with pytest.raises(RuntimeError, match="cannot cache"):
        jit._njit(cache=True)(add_one)  # numba itself refuses
    kernel = jit.njit(cache=True, nogil=True)(add_one)
    assert kernel(41) == 42
