"""Fused voter kernels: one pass per agent for the population's hot loops.

The voter population is processed in *work items*: runs of at most ``chunk`` agents that never
cross a constituency boundary. A kernel is a numba function (``nogil``) over a range of items;
the items are split into tasks on a thread pool of :func:`threads` workers. A kernel reads and
writes the compact arrays in place and keeps per-item partial sums (integers, so their total
does not depend on how the items were split). No kernel allocates a per-agent temporary.
Within an item, agents come in runs of one party (a constituency's agents are stored sorted by
party), so each run is one tight loop with the party's parameters as scalars, which the
compiler vectorises (AVX-512/AVX2 where present).

Randomness is *counter-based*: the i-th draw of a stream with 64-bit key ``k`` is
``mix64(k + (i + 1)·γ)`` (SplitMix64: Steele, Lea & Flood 2014, the ``mix64variant13`` finaliser;
γ = 0x9E3779B97F4A7C15), where i is the agent's position within its constituency. Keys come
from the model's named streams (``Streams.generator(phase, round, constituency)``), so a draw
depends only on (seed, phase, round, constituency, agent) — never on the chunk size, the thread
count or the order work items run in. Uniforms: float32 from the top 24 bits (as numpy's
``random(dtype=float32)``), float64 from the top 53 bits, uint32 from the top 32 bits.

Every kernel has a pure-numpy twin that computes exactly the same numbers (same float32
arithmetic, same integer sums), used when numba is not installed or ``COALSIM_ENGINE=numpy``;
``tests/test_engine.py`` checks that the two agree bit for bit.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

try:  # numba is a dependency, but the numpy twins keep the package usable without it
    from numba import njit

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only where numba is missing
    HAVE_NUMBA = False

    def njit(*args, **kwargs):  # type: ignore[no-redef]
        def wrap(f):
            return f
        return wrap(args[0]) if args and callable(args[0]) else wrap


ENGINES = ("numba", "numpy")
DEFAULT_CHUNK = 1 << 16  # agents per work item: 64 Ki agents × 6 bytes stay in L2

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
ONE64 = np.uint64(1)
S30, S27, S31 = np.uint64(30), np.uint64(27), np.uint64(31)
S40, S11, S32 = np.uint64(40), np.uint64(11), np.uint64(32)
INV24 = np.float32(1.0 / (1 << 24))
INV53 = 1.0 / (1 << 53)
F0, F1 = np.float32(0.0), np.float32(1.0)
F65535 = np.float32(65535.0)
REP8 = np.uint64(0x0101010101010101)
UNIT16 = np.float32(1.0 / 65535.0)
UNIT8 = np.float32(1.0 / 255.0)


# ---------------------------------------------------------------------------- engine and threads
def _default_engine() -> str:
    wanted = os.environ.get("COALSIM_ENGINE", "").strip().lower()
    if wanted == "numpy" or not HAVE_NUMBA:
        return "numpy"
    return "numba"


_state: dict[str, Any] = {"engine": _default_engine(), "threads": None, "chunk": DEFAULT_CHUNK}


def engine() -> str:
    """The engine in use: ``"numba"`` (fused compiled kernels) or ``"numpy"`` (array twins)."""
    return _state["engine"]


def set_engine(name: str) -> None:
    """Choose the engine (``numba`` needs numba installed). Results are identical either way."""
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {name!r}")
    if name == "numba" and not HAVE_NUMBA:
        raise RuntimeError("numba is not installed; use the numpy engine")
    _state["engine"] = name


def max_threads() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def threads() -> int:
    """The kernels' thread budget: :func:`set_threads` (``voters.threads``), else the
    ``COALSIM_THREADS`` environment variable, else ``NUMBA_NUM_THREADS``, else every core.
    The numpy engine always runs on one thread."""
    chosen = _state["threads"]
    if chosen is None:
        for variable in ("COALSIM_THREADS", "NUMBA_NUM_THREADS"):
            value = os.environ.get(variable, "").strip()
            if value:
                chosen = int(value)
                break
        else:
            chosen = max_threads()
    return max(1, int(chosen))


def set_threads(n: int | None) -> None:
    """Set the kernels' thread budget (``None``: back to the environment's default)."""
    if n is not None and int(n) < 1:
        raise ValueError(f"threads must be >= 1, got {n!r}")
    _state["threads"] = None if n is None else int(n)


def chunk_size() -> int:
    """Agents per work item (results never depend on it)."""
    return _state["chunk"]


@contextlib.contextmanager
def settings(*, engine: str | None = None, threads: int | None = None,
             chunk: int | None = None) -> Iterator[None]:
    """Temporarily change the engine, thread budget or chunk size (tests and benchmarks)."""
    saved = dict(_state)
    try:
        if engine is not None:
            set_engine(engine)
        if threads is not None:
            set_threads(threads)
        if chunk is not None:
            if chunk < 1:
                raise ValueError(f"chunk must be >= 1, got {chunk!r}")
            _state["chunk"] = int(chunk)
        yield
    finally:
        _state.update(saved)


_pool: dict[str, object] = {"executor": None, "size": 0, "pid": 0}
TASKS_PER_THREAD = 8  # work items are grouped into up to this many tasks per thread
TASK_AGENTS = 1 << 20  # ... of at least this many agents each


def _executor(size: int) -> ThreadPoolExecutor:
    """The kernels' thread pool, (re)made for ``size`` threads and this process."""
    if _pool["executor"] is None or _pool["size"] != size or _pool["pid"] != os.getpid():
        if _pool["executor"] is not None and _pool["pid"] == os.getpid():
            _pool["executor"].shutdown(wait=False)  # type: ignore[attr-defined]
        _pool.update(executor=ThreadPoolExecutor(size, thread_name_prefix="coalsim-kernel"),
                     size=size, pid=os.getpid())
    return _pool["executor"]  # type: ignore[return-value]


