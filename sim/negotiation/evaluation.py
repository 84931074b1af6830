"""How a proposal looks to one member through its own beliefs.

:func:`make_offer` gives the seats it gets, its forecast seats and utility (see
:mod:`sim.core.goals`), and its outside option (contesting alone), forecast with the party's
own calibrated forecaster (:mod:`sim.negotiation.forecasting`; a hand-built view without one
uses :func:`sim.core.forecast.expected_seats`). The common programme is the support-weighted mean
ideology of the partners at the table; a member's fair share is Gamson's proportionality.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sim.core.forecast import expected_seats
from sim.core.goals import Goals, utility
from sim.negotiation.facts import World
from sim.negotiation.nominations import allies_matrix, nominations
from sim.negotiation.offers import Offer
from sim.negotiation.tables import AllianceState, strongest_member
from sim.negotiation.views import PartyView


def believed_seats(world: World, view: PartyView, rows: np.ndarray, standing: np.ndarray,
                   allies: np.ndarray) -> np.ndarray:
    """(P,) every party's expected seats over constituencies ``rows`` as ``view``'s party
    believes them, given who stands there (``standing``, (n, P)) and who is allied
    (``allies``, (n, P, P))."""
    if view.forecaster is not None:
        return view.forecaster.seats(rows, standing, allies)
    return expected_seats(view.forecast[rows], standing, view.transfer, allies,
                          world.forecast_noise)


def fair_seats(support: np.ndarray, region_of: np.ndarray, members: list[int]) -> np.ndarray:
    """Each member's proportional share of the alliance's constituencies, region by region.

    Gamson's proportionality: in each region the members split its constituencies in
    proportion to their (believed) support there.
    """
    cols = np.asarray(members) + 1
    region_support = support[:, cols]  # (R, k)
    totals = region_support.sum(axis=1, keepdims=True)
    k = len(members)
    weights = np.where(totals > 0, region_support / np.where(totals > 0, totals, 1.0), 1.0 / k)
    seats_per_region = np.bincount(region_of, minlength=support.shape[0])
    return (weights * seats_per_region[:, None]).sum(axis=0)


def programme(ideology: np.ndarray, support: np.ndarray, members: list[int]) -> float:
    """The common programme: members' ideologies weighted by their believed total support."""
    weights = support[:, np.asarray(members) + 1].sum(axis=0)
    if weights.sum() <= 0:
        weights = np.ones(len(members))
    return float(np.average(ideology[np.asarray(members)], weights=weights))


def make_offer(
    world: World,
    view: PartyView,
    states: list[AllianceState],
    table: int,
    proposal: np.ndarray,
    goals: Goals,
) -> Offer:
    """Evaluate ``proposal`` (an assignment for table ``table``) through ``view``'s beliefs.

    Seats are forecast over the table's constituencies only (a regional table's stakes are
    that region's seats).
    """
    me = view.index
    state = states[table]
    proposed = replace(state, assignment=proposal)
    trial = [proposed if i == table else s for i, s in enumerate(states)]
    own, bloc, rivals = _forecast_outcome(world, view, trial, proposed, me)
    distance = abs(float(world.ideology[me]) - programme(world.ideology, view.support,
                                                         proposed.active))
    n_rows = len(state.rows)
    u = utility(goals, own, bloc, rivals, distance, n_rows)

    rest = [m for m in proposed.active if m != me]
    outside_assignment = proposal.copy()
    mine = outside_assignment == me
    if rest:
        outside_assignment[mine] = strongest_member(view.forecast[state.rows], rest)[mine]
    alone = replace(proposed, active=rest, assignment=outside_assignment)
    trial_out = [alone if i == table else s for i, s in enumerate(states)]
    out_own, _, out_rivals = _forecast_outcome(world, view, trial_out, alone, me)
    out_u = utility(goals, out_own, out_own, out_rivals, 0.0, n_rows)
    fair = fair_seats(view.support, world.region_of[state.rows], proposed.active)
    return Offer(
        round=view.round,
        final=view.final,
        seats=int(mine.sum()),
        disputed=int((proposed.disputed_mask() & proposed.claims[me]).sum()),
        fair_seats=float(fair[proposed.active.index(me)]),
        expected_seats=own,
        utility=u,
        outside_seats=out_own,
        outside_utility=out_u,
        bloc_seats=bloc,
        rival_seats=rivals,
        distance=distance,
        outside_rival_seats=out_rivals,
        n_constituencies=n_rows,
    )


def _forecast_outcome(
    world: World, view: PartyView, states: list[AllianceState], state: AllianceState, me: int
) -> tuple[float, float, float]:
    rows = state.rows
    standing = nominations(world, states)[rows]
    allies = allies_matrix(world.n_constituencies, world.n_parties, states)[rows]
    seats = believed_seats(world, view, rows, standing, allies)
    bloc_members = state.active if me in state.active else [me]
    bloc = float(seats[bloc_members].sum())
    if state.rivals:
        rivals = float(seats[list(state.rivals)].sum())
    else:
        outsiders = np.setdiff1d(np.arange(world.n_parties), state.members)
        rivals = float(seats[outsiders].max()) if outsiders.size else 0.0
    return float(seats[me]), bloc, rivals
