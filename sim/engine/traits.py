"""Drawing the population's traits: loyalty, transfer willingness and turnout per agent.

A trait is a Beta draw rounded to its fixed-point grid. It is drawn directly on that grid with
the exact probabilities of the rounded Beta draw (Walker's alias method, built with integers by
Vose's algorithm) from the constituency's counter-based streams, in one kernel pass with no
per-agent temporary. The numpy twin gives the same levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import betainc, betaln

from sim.engine.counters import S32, hash64, uint32_np
from sim.engine.jit import njit
from sim.engine.memo import ArrayMemo
from sim.engine.settings import engine, executor, threads
from sim.engine.spans import run_items, work_items


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


TABLES = ArrayMemo()  # alias rows by (mean, concentration, bins): a pure function's results


def beta_table(means: np.ndarray, concentration: float, bins: int) -> AliasTable:
    """Alias samplers of Beta(mean·κ, (1 − mean)·κ) rounded to ``bins`` fixed-point levels,
    one per mean: the stored level has exactly the law of the rounded Beta draw (to 2**-32
    in probability). Rows already built in this process come from :data:`TABLES`."""
    means = np.atleast_1d(np.asarray(means, dtype=np.float64))
    shift = 32 - int(np.log2(bins))
    prob = np.empty((means.size, bins), dtype=np.uint32)
    alias = np.empty((means.size, bins), dtype=np.uint16)
    keys = [(float(m), float(concentration), int(bins)) for m in means]
    missing = []
    for m, key in enumerate(keys):
        stored = TABLES.get(key)
        if stored is None:
            missing.append(m)
        else:
            prob[m], alias[m] = stored

    def build(m: int) -> None:
        weights = beta_cdf_weights(means[m], concentration, bins)
        _build_alias(weights, np.int64(1 << shift), prob[m], alias[m])

    if bins > 4096 and missing:
        _grid(bins)  # shared by the threads below: made once, first
    if threads() > 1 and len(missing) > 1:  # scipy's ufuncs and the builder release the GIL
        list(executor(threads()).map(build, missing))
    else:
        for m in missing:
            build(m)
    for m in missing:
        TABLES.put(keys[m], (prob[m], alias[m]))
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
                                         np.uint32(hash64(k_loyalty, at) >> S32))
                transfer[g] = _alias_draw(w_prob, w_alias, tr_shift, tr_mask,
                                          np.uint32(hash64(k_transfer, at) >> S32))
                turnout[g] = _alias_draw(t_prob, t_alias, to_shift, to_mask,
                                         np.uint32(hash64(k_turnout, at) >> S32))


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
        run_items(_traits_kernel, items, party, loyalty, transfer, turnout,
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
