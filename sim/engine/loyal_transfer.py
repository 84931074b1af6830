"""The loyal-transfer update: campaign reach raises transfer willingness, neglect cools it.

Each round a voter is reached by its alliance's joint campaign with probability ``exposure``.
A reached voter's transfer willingness w moves toward 1 with diminishing returns,
w += gain·(1 − w), and its turnout propensity t likewise by ``turnout_gain``; an unreached
voter's willingness decays toward its party's floor, w −= decay·(w − floor). Open conflict
between partners cuts willingness by ``conflict_penalty`` × the conflict level. A reached
non-partisan leans to one of the partners with probability ``conversion``, choosing in
proportion to their effort.

Two forms of the one rule, computing exactly the same numbers (same float32 arithmetic, same
counter-based draws): :func:`update_block` (numpy, one constituency; per-agent gain and decay
allowed, which the rule's variants use) and :func:`update_population` (numba, fused over the
whole population with the round's tallies on the way).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.counters import INV24, S40, hash64, u24, u53, uniform24_np, uniform53_np
from sim.engine.fixed_point import F0, F1, UNIT16, scalar_to_u16, to_u16
from sim.engine.jit import njit
from sim.engine.settings import engine
from sim.engine.spans import WorkItems, next_span, party_words, run_items, search_right, work_items
from sim.engine.tallies import tallies_out


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


def loyal_transfer_tables(exposure: np.ndarray, conflict: np.ndarray, lean: np.ndarray,
                          transfer_floor: np.ndarray, *, gain: float, decay: float,
                          conflict_penalty: float, turnout_gain: float,
                          conversion: float) -> LoyalTransferTables:
    """The round's update as tables for the fused kernel.

    Args:
        exposure: (R, P+1) probability that a voter of each party (column 0: none) is reached.
        conflict: (R, P+1) open conflict between the partners of each party's alliance.
        lean: (R, P) where reached non-partisans lean (rows sum to 1, or 0 without a campaign).
        transfer_floor: (P+1,) each party's floor of transfer willingness.
        gain, decay, conflict_penalty, turnout_gain, conversion: the rule's rates.
    """
    factor = 1 - np.float32(conflict_penalty) * np.ascontiguousarray(conflict, dtype=np.float32)
    lean = np.asarray(lean, dtype=np.float64)
    cdf = np.zeros_like(lean)
    convert = np.zeros(lean.shape[0], dtype=bool)
    for r in range(lean.shape[0]):
        cdf[r] = lean_cdf(lean[r])
        convert[r] = conversion > 0 and lean[r].sum() > 0
    return LoyalTransferTables(np.ascontiguousarray(exposure, dtype=np.float32),
                               np.ascontiguousarray(factor, dtype=np.float32),
                               np.ascontiguousarray(transfer_floor, dtype=np.float32),
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
def _step(transfer, turnout, reached, floor, factor, gain, decay, turnout_gain):
    """One agent's new (transfer, turnout), fixed point, exactly as the numpy rule."""
    w = np.float32(transfer) * UNIT16
    grown = w + gain * (F1 - w)
    cooled = w - decay * max(w - floor, F0)
    new_transfer = scalar_to_u16((grown if reached else cooled) * factor)
    t = np.float32(turnout) * UNIT16
    raised = scalar_to_u16(t + turnout_gain * (F1 - t))
    return new_transfer, (raised if reached else turnout)


@njit(inline="always")
def _run_of_one_party(tr, to, key, first, exposure, floor, factor, gain, decay,
                      turnout_gain):
    """One party's run: update transfer and turnout in place; return their new sums."""
    transfer_sum = np.int64(0)
    turnout_sum = np.int64(0)
    for i in range(tr.size):
        reached = np.float32(hash64(key, first + i) >> S40) * INV24 < exposure
        new_transfer, new_turnout = _step(tr[i], to[i], reached, floor, factor,
                                          gain, decay, turnout_gain)
        tr[i] = new_transfer
        to[i] = new_turnout
        transfer_sum += np.int64(new_transfer)
        turnout_sum += np.int64(new_turnout)
    return transfer_sum, turnout_sum


