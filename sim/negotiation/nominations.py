"""Who stands where, and who counts as whose ally, given every alliance's table."""

from __future__ import annotations

import numpy as np

from sim.negotiation.facts import World
from sim.negotiation.tables import AllianceState


def nominations(world: World, states: list[AllianceState]) -> np.ndarray:
    """(C, P) bool: who stands where.

    A party outside any formed alliance stands wherever its baseline share reaches
    ``min_share_to_stand``. A member of a formed alliance stands where it is allocated, and in
    disputed constituencies it claims (a friendly fight if another partner claims it too). A
    goodwill giver never stands in its gesture's constituencies and the beneficiary always does
    (its leader's seat), even where its baseline share is below the threshold. Every
    constituency keeps at least one candidate.
    """
    standing = world.shares >= world.min_share_to_stand
    for state in states:
        if not state.formed:
            continue
        disputed = state.disputed_mask()
        for m in state.active:
            standing[state.rows, m] = (state.assignment == m) | (disputed & state.claims[m])
    for _giver, beneficiary, seats in world.goodwill:
        standing[list(seats), beneficiary] = True
    for giver, _beneficiary, seats in world.goodwill:
        standing[list(seats), giver] = False
    empty = ~standing.any(axis=1)
    if empty.any():
        rows = np.flatnonzero(empty)
        standing[rows, world.shares[rows].argmax(axis=1)] = True
    return standing


def allies_matrix(n_constituencies: int, n_parties: int,
                  states: list[AllianceState]) -> np.ndarray:
    """(C, P, P) bool: ``[c, q, p]`` when q and p are partners at a formed table covering c."""
    allies = np.zeros((n_constituencies, n_parties, n_parties), dtype=bool)
    for state in states:
        if state.formed:
            idx = np.array(state.active)
            allies[np.ix_(state.rows, idx, idx)] = True
    diagonal = np.arange(n_parties)
    allies[:, diagonal, diagonal] = False
    return allies
