"""An election's results as arrays aligned to given constituencies and parties.

The pure functions of :mod:`sim.core` (notional baselines, backtest comparators) take ``C x P``
arrays whose rows and columns mean the same thing in every election they combine. :func:`align`
cuts them out of an :class:`~sim.data.results.ElectionResults`: rows in the order of ``ids``,
columns in the order of ``parties``.

* ``shares`` are shares of the constituency's *valid* vote (candidates' votes, NOTA excluded),
  including the votes of parties not asked for, so a row sums to at most 1.
* ``stood`` says a party had a candidate there (from the candidate rows, so a candidate with no
  votes, e.g. returned unopposed, stood). ``IND`` stood if any independent did; ``OTH`` if a
  party grouped into it, or an independent other than the largest, did.
* A constituency the election lacks (``present`` False) has zero shares and nobody standing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.data.parties import IND, NOTA, OTH
from sim.data.results import ElectionResults

__all__ = ["Aligned", "align", "state_shares"]


@dataclass(frozen=True)
class Aligned:
    """Arrays of one election, rows ``ids`` and columns ``parties`` (see the module docstring).

    Attributes:
        ids: the constituency ids (rows).
        parties: the party ids (columns).
        shares: ``C x P`` shares of the valid vote.
        stood: ``C x P`` bool.
        valid: ``C`` valid votes (0 where absent).
        present: ``C`` bool, the election has the constituency.
    """

    ids: tuple[str, ...]
    parties: tuple[str, ...]
    shares: np.ndarray
    stood: np.ndarray
    valid: np.ndarray
    present: np.ndarray


def align(res: ElectionResults, ids: Sequence[str], parties: Sequence[str]) -> Aligned:
    """Cut an election's arrays to the given rows and columns.

    Args:
        res: the loaded election (load it with ``min_state_share=0`` to keep every party).
        ids: constituency ids, the rows.
        parties: party ids, the columns (ids the election lacks are columns of zeros).

    Returns:
        The :class:`Aligned` arrays.
    """
    ids, parties = tuple(ids), tuple(parties)
    row_of = {cid: i for i, cid in enumerate(res.ids)}
    rows = np.array([row_of.get(cid, -1) for cid in ids], dtype=np.int64)
    present = rows >= 0
    keep = [j for j, p in enumerate(res.parties) if p != NOTA]
    valid_all = res.votes[:, keep].sum(axis=1).astype(np.float64)
    col_of = {p: j for j, p in enumerate(res.parties)}

    shares = np.zeros((len(ids), len(parties)))
    valid = np.zeros(len(ids))
    valid[present] = valid_all[rows[present]]
    with np.errstate(divide="ignore", invalid="ignore"):
        for k, p in enumerate(parties):
            j = col_of.get(p)
            if j is None or p == NOTA:
                continue
            v = res.votes[rows[present], j] / valid_all[rows[present]]
            shares[present, k] = np.nan_to_num(v)
    # unopposed winners (no votes): the winner has the whole valid vote
    unopposed = np.zeros(len(ids), dtype=bool)
    unopposed[present] = res.unopposed[rows[present]]
    for i in np.flatnonzero(unopposed):
        w = res.winners[rows[i]]
        col = w if w in col_of else OTH
        if col in parties:
            shares[i, parties.index(col)] = 1.0

    stood = np.zeros((len(ids), len(parties)), dtype=bool)
    stood_ids = _stood_columns(res)
    index = {p: k for k, p in enumerate(parties)}
    pos = {cid: i for i, cid in enumerate(ids)}
    for cid, col in stood_ids:
        if cid in pos and col in index:
            stood[pos[cid], index[col]] = True
    return Aligned(ids, parties, shares, stood, valid, present)


def _stood_columns(res: ElectionResults) -> set[tuple[str, str]]:
    """(constituency id, column) pairs with a candidate, columns as in ``res.parties``."""
    cand = res.candidates[res.candidates["party"] != NOTA]
    kept = set(res.parties)
    out: set[tuple[str, str]] = set()
    n_ind: dict[str, int] = {}
    for cid, party in zip(cand["id"], cand["party"], strict=True):
        if party == IND:
            n_ind[cid] = n_ind.get(cid, 0) + 1
            out.add((cid, IND))
            if n_ind[cid] > 1:
                out.add((cid, OTH))
        else:
            out.add((cid, party if party in kept else OTH))
    return out


def state_shares(res: ElectionResults, parties: Sequence[str], states: Sequence[str]) -> np.ndarray:
    """Statewide shares of the valid vote of ``parties``, over the constituencies of ``states``.

    Args:
        res: the loaded election.
        parties: party ids (absent ones get 0).
        states: canonical state names whose constituencies are summed.

    Returns:
        ``P`` shares.
    """
    mask = res.constituencies["state"].isin(list(states)).to_numpy()
    keep = [j for j, p in enumerate(res.parties) if p != NOTA]
    total = float(res.votes[np.ix_(mask, keep)].sum())
    col_of = {p: j for j, p in enumerate(res.parties)}
    out = np.zeros(len(parties))
    for k, p in enumerate(parties):
        j = col_of.get(p)
        if j is not None and p != NOTA and total > 0:
            out[k] = float(res.votes[mask, j].sum()) / total
    return out
