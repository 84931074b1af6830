"""How kernels walk the population: work items, and runs of agents of one party.

The population is processed in *work items*: runs of at most ``chunk`` agents that never cross
a constituency boundary. A kernel is a numba function (``nogil``) over a range of items; the
items are split into tasks on the thread pool (:func:`run_items`). A kernel reads and writes the
compact arrays in place and keeps per-item partial sums (integers, so their total does not
depend on how the items were split). Within an item, agents come in runs of one party (a
constituency's agents are stored sorted by party), so each run is one tight loop with the
party's parameters as scalars, which the compiler vectorises (AVX-512/AVX2 where present).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.jit import njit
from sim.engine.settings import chunk_size, executor, threads

REP8 = np.uint64(0x0101010101010101)
TASKS_PER_THREAD = 8  # work items are grouped into up to this many tasks per thread
TASK_AGENTS = 1 << 20  # ... of at least this many agents each


@dataclass(frozen=True)
class WorkItems:
    """Runs of at most ``chunk`` agents within one constituency, in population order.

    Attributes:
        constituency: (N,) constituency of each item.
        lo, hi: (N,) global agent range [lo, hi) of each item.
        first: (C,) index of each constituency's first item (for ``np.add.reduceat``).
    """

    constituency: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    first: np.ndarray

    @property
    def size(self) -> int:
        return int(self.constituency.size)

    @property
    def agents(self) -> int:
        return int((self.hi - self.lo).sum())

    def by_constituency(self, partial: np.ndarray) -> np.ndarray:
        """Sum per-item partial results (first axis) into per-constituency totals."""
        return np.add.reduceat(partial, self.first, axis=0)


def work_items(offsets: np.ndarray, chunk: int | None = None,
               constituencies: np.ndarray | None = None) -> WorkItems:
    """Split each constituency's slice ``offsets[c]:offsets[c+1]`` into runs of ≤ ``chunk``."""
    chunk = int(chunk or chunk_size())
    offsets = np.asarray(offsets, dtype=np.int64)
    cs = (np.arange(offsets.size - 1, dtype=np.int64) if constituencies is None
          else np.asarray(constituencies, dtype=np.int64))
    sizes = offsets[cs + 1] - offsets[cs]
    pieces = np.maximum(1, -(-sizes // chunk))
    which = np.repeat(np.arange(cs.size), pieces)
    first = np.concatenate([[0], np.cumsum(pieces)[:-1]]).astype(np.int64)
    k = np.arange(which.size, dtype=np.int64) - first[which]
    lo = offsets[cs[which]] + k * chunk
    hi = np.minimum(lo + chunk, offsets[cs[which] + 1])
    return WorkItems(cs[which], lo, hi, first)


def run_items(kernel: Callable[..., Any], items: WorkItems, *args: Any) -> None:
    """Run ``kernel(j0, j1, *args)`` over the work items, split into tasks over the thread
    budget. Kernels release the GIL and write only their own items' rows, so the result is
    the same for any split."""
    n = items.size
    n_threads = min(threads(), max(1, n))
    if n_threads == 1:
        kernel(0, n, *args)
        return
    # a few tasks per thread for balance, but at least ~1 Mi agents per task: dispatching a
    # task costs tens of microseconds with the GIL held
    per_thread = int(np.clip(items.agents // (n_threads * TASK_AGENTS), 1, TASKS_PER_THREAD))
    n_tasks = min(n, n_threads * per_thread)
    bounds = np.linspace(0, n, n_tasks + 1).astype(np.int64)
    pool = executor(n_threads)
    futures = [pool.submit(kernel, int(a), int(b), *args)
               for a, b in itertools.pairwise(bounds) if b > a]
    for future in futures:
        future.result()


def party_words(party: np.ndarray) -> np.ndarray:
    """The party bytes read eight at a time (for finding runs of one party fast)."""
    raw = party.view(np.uint8)
    return raw[: raw.size // 8 * 8].view(np.uint64)


@njit(inline="always")
def search_right(cdf, u, last):
    """First index k with cdf[k] > u, at most ``last`` (as ``searchsorted(side='right')``)."""
    k = 0
    while k < last and cdf[k] <= u:
        k += 1
    return k


@njit(inline="always")
def run_end(pp, words, lo, s, m, b):
    """End of the run of party byte ``b`` that starts at ``s`` in ``pp`` (the item's party
    bytes, which start at global index ``lo``); eight bytes at a time where aligned."""
    e = s + 1
    while e < m and ((lo + e) & 7) != 0:
        if pp[e] != b:
            return e
        e += 1
    pattern = np.uint64(b) * REP8
    while e + 8 <= m and words[(lo + e) >> 3] == pattern:
        e += 8
    while e < m and pp[e] == b:
        e += 1
    return e


MIN_RUN = 32  # shorter runs of one party are handled agent by agent, with table lookups


@njit(inline="always")
def next_span(pp, words, lo, s, m, known_end):
    """The span starting at ``s``: (end, is_run, end of the run that follows). A run of at
    least ``MIN_RUN`` agents of one party is one span; a stretch of shorter runs (where
    converted non-partisans sit among the rest) is another. ``known_end`` (or -1) is the end
    of the run at ``s`` if already found."""
    e = known_end if known_end > s else run_end(pp, words, lo, s, m, pp[s])
    if e - s >= MIN_RUN:
        return e, True, -1
    while e < m:
        following = run_end(pp, words, lo, e, m, pp[e])
        if following - e >= MIN_RUN:
            return e, False, following
        e = following
    return e, False, -1
