"""Defection: a partner leaving its alliance mid-negotiation to join the rival alliance.

The rival alliance's "offer" to a party is the constituencies (at the tables covering the same
seats) where that party would be the rival alliance's strongest candidate; the party values it
through its own beliefs, like any offer. As JD(U) left the INDIA bloc for the NDA in January
2024 (after seed report 2), a strategy may prefer it to what its partners offer.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sim.core.goals import Goals, utility
from sim.negotiation.evaluation import believed_seats, fair_seats, programme
from sim.negotiation.facts import World
from sim.negotiation.nominations import allies_matrix, nominations
from sim.negotiation.offers import Offer
from sim.negotiation.tables import AllianceState, strongest_member
from sim.negotiation.views import PartyView


def rival_tables(tables: list[AllianceState], t: int) -> list[int]:
    """Formed tables of the alliance that table ``t`` counts as its rival, sharing its seats.

    The rival alliance is the one holding a party named in table t's ``rivals`` (or, if it
    names none, any other alliance).
    """
    state = tables[t]
    rivals = set(state.rivals)
    out = []
    for u, other in enumerate(tables):
        if other.index == state.index or not other.formed:
            continue
        if rivals and not rivals & set(other.members):
            continue
        if np.intersect1d(other.rows, state.rows).size:
            out.append(u)
    return out


def _leave(state: AllianceState, m: int, forecast: np.ndarray) -> AllianceState:
    """Table ``state`` with ``m`` gone: its seats pass to the strongest remaining member."""
    rest = [o for o in state.active if o != m]
    assignment = state.assignment.copy()
    if rest:
        mine = assignment == m
        assignment[mine] = strongest_member(forecast[state.rows], rest)[mine]
    return replace(state, active=rest, assignment=assignment)


def _join(state: AllianceState, m: int, forecast: np.ndarray) -> AllianceState:
    """Table ``state`` with ``m`` added, given the seats where it is the strongest candidate."""
    local = forecast[state.rows]
    members = [*state.active, m]
    best = strongest_member(local, members)
    assignment = np.where(best == m, m, state.assignment)
    claims = state.claims.copy()
    claims[:, best == m] = False
    claims[m, best == m] = True
    return replace(state, members=(*state.members, m), active=members,
                   assignment=assignment, claims=claims)


def rival_offer(world: World, view: PartyView, tables: list[AllianceState], t: int,
                goals: Goals, offer: Offer) -> Offer | None:
    """What joining the rival alliance is worth to ``view``'s party, over table t's seats."""
    targets = rival_tables(tables, t)
    if not targets:
        return None
    m = view.index
    trial = list(tables)
    trial[t] = _leave(tables[t], m, view.forecast)
    for u in targets:
        trial[u] = _join(tables[u], m, view.forecast)
    rows = tables[t].rows
    standing = nominations(world, trial)[rows]
    allies = allies_matrix(world.n_constituencies, world.n_parties, trial)[rows]
    seats = believed_seats(world, view, rows, standing, allies)
    bloc_members = sorted({p for u in targets for p in trial[u].active})
    former = [p for p in tables[t].active if p != m]
    own, bloc = float(seats[m]), float(seats[bloc_members].sum())
    rivals = float(seats[former].sum()) if former else 0.0
    distance = abs(float(world.ideology[m]) - programme(world.ideology, view.support,
                                                        bloc_members))
    assigned = sum(int((trial[u].assignment == m).sum()) for u in targets)
    fair = fair_seats(view.support, world.region_of[rows], bloc_members)
    return replace(
        offer,
        seats=assigned,
        disputed=0,
        fair_seats=float(fair[bloc_members.index(m)]),
        expected_seats=own,
        utility=utility(goals, own, bloc, rivals, distance, len(rows)),
        bloc_seats=bloc,
        rival_seats=rivals,
        distance=distance,
        rival=None,
    )


def defect(tables: list[AllianceState], t: int, m: int, forecast: np.ndarray) -> list[int]:
    """Move ``m`` from table t to the rival alliance's tables (reopening any agreed one).

    Returns the indices of the tables it joined.
    """
    targets = rival_tables(tables, t)
    for u in targets:
        joined = _join(tables[u], m, forecast)
        state = tables[u]
        state.members, state.active = joined.members, joined.active
        state.assignment, state.claims = joined.assignment, joined.claims
        if state.status == "agreed":
            state.status, state.agreed_round = "negotiating", None
    return targets
