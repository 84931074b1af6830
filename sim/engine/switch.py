"""Party switching: voters change party identification by a per-region transition table, then
every constituency's agents are put back in party order.

An agent of row a (party + 1; row 0: no party) in region r leaves its row with probability
``leave[r, a]`` and then joins the row b at which the cumulative table ``dest[r, a]`` first
exceeds a float64 uniform from key 1 at its index (as ``Generator.choice`` picks). The leaving
draw is a 32-bit uniform: agents 2j and 2j + 1 take the high and low halves of the counter-based
draw j of key 0, compared with the threshold ⌊leave · 2³²⌋ (one hash for two agents: most agents
stay, and this pass is the kernel's main cost). Switchers keep their loyalty, transfer
willingness and turnout propensity.

Afterwards each constituency's agents are put back in party order, the layout whose long runs
of one party the other kernels compile to vector code (switching, and the conversions of a
response rule, would otherwise scatter agents of one party through another's run). Only the
agents out of place move: with the new party counts, the positions whose agent belongs to
another party's block are collected in ascending order; their agents are ordered by party
(stably) and written back into those same positions. Every block then holds only its party
(the positions out of place inside a block are exactly as many as that party's agents out of
place), and an agent already in its block never moves. Cost: one pass of draws, one byte scan
(eight bytes at a time within a block), and work in proportion to the agents moved.

The round's tallies are adjusted for every switch (exact integer deltas of agents and of their
fixed-point transfer and turnout sums). The numba kernel and its numpy twin
(:func:`switch_block_numpy`) give the same numbers, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.counters import S32, hash64, hash_np, u53, uniform53_np
from sim.engine.jit import njit
from sim.engine.settings import engine
from sim.engine.spans import next_span, party_words, run_items, work_items

TWO32 = np.uint64(1 << 32)
LOW32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class SwitchTables:
    """One round's switching as small tables.

    Attributes:
        leave: (R, P+1) uint64 threshold ⌊probability of leaving the row × 2³²⌋.
        dest: (R, P+1, P+1) float64 cumulative distribution of the row it joins (last = 1).
        active: (R,) bool, regions where anyone may switch.
    """

    leave: np.ndarray
    dest: np.ndarray
    active: np.ndarray

    @property
    def probability(self) -> np.ndarray:
        """(R, P+1) the probability of leaving each row, as the draws resolve it."""
        return self.leave / float(TWO32)


def switch_tables(hazards: np.ndarray) -> SwitchTables:
    """Tables from switching probabilities ``hazards[r, a, b]`` (from row a to row b, a ≠ b;
    the diagonal is ignored). A row whose probabilities sum above 1 is scaled down to 1."""
    h = np.array(hazards, dtype=np.float64, copy=True)
    if h.ndim != 3 or h.shape[1] != h.shape[2]:
        raise ValueError(f"hazards must be (regions, rows, rows), got {h.shape}")
    if not np.isfinite(h).all() or (h < 0).any():
        raise ValueError("switching probabilities must be finite and non-negative")
    n_rows = h.shape[1]
    h[:, np.arange(n_rows), np.arange(n_rows)] = 0.0
    total = h.sum(axis=2)
    leave = np.minimum(total, 1.0)
    dest = np.zeros_like(h)
    moving = total > 0
    cdf = np.cumsum(h[moving] / total[moving][:, None], axis=1)
    cdf /= cdf[:, -1:]
    dest[moving] = cdf
    threshold = np.ascontiguousarray(np.floor(leave * float(TWO32)), dtype=np.uint64)
    return SwitchTables(threshold, np.ascontiguousarray(dest),
                        np.asarray((threshold > 0).any(axis=1)))


@njit(inline="always")
def _destination(key, i, r, row, dest, n_rows):
    """The row agent ``i`` joins when it leaves ``row``: the first entry of ``dest[r, row]``
    above its float64 uniform from ``key`` (as ``searchsorted(side="right")``)."""
    u = u53(key, i)
    new = 0
    while new < n_rows - 1 and dest[r, row, new] <= u:
        new += 1
    return new


@njit(inline="always")
def _leaves(key, i, threshold):
    """Whether agent ``i`` leaves: its 32-bit uniform (a half of draw i // 2) is below
    ``threshold``."""
    h = hash64(key, i >> 1)
    u = (h & LOW32) if (i & 1) else (h >> S32)
    return u < threshold


@njit(inline="always")
def _flag_run(flags, key, s, e, threshold):
    """flags[i] = 1 for the agents i in [s, e) who leave; the pairs in between in a
    branch-free loop over a slice (one hash for two agents), which the compiler turns into
    vector code."""
    a, b = s, e
    if a & 1:
        flags[a] = np.uint8(_leaves(key, a, threshold))
        a += 1
    if b > a and b & 1:
        b -= 1
        flags[b] = np.uint8(_leaves(key, b, threshold))
    pairs = flags[a:b]
    first = a >> 1
    for t in range(pairs.size >> 1):
        h = hash64(key, first + t)
        pairs[2 * t] = np.uint8((h >> S32) < threshold)
        pairs[2 * t + 1] = np.uint8((h & LOW32) < threshold)


@njit(inline="always")
def _next_set(flags, words, i, e):
    """The first position ≥ i and < e whose flag is set (e if none), eight at a time where
    the flags are zero."""
    while i < e:
        if (i & 7) == 0 and i + 8 <= e and words[i >> 3] == 0:
            i += 8
        elif flags[i]:
            return i
        else:
            i += 1
    return e


@njit(inline="always")
def _record(delta, row, new, transfer, turnout):
    """An agent moves from ``row`` to ``new``: the tallies' deltas (agents, fixed-point
    transfer and turnout sums)."""
    delta[0, row] -= 1
    delta[0, new] += 1
    delta[1, row] -= transfer
    delta[1, new] += transfer
    delta[2, row] -= turnout
    delta[2, new] += turnout


@njit(inline="always")
def _copy(party, loyalty, transfer, turnout, at, from_party, from_loyalty, from_transfer,
          from_turnout, start, n):
    """Copy n agents from position ``start`` of the ``from_`` arrays to position ``at``, as
    loops over slices (which the compiler makes block copies, with no temporary)."""
    _copy1(party[at:at + n], from_party[start:start + n])
    _copy1(loyalty[at:at + n], from_loyalty[start:start + n])
    _copy1(transfer[at:at + n], from_transfer[start:start + n])
    _copy1(turnout[at:at + n], from_turnout[start:start + n])


@njit(inline="always")
def _copy1(to, values):
    for t in range(to.size):
        to[t] = values[t]


@njit(cache=True, nogil=True)
def _switch_kernel(j0, j1, party, words, loyalty, transfer, turnout, offsets, region_of,
                   item_c, keys, leave, dest, active, out):
    n_rows = leave.shape[1]
    raw = party.view(np.uint8)
    longest = 0
    for j in range(j0, j1):
        longest = max(longest, offsets[item_c[j] + 1] - offsets[item_c[j]])
    # one set of buffers for the task, reused by each constituency
    moves = np.zeros(longest, dtype=np.uint8)  # 0: keeps its row; else the new row + 1
    move_words = moves[: longest // 8 * 8].view(np.uint64)
    new_party = np.empty(longest, dtype=np.int8)
    new_loyalty = np.empty(longest, dtype=np.uint8)
    new_transfer = np.empty(longest, dtype=np.uint16)
    new_turnout = np.empty(longest, dtype=np.uint16)
    for j in range(j0, j1):
        c = item_c[j]
        lo = offsets[c]
        m = offsets[c + 1] - lo
        r = region_of[c]
        pp = raw[lo:lo + m]
        k0, k1 = keys[c, 0], keys[c, 1]
        counts = np.zeros(n_rows, dtype=np.int64)
        delta = np.zeros((3, n_rows), dtype=np.int64)
        ordered = True  # already in party order with nobody moving: nothing to lay out
        last = np.int64(0)
        # pass 1: who leaves, for which row; final counts and the tallies' deltas
        s = 0
        known = -1
        while s < m:
            e, is_run, known = next_span(pp, words, lo, s, m, known)
            if is_run:
                row = (np.int64(pp[s]) + 1) & 255
                ordered = ordered and bool(row >= last)
                last = row
                counts[row] += e - s
                threshold = leave[r, row] if active[r] else np.uint64(0)
                if threshold == 0:
                    moves[s:e] = 0
                else:
                    _flag_run(moves, k0, s, e, threshold)
                    i = _next_set(moves, move_words, s, e)
                    while i < e:
                        new = _destination(k1, i, r, row, dest, n_rows)
                        if new == row:
                            moves[i] = 0
                        else:
                            moves[i] = new + 1
                            ordered = False
                            counts[row] -= 1
                            counts[new] += 1
                            _record(delta, row, new, transfer[lo + i], turnout[lo + i])
                        i = _next_set(moves, move_words, i + 1, e)
            else:  # short runs: agent by agent
                for i in range(s, e):
                    row = (np.int64(pp[i]) + 1) & 255
                    ordered = ordered and bool(row >= last)
                    last = row
                    moves[i] = 0
                    if active[r] and _leaves(k0, i, leave[r, row]):
                        new = _destination(k1, i, r, row, dest, n_rows)
                        if new != row:
                            moves[i] = new + 1
                            ordered = False
                            _record(delta, row, new, transfer[lo + i], turnout[lo + i])
                            row = new
                    counts[row] += 1
            s = e
        out[:, c] = delta
        if ordered:
            continue
        # pass 2: a stable counting sort by final row, runs of stayers copied in bulk
        cursor = np.zeros(n_rows, dtype=np.int64)
        for b in range(1, n_rows):
            cursor[b] = cursor[b - 1] + counts[b - 1]
        s = 0
        known = -1
        while s < m:
            e, is_run, known = next_span(pp, words, lo, s, m, known)
            x = s
            while x < e:
                y = _next_set(moves, move_words, x, e) if is_run else x + 1
                if is_run and y > x:  # stayers [x, y) of the run's row
                    row = (np.int64(pp[x]) + 1) & 255
                    at = cursor[row]
                    n = y - x
                    _copy(new_party, new_loyalty, new_transfer, new_turnout, at, party, loyalty,
                          transfer, turnout, lo + x, n)
                    cursor[row] += n
                    x = y
                    continue
                if x >= e:
                    break
                i = x
                row = (np.int64(moves[i]) - 1) if moves[i] else ((np.int64(pp[i]) + 1) & 255)
                at = cursor[row]
                new_party[at] = np.int8(row - 1)
                new_loyalty[at] = loyalty[lo + i]
                new_transfer[at] = transfer[lo + i]
                new_turnout[at] = turnout[lo + i]
                cursor[row] += 1
                x = i + 1
            s = e
        _copy(party, loyalty, transfer, turnout, lo, new_party, new_loyalty, new_transfer,
              new_turnout, 0, m)


def switch_block_numpy(party: np.ndarray, loyalty: np.ndarray, transfer: np.ndarray,
                       turnout: np.ndarray, keys: np.ndarray, leave: np.ndarray,
                       dest: np.ndarray, active: bool) -> np.ndarray:
    """The numpy twin for one constituency's agents (updated in place).

    Args:
        party, loyalty, transfer, turnout: the constituency's agents.
        keys: (2,) uint64 stream keys: leaving, destination.
        leave: (P+1,) uint64, the region's row of :attr:`SwitchTables.leave` (thresholds).
        dest: (P+1, P+1) the region's cumulative destination tables.
        active: whether anyone in the region may switch.

    Returns:
        (3, P+1) int64 deltas of agents, transfer sum and turnout sum by row.
    """
    n_rows = leave.size
    delta = np.zeros((3, n_rows), dtype=np.int64)
    if active:
        row = party.astype(np.int64) + 1
        index = np.arange(party.size)
        draw = hash_np(keys[0], index >> 1)
        u = np.where(index & 1, draw & LOW32, draw >> S32)
        movers = np.flatnonzero(u < leave[row])
        if movers.size:
            u = uniform53_np(keys[1], movers)
            old = row[movers]
            new = old.copy()
            for a in np.unique(old):
                mine = old == a
                new[mine] = np.minimum(np.searchsorted(dest[a], u[mine], side="right"),
                                       n_rows - 1)
            changed = new != old
            movers, old, new = movers[changed], old[changed], new[changed]
            party[movers] = (new - 1).astype(np.int8)
            for k, values in enumerate((np.ones(movers.size, dtype=np.int64),
                                        transfer[movers].astype(np.int64),
                                        turnout[movers].astype(np.int64))):
                delta[k] -= np.bincount(old, weights=values, minlength=n_rows).astype(np.int64)
                delta[k] += np.bincount(new, weights=values, minlength=n_rows).astype(np.int64)
    # a stable counting sort by (final) party: the kernel's layout
    order = np.argsort(party, kind="stable")
    for array in (party, loyalty, transfer, turnout):
        array[:] = array[order]
    return delta


def switch(party: np.ndarray, loyalty: np.ndarray, transfer: np.ndarray, turnout: np.ndarray,
           offsets: np.ndarray, region_of: np.ndarray, keys: np.ndarray,
           tables: SwitchTables) -> np.ndarray:
    """Switch every agent by ``tables`` and restore party order, in place.

    Args:
        keys: (C, 2) uint64 stream keys per constituency.

    Returns:
        (3, C, P+1) int64 deltas of the tallies: agents, and their fixed-point transfer and
        turnout sums, by constituency and row.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    region_of = np.asarray(region_of, dtype=np.int64)
    n_c, n_rows = offsets.size - 1, tables.leave.shape[1]
    if engine() == "numba":
        delta = np.zeros((3, n_c, n_rows), dtype=np.int64)
        longest = int(np.diff(offsets).max()) if n_c else 1
        items = work_items(offsets, chunk=max(1, longest))  # one item per constituency
        run_items(_switch_kernel, items, party, party_words(party), loyalty, transfer, turnout,
                  offsets, region_of, items.constituency, keys, tables.leave, tables.dest,
                  tables.active, delta)
        return delta
    delta = np.zeros((3, n_c, n_rows), dtype=np.int64)
    for c in range(n_c):
        lo, hi = offsets[c], offsets[c + 1]
        r = region_of[c]
        delta[:, c] = switch_block_numpy(party[lo:hi], loyalty[lo:hi], transfer[lo:hi],
                                         turnout[lo:hi], keys[c], tables.leave[r],
                                         tables.dest[r], bool(tables.active[r]))
    return delta
