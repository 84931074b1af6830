"""Fixed seat counts: "Congress contests exactly 60 constituencies" as a binding term of the
talks (``alliances.N.fixed_seats = { INC = 60 }``), whatever the protocol proposes.

The fixed partner gets the constituencies where it is comparatively strongest against its
partners at the same table (its reference share minus the strongest partner's), over every
table it sits at, so a fixed total for an alliance negotiating state by state is spread over
the states where the party is strong. The set is chosen once, from the reference election; each
round the protocol's proposal is then bound to it: the partner stands exactly there, and a seat
the protocol gave it elsewhere goes to the strongest other partner. The partner still judges the
deal by its own goals and may walk out if the fixed count is below its outside option.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.negotiation.tables import AllianceState, strongest_member


def choose_fixed(shares: np.ndarray, tables: Sequence[tuple[np.ndarray, Sequence[int]]],
                 party: int, count: int, excluded: np.ndarray | None = None) -> np.ndarray:
    """The ``count`` constituencies (global indices, sorted) where ``party`` leads its partners
    by the most, over the (rows, members) of every table it sits at.

    Raises:
        ValueError: ``count`` exceeds the constituencies at those tables.
    """
    rows_all, advantage = [], []
    for rows, members in tables:
        if party not in members:
            continue
        others = [m for m in members if m != party]
        rival = (shares[np.ix_(rows, np.asarray(others, dtype=np.int64))].max(axis=1)
                 if others else np.zeros(rows.size))
        rows_all.append(rows)
        advantage.append(shares[rows, party] - rival)
    rows = np.concatenate(rows_all) if rows_all else np.empty(0, dtype=np.int64)
    lead = np.concatenate(advantage) if advantage else np.empty(0)
    if excluded is not None and rows.size:
        keep = ~np.isin(rows, excluded)
        rows, lead = rows[keep], lead[keep]
    if count > rows.size:
        raise ValueError(f"{count} is more than the {rows.size} constituencies where the party "
                         "sits at the alliance's tables")
    order = np.lexsort((rows, -lead))[:count]
    return np.sort(rows[order])


def bind_fixed(state: AllianceState, assignment: np.ndarray, forecast: np.ndarray) -> None:
    """Bind a proposal (in place) to the table's fixed seats (``state.fixed``: the partner
    fixed in each constituency, or -1; ``state.fixed_members``: every partner whose count is
    fixed, including one with no seat at this table): a fixed partner still at the table stands
    exactly in its fixed constituencies; its other seats go to the strongest other partner."""
    if state.fixed is None:
        return
    for m in state.fixed_members:
        if m not in state.active:
            continue
        mine = state.fixed == m
        assignment[mine] = m
        state.claims[:, mine] = False
        state.claims[m, mine] = True
        state.claims[m, ~mine] = False
        extra = (assignment == m) & ~mine
        others = [q for q in state.active if q != m]
        if extra.any() and others:
            assignment[extra] = strongest_member(forecast[extra], others)
            state.claims[assignment[extra], np.flatnonzero(extra)] = True
