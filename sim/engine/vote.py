"""Election day: every voter agent turns out or not, then chooses whom to vote for.

A voter turns out with its turnout propensity. A party supporter votes for its own party if it
stands (probability ``loyalty``; otherwise for the closest other candidate); if not, for the
ally standing there (probability = transfer willingness × the pair's affinity; otherwise the
closest remaining candidate with probability ``defection``, else it abstains). Non-partisans
split over the standing parties by a cumulative table. The choice tables of each
constituency come from the model's ballots (:class:`BallotTables`). The fused kernel and the
numpy twin (:func:`vote_block_numpy`) give the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.counters import INV24, S40, hash64, u24, uniform24_np
from sim.engine.fixed_point import F0, F1, UNIT8, UNIT16
from sim.engine.jit import njit
from sim.engine.settings import engine
from sim.engine.spans import WorkItems, next_span, party_words, run_items, search_right, work_items


@dataclass(frozen=True)
class BallotTables:
    """Every constituency's ballot as arrays (see :class:`sim.voters.ballots.Ballot`).

    Attributes:
        primary, secondary: (C, P+1) int64.
        uses_transfer: (C, P+1) bool.
        floating: (C, P) float32 cumulative distribution of non-partisans' votes.
        defection: float32 defection share.
        transfer_unit: (C, P+1) float32, the fixed-point unit of transfer willingness times the
            pair affinity of each row's primary ally (``UNIT16`` where the affinity is 1):
            the probability of a transfer vote is ``float32(transfer) × transfer_unit``.
    """

    primary: np.ndarray
    uses_transfer: np.ndarray
    secondary: np.ndarray
    floating: np.ndarray
    defection: np.float32
    transfer_unit: np.ndarray


def ballot_tables(ballots: Sequence[Any], defection_share: float) -> BallotTables:
    """Stack per-constituency ballots (objects with ``primary``, ``uses_transfer``,
    ``secondary``, ``floating`` and optionally ``affinity``) into the kernel's tables."""
    primary = np.ascontiguousarray([b.primary for b in ballots], dtype=np.int64)
    affinity = np.ones(primary.shape)
    for c, b in enumerate(ballots):
        given = np.asarray(getattr(b, "affinity", ()), dtype=np.float64)
        if given.size:
            affinity[c] = given
    return BallotTables(
        primary,
        np.ascontiguousarray([b.uses_transfer for b in ballots], dtype=np.bool_),
        np.ascontiguousarray([b.secondary for b in ballots], dtype=np.int64),
        np.ascontiguousarray([b.floating for b in ballots], dtype=np.float32),
        np.float32(defection_share),
        np.ascontiguousarray(UNIT16 * affinity.astype(np.float32), dtype=np.float32),
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
        out = np.float32(hash64(k_turnout, at) >> S40) * INV24 < np.float32(to[i]) * UNIT16
        u = np.float32(hash64(k_choice, at) >> S40) * INV24
        primary, secondary = _vote_choice(u, np.float32(chance[i]) * scale, has_primary, soft,
                                          defection)
        n_primary += np.int64(out & primary)
        n_secondary += np.int64(out & secondary)
        n_out += np.int64(out)
    return n_primary, n_secondary, n_out


@njit(cache=True, nogil=True)
def _vote_kernel(j0, j1, party, words, loyalty, transfer, turnout, offsets, item_c, item_lo,
                 item_hi, keys, primary, uses_transfer, secondary, floating, defection,
                 transfer_unit, votes, eligible, transferred):
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
            e, is_run, known = next_span(pp, words, lo, s, m, known)
            row = (np.int64(pp[s]) + 1) & 255
            if not is_run or row == 0:  # agent by agent (non-partisans: always)
                for i in range(s, e):
                    at = first + i
                    if not u24(k_turnout, at) < np.float32(to[i]) * UNIT16:
                        continue
                    u = u24(k_choice, at)
                    row = (np.int64(pp[i]) + 1) & 255
                    if row == 0:  # non-partisans split over the standing parties
                        votes[j, search_right(cdf, u, n_p - 1)] += 1
                        continue
                    choice = primary[c, row]
                    uses = uses_transfer[c, row]
                    chance = (np.float32(tr[i]) * transfer_unit[c, row] if uses
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
                n1, n2, n_out = _vote_run(tr[s:e], transfer_unit[c, row], to[s:e], k_turnout,
                                          k_choice, first + s, has_primary, soft, defection)
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
                     secondary, floating, defection,
                     transfer_unit=None) -> tuple[np.ndarray, int, int]:
    """The numpy twin for one constituency: (votes per party, eligible, transferred).

    ``transfer_unit`` is the constituency's row of :attr:`BallotTables.transfer_unit`
    (default: ``UNIT16`` everywhere, every pair affinity 1)."""
    if transfer_unit is None:
        transfer_unit = np.full(primary.size, UNIT16, dtype=np.float32)
    n_parties = floating.size
    index = np.arange(party.size)
    u_turnout = uniform24_np(keys[0], index)
    u_choice = uniform24_np(keys[1], index)
    row = party.astype(np.intp) + 1
    votes_out = u_turnout < turnout.astype(np.float32) * UNIT16
    uses = uses_transfer[row]
    p_primary = np.where(uses, transfer.astype(np.float32) * transfer_unit[row],
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
        run_items(_vote_kernel, items, party, party_words(party), loyalty, transfer, turnout,
                  np.asarray(offsets, dtype=np.int64), items.constituency, items.lo, items.hi, keys,
                  ballots.primary, ballots.uses_transfer, ballots.secondary, ballots.floating,
                  ballots.defection, ballots.transfer_unit, votes, eligible, transferred)
        return (items.by_constituency(votes),
                np.stack([items.by_constituency(eligible),
                          items.by_constituency(transferred)], axis=1))
    votes = np.zeros((n_c, n_p), dtype=np.int64)
    transfer_out = np.zeros((n_c, 2), dtype=np.int64)
    for c in range(n_c):
        lo, hi = offsets[c], offsets[c + 1]
        counts, n_eligible, n_transferred = vote_block_numpy(
            party[lo:hi], loyalty[lo:hi], transfer[lo:hi], turnout[lo:hi], keys[c],
            ballots.primary[c], ballots.uses_transfer[c], ballots.secondary[c],
            ballots.floating[c], ballots.defection, ballots.transfer_unit[c])
        votes[c] = counts
        transfer_out[c] = (n_eligible, n_transferred)
    return votes, transfer_out