@njit(cache=True, nogil=True)
def _kernel(j0, j1, party, words, transfer, turnout, offsets, region_of, item_c,
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
            e, is_run, known = next_span(pp, words, lo, s, m, known)
            if not is_run:  # short runs: agent by agent
                for i in range(s, e):
                    at = first + i
                    p = np.int64(ps[i])
                    row = p + 1
                    reached = u24(k_reach, at) < exposure[r, row]
                    new_transfer, new_turnout = _step(
                        tr[i], to[i], reached, floor[row], factor[r, row], gain, decay,
                        turnout_gain)
                    tr[i] = new_transfer
                    to[i] = new_turnout
                    if p < 0 and reached and convert[r] \
                            and u53(keys[c, 1], at) < conversion:
                        p = search_right(cdf[r], u53(keys[c, 2], at), n_p - 1)
                        ps[i] = p
                        row = p + 1
                    count[j, row] += 1
                    transfer_sum[j, row] += new_transfer
                    turnout_sum[j, row] += new_turnout
                s = e
                continue
            row = (np.int64(pp[s]) + 1) & 255
            ts, us = _run_of_one_party(tr[s:e], to[s:e], k_reach, first + s,
                                       exposure[r, row], floor[row], factor[r, row], gain,
                                       decay, turnout_gain)
            count[j, row] += e - s
            transfer_sum[j, row] += ts
            turnout_sum[j, row] += us
            if row == 0 and convert[r]:
                # reached non-partisans may lean to a partner: the run's rare second look
                for i in range(s, e):
                    at = first + i
                    if u24(k_reach, at) < exposure[r, 0] \
                            and u53(keys[c, 1], at) < conversion:
                        p = search_right(cdf[r], u53(keys[c, 2], at), n_p - 1)
                        ps[i] = p
                        count[j, 0] -= 1
                        transfer_sum[j, 0] -= tr[i]
                        turnout_sum[j, 0] -= to[i]
                        count[j, p + 1] += 1
                        transfer_sum[j, p + 1] += tr[i]
                        turnout_sum[j, p + 1] += to[i]
            s = e


def update_population(party: np.ndarray, transfer: np.ndarray, turnout: np.ndarray,
                      offsets: np.ndarray, region_of: np.ndarray, keys: np.ndarray,
                      tables: LoyalTransferTables,
                      items: WorkItems | None = None) -> dict[str, np.ndarray]:
    """Apply the update to every agent in place, fused (numba engine only; its numpy twin is
    :func:`update_block`, constituency by constituency), and return the round's tallies after
    the update (as :func:`sim.engine.tallies.tallies`)."""
    if engine() != "numba":
        raise RuntimeError("the fused loyal-transfer kernel needs the numba engine")
    items = items or work_items(offsets)
    n_p1 = tables.floor.size
    count = np.zeros((items.size, n_p1), dtype=np.int64)
    tsum = np.zeros_like(count)
    usum = np.zeros_like(count)
    run_items(_kernel, items, party, party_words(party), transfer, turnout,
              np.asarray(offsets, dtype=np.int64), np.asarray(region_of, dtype=np.int64),
              items.constituency, items.lo, items.hi, keys, tables.exposure, tables.factor,
              tables.floor, tables.gain, tables.decay, tables.turnout_gain, tables.conversion,
              tables.lean_cdf, tables.convert, count, tsum, usum)
    return tallies_out(items.by_constituency(count), items.by_constituency(tsum),
                       items.by_constituency(usum))


def update_block(party: np.ndarray, transfer: np.ndarray, turnout: np.ndarray,
                 keys: np.ndarray, *, exposure: np.ndarray, floor: np.ndarray,
                 conflict: np.ndarray, lean: np.ndarray, gain: np.ndarray | np.float32,
                 decay: np.ndarray | np.float32, conflict_penalty: float, turnout_gain: float,
                 conversion: float) -> np.ndarray:
    """The update for one constituency's agents, in place (the numpy form).

    Args:
        party, transfer, turnout: the constituency's agents (int8, uint16, uint16), updated.
        keys: (3,) uint64 stream keys: reach, conversion, lean choice.
        exposure, floor, conflict: (P+1,) the region's rows of the round's tables.
        lean: (P,) the region's lean of reached non-partisans.
        gain, decay: float32 scalars, or one per agent.
        conflict_penalty, turnout_gain, conversion: the rule's rates.

    Returns:
        (n,) bool, the agents reached this round.
    """
    row = party.astype(np.intp) + 1
    index = np.arange(party.size)
    reached = uniform24_np(keys[0], index) < np.asarray(exposure).astype(np.float32)[row]
    w = transfer.astype(np.float32) * UNIT16
    floor_of = np.asarray(floor).astype(np.float32)[row]
    w = np.where(reached, w + gain * (1 - w), w - decay * np.maximum(w - floor_of, 0))
    w *= 1 - np.float32(conflict_penalty) * np.asarray(conflict).astype(np.float32)[row]
    transfer[:] = to_u16(w)
    t = turnout.astype(np.float32) * UNIT16
    turnout[:] = to_u16(np.where(reached, t + np.float32(turnout_gain) * (1 - t), t))
    _convert(party, reached, np.asarray(lean), keys, conversion)
    return reached


def _convert(party: np.ndarray, reached: np.ndarray, lean: np.ndarray, keys: np.ndarray,
             conversion: float) -> None:
    """Reached non-partisans lean to a partner with probability ``conversion``."""
    if conversion <= 0 or lean.sum() <= 0:
        return
    candidates = np.flatnonzero(reached & (party < 0))
    if candidates.size == 0:
        return
    converts = candidates[uniform53_np(keys[1], candidates) < conversion]
    if converts.size:
        # as Generator.choice(p=lean/lean.sum()): the first cdf entry above the uniform
        pick = np.searchsorted(lean_cdf(lean), uniform53_np(keys[2], converts), side="right")
        party[converts] = np.minimum(pick, lean.size - 1)
