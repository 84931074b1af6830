"""Exact per-constituency aggregates of the population, by party (for records, not for the
parties' eyes): agents, and the sums of their transfer willingness and turnout propensity.

Sums are taken over the fixed-point integers (exact, order-free) and scaled once. The fused
kernel and its numpy twin give the same numbers.
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import njit
from sim.engine.settings import engine
from sim.engine.spans import WorkItems, next_span, party_words, run_items, work_items


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
            e, is_run, known = next_span(pp, words, lo, s, m, known)
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


def tallies_out(count: np.ndarray, tsum: np.ndarray, usum: np.ndarray) -> dict[str, np.ndarray]:
    """Integer counts and fixed-point sums, as the float tallies the model records."""
    return {"count": count.astype(np.float64),
            "transfer_sum": tsum.astype(np.float64) / 65535.0,
            "turnout_sum": usum.astype(np.float64) / 65535.0}


def tallies(party: np.ndarray, transfer: np.ndarray, turnout: np.ndarray, offsets: np.ndarray,
            n_parties: int,
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
        run_items(_tallies_kernel, items, party, party_words(party), transfer, turnout, items.lo,
                  items.hi, count, tsum, usum)
        return tallies_out(items.by_constituency(count), items.by_constituency(tsum),
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
    return tallies_out(count, tsum, usum)