def _run(kernel, items: WorkItems, *args) -> None:
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
    pool = _executor(n_threads)
    futures = [pool.submit(kernel, int(a), int(b), *args)
               for a, b in itertools.pairwise(bounds) if b > a]
    for future in futures:
        future.result()


def _words(party: np.ndarray) -> np.ndarray:
    """The party bytes read eight at a time (for finding runs of one party fast)."""
    raw = party.view(np.uint8)
    return raw[: raw.size // 8 * 8].view(np.uint64)


# ---------------------------------------------------------------------------- work items
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


# ---------------------------------------------------------------------------- counter-based draws
def stream_keys(rng: np.random.Generator | np.random.BitGenerator, n: int) -> np.ndarray:
    """``n`` 64-bit keys for counter-based streams: the next raw outputs of a named generator
    (or of its bit generator, which spares making the ``Generator``)."""
    bits = rng.bit_generator if isinstance(rng, np.random.Generator) else rng
    return np.asarray(bits.random_raw(n), dtype=np.uint64)


def sequence_keys(sequence: np.random.SeedSequence, n: int) -> np.ndarray:
    """As :func:`stream_keys` for ``Generator(PCG64(sequence))`` (what ``Streams.generator``
    makes), without making the generator."""
    return stream_keys(np.random.PCG64(sequence), n)


def hash_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """The counter-based draw ``mix64(key + (index + 1)·γ)`` for each index (uint64)."""
    z = np.asarray(index, dtype=np.uint64) + ONE64
    z *= GOLDEN
    z += np.uint64(key)
    z ^= z >> S30
    z *= MIX1
    z ^= z >> S27
    z *= MIX2
    z ^= z >> S31
    return z


def uniform24_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """float32 uniforms in [0, 1) with 24 random bits."""
    return (hash_np(key, index) >> S40).astype(np.float32) * INV24


def uniform53_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """float64 uniforms in [0, 1) with 53 random bits."""
    return (hash_np(key, index) >> S11).astype(np.float64) * INV53


def uint32_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """uint32 uniforms (the top 32 bits)."""
    return (hash_np(key, index) >> S32).astype(np.uint32)


@njit(inline="always")
def _hash(key, i):
    z = key + np.uint64(i + 1) * GOLDEN
    z = (z ^ (z >> S30)) * MIX1
    z = (z ^ (z >> S27)) * MIX2
    return z ^ (z >> S31)


@njit(inline="always")
def _u24(key, i):
    return np.float32(_hash(key, i) >> S40) * INV24


@njit(inline="always")
def _u53(key, i):
    return np.float64(_hash(key, i) >> S11) * INV53


@njit(inline="always")
def _to_u16(x):
    """As :func:`sim.voters.to_u16` for one float32."""
    x = min(max(x, F0), F1)
    return np.uint16(np.rint(x * F65535))


@njit(inline="always")
def _search_right(cdf, u, last):
    """First index k with cdf[k] > u, at most ``last`` (as ``searchsorted(side='right')``)."""
    k = 0
    while k < last and cdf[k] <= u:
        k += 1
    return k


@njit(inline="always")
def _run_end(pp, words, lo, s, m, b):
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
def _next_span(pp, words, lo, s, m, known_end):
    """The span starting at ``s``: (end, is_run, end of the run that follows). A run of at
    least ``MIN_RUN`` agents of one party is one span; a stretch of shorter runs (where
    converted non-partisans sit among the rest) is another. ``known_end`` (or -1) is the end
    of the run at ``s`` if already found."""
    e = known_end if known_end > s else _run_end(pp, words, lo, s, m, pp[s])
    if e - s >= MIN_RUN:
        return e, True, -1
    while e < m:
        following = _run_end(pp, words, lo, e, m, pp[e])
        if following - e >= MIN_RUN:
            return e, False, following
        e = following
    return e, False, -1


# ---------------------------------------------------------------------------- loyal transfer
@dataclass(frozen=True)
class LoyalTransferTables:
    """The loyal-transfer update of one round as small tables (float32, as the numpy rule).

    Attributes:
        exposure: (R, P+1) probability of being reached.
        factor: (R, P+1) 1 − conflict_penalty × conflict.
        floor: (P+1,) transfer floor.
        gain, decay, turnout_gain: float32 rates.
        conversion: float64 probability that a reached non-partisan leans to a partner.
        lean_cdf: (R, P) cumulative lean over partners (float64, last = 1).
        convert: (R,) bool, where conversion can happen (conversion > 0 and some lean).
    """

    exposure: np.ndarray
    factor: np.ndarray
    floor: np.ndarray
    gain: np.float32
    decay: np.float32
    turnout_gain: np.float32
    conversion: float
    lean_cdf: np.ndarray
    convert: np.ndarray


def loyal_transfer_tables(signals, gain: float, decay: float, conflict_penalty: float,
                          turnout_gain: float, conversion: float) -> LoyalTransferTables:
    """Tables of :class:`~sim.behaviours.responses.loyal_transfer.LoyalTransfer` for a round."""
    exposure = np.ascontiguousarray(signals.exposure, dtype=np.float32)
    conflict = np.ascontiguousarray(signals.conflict, dtype=np.float32)
    factor = 1 - np.float32(conflict_penalty) * conflict
    lean = np.asarray(signals.lean, dtype=np.float64)
    cdf = np.zeros_like(lean)
    convert = np.zeros(lean.shape[0], dtype=bool)
    for r in range(lean.shape[0]):
        cdf[r] = lean_cdf(lean[r])
        convert[r] = conversion > 0 and lean[r].sum() > 0
    return LoyalTransferTables(exposure, np.ascontiguousarray(factor, dtype=np.float32),
                               np.ascontiguousarray(signals.transfer_floor, dtype=np.float32),
                               np.float32(gain), np.float32(decay), np.float32(turnout_gain),
                               float(conversion), cdf, convert)


def lean_cdf(lean: np.ndarray) -> np.ndarray:
    """Cumulative distribution of ``lean`` as numpy's ``Generator.choice`` builds it."""
    lean = np.asarray(lean, dtype=np.float64)
    total = lean.sum()
    if total <= 0:
        return np.zeros_like(lean)
    cdf = np.cumsum(lean / total)
    cdf /= cdf[-1]
    return cdf


@njit(inline="always")
def _loyal_transfer_step(transfer, turnout, reached, floor, factor, gain, decay, turnout_gain):
    """One agent's new (transfer, turnout), fixed point, exactly as the numpy rule."""
    w = np.float32(transfer) * UNIT16
    grown = w + gain * (F1 - w)
    cooled = w - decay * max(w - floor, F0)
    new_transfer = _to_u16((grown if reached else cooled) * factor)
    t = np.float32(turnout) * UNIT16
    raised = _to_u16(t + turnout_gain * (F1 - t))
    return new_transfer, (raised if reached else turnout)


@njit(inline="always")
def _loyal_transfer_run(tr, to, key, first, exposure, floor, factor, gain, decay,
                        turnout_gain):
    """One party's run: update transfer and turnout in place; return their new sums."""
    transfer_sum = np.int64(0)
    turnout_sum = np.int64(0)
    for i in range(tr.size):
        reached = np.float32(_hash(key, first + i) >> S40) * INV24 < exposure
        new_transfer, new_turnout = _loyal_transfer_step(tr[i], to[i], reached, floor, factor,
                                                         gain, decay, turnout_gain)
        tr[i] = new_transfer
        to[i] = new_turnout
        transfer_sum += np.int64(new_transfer)
        turnout_sum += np.int64(new_turnout)
    return transfer_sum, turnout_sum


@njit(cache=True, nogil=True)
def _loyal_transfer_kernel(j0, j1, party, words, transfer, turnout, offsets, region_of, item_c,
                           item_lo, item_hi, keys, exposure, factor, floor, gain, decay,
                           turnout_gain, conversion, cdf, convert, count, transfer_sum,
                           turnout_sum):
    n_p = cdf.shape[1]
    raw = party.view(np.uint8)
    for j in range(j0, j1):
        c = item_c[j]
        r = region_of[c]
        lo = item_lo[j]
        m = item_hi[j] - lo
        first = lo - offsets[c]
        k_reach = keys[c, 0]
        pp = raw[lo:lo + m]
        ps = party[lo:lo + m]
        tr = transfer[lo:lo + m]
        to = turnout[lo:lo + m]
        s = 0
        known = -1
        while s < m:
            e, is_run, known = _next_span(pp, words, lo, s, m, known)
            if not is_run:  # short runs: agent by agent
                for i in range(s, e):
                    at = first + i
                    p = np.int64(ps[i])
                    row = p + 1
                    reached = _u24(k_reach, at) < exposure[r, row]
                    new_transfer, new_turnout = _loyal_transfer_step(
                        tr[i], to[i], reached, floor[row], factor[r, row], gain, decay,
                        turnout_gain)
                    tr[i] = new_transfer
                    to[i] = new_turnout
                    if p < 0 and reached and convert[r] \
                            and _u53(keys[c, 1], at) < conversion:
                        p = _search_right(cdf[r], _u53(keys[c, 2], at), n_p - 1)
                        ps[i] = p
                        row = p + 1
                    count[j, row] += 1
                    transfer_sum[j, row] += new_transfer
                    turnout_sum[j, row] += new_turnout
                s = e
                continue
            row = (np.int64(pp[s]) + 1) & 255
            ts, us = _loyal_transfer_run(tr[s:e], to[s:e], k_reach, first + s,
                                         exposure[r, row], floor[row], factor[r, row], gain,
                                         decay, turnout_gain)
            count[j, row] += e - s
            transfer_sum[j, row] += ts
            turnout_sum[j, row] += us
            if row == 0 and convert[r]:
                # reached non-partisans may lean to a partner: the run's rare second look
                for i in range(s, e):
                    at = first + i
                    if _u24(k_reach, at) < exposure[r, 0] \
                            and _u53(keys[c, 1], at) < conversion:
                        p = _search_right(cdf[r], _u53(keys[c, 2], at), n_p - 1)
                        ps[i] = p
                        count[j, 0] -= 1
                        transfer_sum[j, 0] -= tr[i]
                        turnout_sum[j, 0] -= to[i]
                        count[j, p + 1] += 1
                        transfer_sum[j, p + 1] += tr[i]
                        turnout_sum[j, p + 1] += to[i]
            s = e


def loyal_transfer(party, transfer, turnout, offsets, region_of, keys, tables,
                   items: WorkItems | None = None) -> dict[str, np.ndarray]:
    """Apply the loyal-transfer update to every agent in place (numba engine only; the numpy
    twin is :meth:`LoyalTransfer.respond` block by block) and return the round's tallies after
    the update (as :func:`tallies`)."""
    if engine() != "numba":
        raise RuntimeError("the fused loyal-transfer kernel needs the numba engine")
    items = items or work_items(offsets)
    n_p1 = tables.floor.size
    count = np.zeros((items.size, n_p1), dtype=np.int64)
    tsum = np.zeros_like(count)
    usum = np.zeros_like(count)
    _run(_loyal_transfer_kernel, items, party, _words(party), transfer, turnout,
         np.asarray(offsets, dtype=np.int64), np.asarray(region_of, dtype=np.int64),
         items.constituency, items.lo, items.hi, keys, tables.exposure, tables.factor,
         tables.floor, tables.gain, tables.decay, tables.turnout_gain, tables.conversion,
         tables.lean_cdf, tables.convert, count, tsum, usum)
    return _tallies_out(items.by_constituency(count), items.by_constituency(tsum),
                        items.by_constituency(usum))


# ---------------------------------------------------------------------------- tallies
@njit(inline="always")
def _sum_u16(values):
    total = np.int64(0)
    for i in range(values.size):
        total += np.int64(values[i])
    return total


@njit(cache=True, nogil=True)
def _tallies_kernel(j0, j1, party, words, transfer, turnout, item_lo, item_hi, count,
                    transfer_sum, turnout_sum):
    raw = party.view(np.uint8)
    for j in range(j0, j1):
        lo = item_lo[j]
        m = item_hi[j] - lo
        pp = raw[lo:lo + m]
        tr = transfer[lo:lo + m]
        to = turnout[lo:lo + m]
        s = 0
        known = -1
        while s < m:
            e, is_run, known = _next_span(pp, words, lo, s, m, known)
            if is_run:
                row = (np.int64(pp[s]) + 1) & 255
                count[j, row] += e - s
                transfer_sum[j, row] += _sum_u16(tr[s:e])
                turnout_sum[j, row] += _sum_u16(to[s:e])
            else:
                for i in range(s, e):
                    row = (np.int64(pp[i]) + 1) & 255
                    count[j, row] += 1
                    transfer_sum[j, row] += tr[i]
                    turnout_sum[j, row] += to[i]
            s = e


def _tallies_out(count, tsum, usum) -> dict[str, np.ndarray]:
    return {"count": count.astype(np.float64),
            "transfer_sum": tsum.astype(np.float64) / 65535.0,
            "turnout_sum": usum.astype(np.float64) / 65535.0}


def tallies(party, transfer, turnout, offsets, n_parties: int,
            items: WorkItems | None = None) -> dict[str, np.ndarray]:
    """Exact per-constituency counts and sums of transfer willingness and turnout, by party.

    Sums are taken over the fixed-point integers (exact, order-free) and scaled once.
    """
    n_c, n = offsets.size - 1, n_parties + 1
    if engine() == "numba":
        items = items or work_items(offsets)
        count = np.zeros((items.size, n), dtype=np.int64)
        tsum = np.zeros_like(count)
        usum = np.zeros_like(count)
        _run(_tallies_kernel, items, party, _words(party), transfer, turnout, items.lo,
             items.hi, count, tsum, usum)
        return _tallies_out(items.by_constituency(count), items.by_constituency(tsum),
                            items.by_constituency(usum))
    count = np.zeros((n_c, n), dtype=np.int64)
    tsum = np.zeros_like(count)
    usum = np.zeros_like(count)
    for c in range(n_c):
        lo, hi = offsets[c], offsets[c + 1]
        row = party[lo:hi].astype(np.intp) + 1
        count[c] = np.bincount(row, minlength=n)
        # float64 sums of integers below 2**53 are exact
        tsum[c] = np.bincount(row, weights=transfer[lo:hi], minlength=n).astype(np.int64)
        usum[c] = np.bincount(row, weights=turnout[lo:hi], minlength=n).astype(np.int64)
    return _tallies_out(count, tsum, usum)


# ---------------------------------------------------------------------------- votes
@dataclass(frozen=True)
class BallotTables:
    """Every constituency's ballot as arrays (see :class:`sim.voters.Ballot`).

    Attributes:
        primary, secondary: (C, P+1) int64.
        uses_transfer: (C, P+1) bool.
        floating: (C, P) float32 cumulative distribution of non-partisans' votes.
        defection: float32 defection share.
    """

    primary: np.ndarray
    uses_transfer: np.ndarray
    secondary: np.ndarray
    floating: np.ndarray
    defection: np.float32


def ballot_tables(ballots, defection_share: float) -> BallotTables:
    return BallotTables(
        np.ascontiguousarray([b.primary for b in ballots], dtype=np.int64),
        np.ascontiguousarray([b.uses_transfer for b in ballots], dtype=np.bool_),
        np.ascontiguousarray([b.secondary for b in ballots], dtype=np.int64),
        np.ascontiguousarray([b.floating for b in ballots], dtype=np.float32),
        np.float32(defection_share),
    )


@njit(inline="always")
def _vote_choice(u, chance, has_primary, soft, defection):
    """(primary, secondary) for one agent's choice uniform ``u``: the primary choice with
    probability ``chance`` (0 without one); else, if ``soft``, the fallback with probability
    ``defection`` (else abstain); if not soft (loyalists), always the fallback."""
    p_primary = chance if has_primary else F0
    p_vote = p_primary + (F1 - p_primary) * defection if soft else F1
    return u < p_primary, (u >= p_primary) & (u < p_vote)


@njit(inline="always")
def _vote_run(chance, scale, to, k_turnout, k_choice, first, has_primary, soft, defection):
    """One party's run. ``chance`` × ``scale`` is the probability of the primary choice
    (transfer willingness or loyalty). Returns (primary votes, secondary votes, agents who
    turned out)."""
    n_primary = np.int64(0)
    n_secondary = np.int64(0)
    n_out = np.int64(0)
    for i in range(to.size):
        at = first + i
        out = np.float32(_hash(k_turnout, at) >> S40) * INV24 < np.float32(to[i]) * UNIT16
        u = np.float32(_hash(k_choice, at) >> S40) * INV24
        primary, secondary = _vote_choice(u, np.float32(chance[i]) * scale, has_primary, soft,
                                          defection)
        n_primary += np.int64(out & primary)
        n_secondary += np.int64(out & secondary)
        n_out += np.int64(out)
    return n_primary, n_secondary, n_out


@njit(cache=True, nogil=True)
def _vote_kernel(j0, j1, party, words, loyalty, transfer, turnout, offsets, item_c, item_lo,
                 item_hi, keys, primary, uses_transfer, secondary, floating, defection, votes,
                 eligible, transferred):
    n_p = floating.shape[1]
    raw = party.view(np.uint8)
    for j in range(j0, j1):
        c = item_c[j]
        lo = item_lo[j]
        m = item_hi[j] - lo
        first = lo - offsets[c]
        k_turnout = keys[c, 0]
        k_choice = keys[c, 1]
        pp = raw[lo:lo + m]
        lo_ = loyalty[lo:lo + m]
        tr = transfer[lo:lo + m]
        to = turnout[lo:lo + m]
        cdf = floating[c]
        s = 0
        known = -1
        while s < m:
            e, is_run, known = _next_span(pp, words, lo, s, m, known)
            row = (np.int64(pp[s]) + 1) & 255
            if not is_run or row == 0:  # agent by agent (non-partisans: always)
                for i in range(s, e):
                    at = first + i
                    if not _u24(k_turnout, at) < np.float32(to[i]) * UNIT16:
                        continue
                    u = _u24(k_choice, at)
                    row = (np.int64(pp[i]) + 1) & 255
                    if row == 0:  # non-partisans split over the standing parties
                        votes[j, _search_right(cdf, u, n_p - 1)] += 1
                        continue
                    choice = primary[c, row]
                    uses = uses_transfer[c, row]
                    chance = (np.float32(tr[i]) * UNIT16 if uses
                              else np.float32(lo_[i]) * UNIT8)
                    first_choice, fallback = _vote_choice(u, chance, choice >= 0,
                                                          uses or choice < 0, defection)
                    if first_choice:
                        votes[j, choice] += 1
                    elif fallback and secondary[c, row] >= 0:
                        votes[j, secondary[c, row]] += 1
                    if uses:
                        eligible[j] += 1
                        transferred[j] += first_choice
                s = e
                continue
            choice = primary[c, row]
            uses = uses_transfer[c, row]
            has_primary = choice >= 0
            soft = uses or not has_primary
            if uses:
                n1, n2, n_out = _vote_run(tr[s:e], UNIT16, to[s:e], k_turnout, k_choice,
                                          first + s, has_primary, soft, defection)
                eligible[j] += n_out
                transferred[j] += n1
            else:
                n1, n2, n_out = _vote_run(lo_[s:e], UNIT8, to[s:e], k_turnout, k_choice,
                                          first + s, has_primary, soft, defection)
            if has_primary:
                votes[j, choice] += n1
            if secondary[c, row] >= 0:
                votes[j, secondary[c, row]] += n2
            s = e


def vote_block_numpy(party, loyalty, transfer, turnout, keys, primary, uses_transfer,
                     secondary, floating, defection) -> tuple[np.ndarray, int, int]:
    """The numpy twin for one constituency: (votes per party, eligible, transferred)."""
    n_parties = floating.size
    index = np.arange(party.size)
    u_turnout = uniform24_np(keys[0], index)
    u_choice = uniform24_np(keys[1], index)
    row = party.astype(np.intp) + 1
    votes_out = u_turnout < turnout.astype(np.float32) * UNIT16
    uses = uses_transfer[row]
    p_primary = np.where(uses, transfer.astype(np.float32) * UNIT16,
                         loyalty.astype(np.float32) * UNIT8)
    p_primary = np.where(primary[row] >= 0, p_primary, np.float32(0.0))
    # loyalists who are not loyal defect; non-transferring voters defect or abstain
    p_vote = np.where(uses | (primary[row] < 0),
                      p_primary + (1 - p_primary) * np.float32(defection), np.float32(1.0))
    choice = np.where(u_choice < p_primary, primary[row],
                      np.where(u_choice < p_vote, secondary[row], -1))
    floats = party < 0
    if floats.any():
        pick = np.searchsorted(floating, u_choice[floats], side="right")
        choice[floats] = np.minimum(pick, n_parties - 1)
    counted = votes_out & (choice >= 0)
    counts = np.bincount(choice[counted], minlength=n_parties)
    eligible_mask = votes_out & uses
    return (counts, int(eligible_mask.sum()),
            int((eligible_mask & (u_choice < p_primary)).sum()))


def vote(party, loyalty, transfer, turnout, offsets, keys, ballots: BallotTables,
         items: WorkItems | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every agent's vote: ((C, P) agent votes, (C, 2) eligible and transferred agents)."""
    n_c, n_p = offsets.size - 1, ballots.floating.shape[1]
    if engine() == "numba":
        items = items or work_items(offsets)
        votes = np.zeros((items.size, n_p), dtype=np.int64)
        eligible = np.zeros(items.size, dtype=np.int64)
        transferred = np.zeros(items.size, dtype=np.int64)
        _run(_vote_kernel, items, party, _words(party), loyalty, transfer, turnout,
             np.asarray(offsets, dtype=np.int64), items.constituency, items.lo, items.hi, keys,
             ballots.primary, ballots.uses_transfer, ballots.secondary, ballots.floating,
             ballots.defection, votes, eligible, transferred)
        return (items.by_constituency(votes),
                np.stack([items.by_constituency(eligible),
                          items.by_constituency(transferred)], axis=1))
    votes = np.zeros((n_c, n_p), dtype=np.int64)
    transfer_out = np.zeros((n_c, 2), dtype=np.int64)
    for c in range(n_c):
        lo, hi = offsets[c], offsets[c + 1]
        counts, eligible, transferred = vote_block_numpy(
            party[lo:hi], loyalty[lo:hi], transfer[lo:hi], turnout[lo:hi], keys[c],
            ballots.primary[c], ballots.uses_transfer[c], ballots.secondary[c],
            ballots.floating[c], ballots.defection)
        votes[c] = counts
        transfer_out[c] = (eligible, transferred)
    return votes, transfer_out


# ---------------------------------------------------------------------------- population traits
@dataclass(frozen=True)
class AliasTable:
    """Exact samplers of laws on a fixed-point grid of ``bins`` levels (one row per law).

    Level k has probability weight[k] / 2**32 (integer weights summing to 2**32). A uniform
    32-bit draw u picks column j = u >> shift and r = u & (2**shift − 1); the level is j if
    r < prob[j], else alias[j] (Walker's alias method, built with integers by Vose's
    algorithm: no rounding, a fixed cost per draw and no branch to mispredict).
    """

    prob: np.ndarray  # (L, bins) uint32, in [0, 2**shift]
    alias: np.ndarray  # (L, bins) uint16
    shift: int


@njit(cache=True, nogil=True)
def _build_alias(weights, unit, prob, alias):
    """Vose's alias method over integer ``weights`` summing to ``unit × weights.size``."""
    n = weights.size
    w = weights.copy()
    small = np.empty(n, dtype=np.int64)
    large = np.empty(n, dtype=np.int64)
    n_small = 0
    n_large = 0
    for k in range(n):
        if w[k] < unit:
            small[n_small] = k
            n_small += 1
        else:
            large[n_large] = k
            n_large += 1
    while n_small > 0 and n_large > 0:
        n_small -= 1
        s = small[n_small]
        n_large -= 1
        g = large[n_large]
        prob[s] = w[s]
        alias[s] = g
        w[g] -= unit - w[s]
        if w[g] < unit:
            small[n_small] = g
            n_small += 1
        else:
            large[n_large] = g
            n_large += 1
    for i in range(n_large):
        prob[large[i]] = unit
        alias[large[i]] = large[i]
    for i in range(n_small):  # only reachable through rounding, which integers rule out
        prob[small[i]] = unit
        alias[small[i]] = small[i]


_GRIDS: dict[int, tuple[np.ndarray, ...]] = {}
ANCHOR_EVERY = 256  # edges between two exact CDF evaluations on a fine grid


def _grid(bins: int) -> tuple[np.ndarray, ...]:
    """The level edges of a ``bins``-level grid, anchors, and the logarithms at the two
    Gauss–Legendre nodes of every interval between edges (computed once per grid)."""
    if bins not in _GRIDS:
        edges = (np.arange(bins - 1, dtype=np.float64) + 0.5) / (bins - 1)
        h = 1.0 / (bins - 1)
        middle = edges[:-1] + h / 2
        nodes = np.stack([middle - h / (2 * np.sqrt(3.0)), middle + h / (2 * np.sqrt(3.0))])
        anchors = np.unique(np.concatenate([np.arange(0, bins - 1, ANCHOR_EVERY), [bins - 2]]))
        anchor_of = anchors[np.searchsorted(anchors, np.arange(bins - 1), side="right") - 1]
        _GRIDS[bins] = (edges, anchors, anchor_of, np.log(nodes), np.log1p(-nodes))
    return _GRIDS[bins]


def beta_cdf(a: float, b: float, bins: int) -> np.ndarray:
    """The Beta(a, b) CDF at the ``bins − 1`` upper level edges (k + ½)/(bins − 1).

    Small grids: ``scipy.special.betainc`` at every edge. Fine grids: betainc at every
    ``ANCHOR_EVERY``-th edge, and from each anchor the density integrated interval by interval
    (two-point Gauss–Legendre, error ~h⁵); within 0.01 of an end where the density is not
    smooth (a < 2 or b < 2) betainc again at every edge. Checked against betainc at every edge
    for κ from 2 to 200 and means from 0.001 to 0.999: within 0.01 × 2**-32 (``tests/
    test_engine.py``), so the rounded thresholds agree to one part in 2**32.
    """
    from scipy.special import betainc, betaln

    if bins <= 4096:
        return betainc(a, b, (np.arange(bins - 1, dtype=np.float64) + 0.5) / (bins - 1))
    edges, anchors, anchor_of, log_x, log_1mx = _grid(bins)
    density = np.exp((a - 1.0) * log_x + (b - 1.0) * log_1mx - betaln(a, b))
    pieces = (density[0] + density[1]) * (0.5 / (bins - 1))
    running = np.concatenate([[0.0], np.cumsum(pieces)])
    cdf = np.empty(bins - 1)
    cdf[anchors] = betainc(a, b, edges[anchors])
    cdf[:] = cdf[anchor_of] + (running - running[anchor_of])
    exact = np.zeros(bins - 1, dtype=bool)
    if a < 2:
        exact |= edges < 0.01
    if b < 2:
        exact |= edges > 0.99
    if exact.any():
        cdf[exact] = betainc(a, b, edges[exact])
    return cdf


def beta_cdf_weights(mean: float, concentration: float, bins: int) -> np.ndarray:
    """Probabilities (× 2**32, int64, summing to 2**32) that a Beta(mean·κ, (1 − mean)·κ)
    draw rounds to each of ``bins`` fixed-point levels: level k takes the draws in
    [(k − ½)/(bins − 1), (k + ½)/(bins − 1)). The mean is clipped to [0.001, 0.999]."""
    mean = min(max(float(mean), 1e-3), 1 - 1e-3)
    cdf = beta_cdf(mean * concentration, (1.0 - mean) * concentration, bins)
    cuts = np.minimum(np.rint(cdf * 4294967296.0), 4294967295.0).astype(np.int64)
    np.maximum.accumulate(cuts, out=cuts)
    return np.diff(np.concatenate([[0], cuts, [1 << 32]]))


def beta_table(means: np.ndarray, concentration: float, bins: int) -> AliasTable:
    """Alias samplers of Beta(mean·κ, (1 − mean)·κ) rounded to ``bins`` fixed-point levels,
    one per mean: the stored level has exactly the law of the rounded Beta draw (to 2**-32
    in probability)."""
    means = np.atleast_1d(np.asarray(means, dtype=np.float64))
    shift = 32 - int(np.log2(bins))
    prob = np.empty((means.size, bins), dtype=np.uint32)
    alias = np.empty((means.size, bins), dtype=np.uint16)

    def build(m: int) -> None:
        weights = beta_cdf_weights(means[m], concentration, bins)
        _build_alias(weights, np.int64(1 << shift), prob[m], alias[m])

    if bins > 4096:
        _grid(bins)  # shared by the threads below: made once, first
    if threads() > 1 and means.size > 1:  # scipy's ufuncs and the builder release the GIL
        list(_executor(threads()).map(build, range(means.size)))
    else:
        for m in range(means.size):
            build(m)
    return AliasTable(prob, alias, shift)


def alias_draw_np(table: AliasTable, row: int, u: np.ndarray) -> np.ndarray:
    """Levels drawn from ``table`` row ``row`` for uint32 uniforms ``u`` (numpy twin)."""
    column = (u >> np.uint32(table.shift)).astype(np.intp)
    rest = u & np.uint32((1 << table.shift) - 1)
    return np.where(rest < table.prob[row][column], column, table.alias[row][column])


@njit(inline="always")
def _alias_draw(prob, alias, shift, mask, u):
    column = u >> shift
    return column if (u & mask) < prob[column] else np.uint32(alias[column])


@njit(cache=True, nogil=True)
def _traits_kernel(j0, j1, party, loyalty, transfer, turnout, offsets, item_c, item_lo,
                   item_hi, by_party, keys, loy_prob, loy_alias, loy_shift, tr_prob, tr_alias,
                   tr_shift, to_prob, to_alias, to_shift, to_table):
    n_rows = by_party.shape[1]
    loy_mask = (np.uint32(1) << loy_shift) - np.uint32(1)
    tr_mask = (np.uint32(1) << tr_shift) - np.uint32(1)
    to_mask = (np.uint32(1) << to_shift) - np.uint32(1)
    for j in range(j0, j1):
        c = item_c[j]
        base = offsets[c]
        lo = item_lo[j]
        hi = item_hi[j]
        k_loyalty = keys[c, 0]
        k_transfer = keys[c, 1]
        k_turnout = keys[c, 2]
        t_prob = to_prob[to_table[c]]
        t_alias = to_alias[to_table[c]]
        start = base
        for row in range(n_rows):  # agents are stored sorted by party
            end = start + by_party[c, row]
            a = max(start, lo)
            b = min(end, hi)
            start = end
            if a >= b:
                continue
            party[a:b] = row - 1
            l_prob = loy_prob[row]
            l_alias = loy_alias[row]
            w_prob = tr_prob[row]
            w_alias = tr_alias[row]
            for g in range(a, b):
                at = g - base
                loyalty[g] = _alias_draw(l_prob, l_alias, loy_shift, loy_mask,
                                         np.uint32(_hash(k_loyalty, at) >> S32))
                transfer[g] = _alias_draw(w_prob, w_alias, tr_shift, tr_mask,
                                          np.uint32(_hash(k_transfer, at) >> S32))
                turnout[g] = _alias_draw(t_prob, t_alias, to_shift, to_mask,
                                         np.uint32(_hash(k_turnout, at) >> S32))


def draw_traits(party, loyalty, transfer, turnout, offsets, by_party, keys,
                loyalty_table: AliasTable, transfer_table: AliasTable,
                turnout_table: AliasTable, turnout_index: np.ndarray,
                constituencies: np.ndarray | None = None) -> None:
    """Fill the agents of ``constituencies`` (default all): party runs from ``by_party``
    (C, P+1) counts, loyalty and transfer from their party's table (row = party + 1), turnout
    from ``turnout_table`` row ``turnout_index[c]``; each from its own counter-based stream
    (``keys[c]``: loyalty, transfer, turnout)."""
    cs = (np.arange(offsets.size - 1) if constituencies is None
          else np.asarray(constituencies, dtype=np.int64))
    if engine() == "numba":
        items = work_items(offsets, constituencies=cs)
        _run(_traits_kernel, items, party, loyalty, transfer, turnout,
             np.asarray(offsets, dtype=np.int64), items.constituency, items.lo, items.hi,
             by_party, keys, loyalty_table.prob, loyalty_table.alias,
             np.uint32(loyalty_table.shift), transfer_table.prob, transfer_table.alias,
             np.uint32(transfer_table.shift), turnout_table.prob, turnout_table.alias,
             np.uint32(turnout_table.shift), np.asarray(turnout_index, dtype=np.int64))
        return
    for c in cs:
        lo, hi = offsets[c], offsets[c + 1]
        ids = np.repeat(np.arange(-1, by_party.shape[1] - 1, dtype=np.int8), by_party[c])
        party[lo:hi] = ids
        index = np.arange(hi - lo)
        turnout[lo:hi] = alias_draw_np(turnout_table, turnout_index[c],
                                       uint32_np(keys[c, 2], index))
        start = 0
        for r in range(by_party.shape[1]):
            run = slice(start, start + by_party[c, r])
            start += by_party[c, r]
            if run.stop > run.start:
                loyalty[lo:hi][run] = alias_draw_np(loyalty_table, r,
                                                    uint32_np(keys[c, 0], index[run]))
                transfer[lo:hi][run] = alias_draw_np(transfer_table, r,
                                                     uint32_np(keys[c, 1], index[run]))
