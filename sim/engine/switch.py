"""Party switching: voters change party identification by a per-region transition table, then
every constituency's agents are put back in party order.

An agent of row a (party + 1; row 0: no party) in region r leaves its row with probability
``leave[r, a]`` (a float32 uniform from key 0 at its index, as the other kernels draw) and then
joins the row b at which the cumulative table ``dest[r, a]`` first exceeds a float64 uniform
from key 1 (as ``Generator.choice`` picks). Switchers keep their loyalty, transfer willingness
and turnout propensity.

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

from sim.engine.counters import u24, u53, uniform24_np, uniform53_np
from sim.engine.jit import njit
from sim.engine.settings import engine
from sim.engine.spans import party_words, run_end, run_items, search_right, work_items


@dataclass(frozen=True)
class SwitchTables:
    """One round's switching as small tables.

    Attributes:
        leave: (R, P+1) float32 probability that an agent of each row leaves it.
        dest: (R, P+1, P+1) float64 cumulative distribution of the row it joins (last = 1).
        active: (R,) bool, regions where anyone may switch.
    """

    leave: np.ndarray
    dest: np.ndarray
    active: np.ndarray


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
    leave32 = np.ascontiguousarray(leave, dtype=np.float32)
    return SwitchTables(leave32, np.ascontiguousarray(dest), np.asarray((leave32 > 0).any(axis=1)))


@njit(inline="always")
def _misplaced(pp, words, lo, s, e, m, b, out, k):
    """Record in ``out`` (from slot k) the positions in [s, e) of ``pp`` whose byte is not b;
    return the new k (``out`` of size 0: count only)."""
    j = s
    while j < e:
        if pp[j] != b:
            if out.size:
                out[k] = j
            k += 1
            j += 1
        else:
            j = min(run_end(pp, words, lo, j, m, b), e)
    return k


@njit(cache=True, nogil=True)
def _switch_kernel(j0, j1, party, words, loyalty, transfer, turnout, offsets, region_of,
                   item_c, keys, leave, dest, active, d_count, d_transfer, d_turnout):
    n_rows = leave.shape[1]
    raw = party.view(np.uint8)
    empty = np.empty(0, dtype=np.int64)
    for j in range(j0, j1):
        c = item_c[j]
        lo = offsets[c]
        m = offsets[c + 1] - lo
        r = region_of[c]
        counts = np.zeros(n_rows, dtype=np.int64)
        if active[r]:
            for i in range(m):
                row = np.int64(party[lo + i]) + 1
                if u24(keys[c, 0], i) < leave[r, row]:
                    new = search_right(dest[r, row], u53(keys[c, 1], i), n_rows - 1)
                    if new != row:
                        party[lo + i] = new - 1
                        d_count[c, row] -= 1
                        d_count[c, new] += 1
                        d_transfer[c, row] -= transfer[lo + i]
                        d_transfer[c, new] += transfer[lo + i]
                        d_turnout[c, row] -= turnout[lo + i]
                        d_turnout[c, new] += turnout[lo + i]
                        row = new
                counts[row] += 1
        else:
            for i in range(m):
                counts[np.int64(party[lo + i]) + 1] += 1
        pp = raw[lo:lo + m]
        # the agents out of place: count them, then list them in ascending order
        k = 0
        start = 0
        for b in range(n_rows):
            k = _misplaced(pp, words, lo, start, start + counts[b], m, (b - 1) & 255, empty, k)
            start += counts[b]
        if k == 0:
            continue
        where = np.empty(k, dtype=np.int64)
        k = 0
        start = 0
        for b in range(n_rows):
            k = _misplaced(pp, words, lo, start, start + counts[b], m, (b - 1) & 255, where, k)
            start += counts[b]
        # their agents, ordered by party (stable), back into the same positions
        bucket = np.zeros(n_rows + 1, dtype=np.int64)
        for t in range(k):
            bucket[np.int64(party[lo + where[t]]) + 2] += 1
        for b in range(n_rows):
            bucket[b + 1] += bucket[b]
        p_new = np.empty(k, dtype=np.int8)
        l_new = np.empty(k, dtype=np.uint8)
        t_new = np.empty(k, dtype=np.uint16)
        u_new = np.empty(k, dtype=np.uint16)
        for t in range(k):
            at = lo + where[t]
            slot = bucket[np.int64(party[at]) + 1]
            bucket[np.int64(party[at]) + 1] += 1
            p_new[slot] = party[at]
            l_new[slot] = loyalty[at]
            t_new[slot] = transfer[at]
            u_new[slot] = turnout[at]
        for t in range(k):
            at = lo + where[t]
            party[at] = p_new[t]
            loyalty[at] = l_new[t]
            transfer[at] = t_new[t]
            turnout[at] = u_new[t]


def switch_block_numpy(party: np.ndarray, loyalty: np.ndarray, transfer: np.ndarray,
                       turnout: np.ndarray, keys: np.ndarray, leave: np.ndarray,
                       dest: np.ndarray, active: bool) -> np.ndarray:
    """The numpy twin for one constituency's agents (updated in place).

    Args:
        party, loyalty, transfer, turnout: the constituency's agents.
        keys: (2,) uint64 stream keys: leaving, destination.
        leave: (P+1,) float32, the region's row of :attr:`SwitchTables.leave`.
        dest: (P+1, P+1) the region's cumulative destination tables.
        active: whether anyone in the region may switch.

    Returns:
        (3, P+1) int64 deltas of agents, transfer sum and turnout sum by row.
    """
    n_rows = leave.size
    delta = np.zeros((3, n_rows), dtype=np.int64)
    if active:
        row = party.astype(np.int64) + 1
        movers = np.flatnonzero(uniform24_np(keys[0], np.arange(party.size)) < leave[row])
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
    row = party.astype(np.int64) + 1
    target = np.repeat(np.arange(n_rows), np.bincount(row, minlength=n_rows))
    where = np.flatnonzero(row != target)
    if where.size:
        order = np.argsort(party[where], kind="stable")
        for array in (party, loyalty, transfer, turnout):
            array[where] = array[where][order]
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
                  tables.active, delta[0], delta[1], delta[2])
        return delta
    delta = np.zeros((3, n_c, n_rows), dtype=np.int64)
    for c in range(n_c):
        lo, hi = offsets[c], offsets[c + 1]
        r = region_of[c]
        delta[:, c] = switch_block_numpy(party[lo:hi], loyalty[lo:hi], transfer[lo:hi],
                                         turnout[lo:hi], keys[c], tables.leave[r],
                                         tables.dest[r], bool(tables.active[r]))
    return delta
