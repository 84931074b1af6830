"""Seat-sharing talks: what is on the table, what a party is offered, and how it answers.

The pieces here are plain data and pure functions shared by every protocol and strategy:

* :class:`AllianceState` — who is still at one alliance's table and the current allocation
  (which partner stands in each constituency; ``DISPUTED`` where several still claim it).
* :func:`nominations` — who stands where, for the whole scenario, given every alliance's state.
* :func:`make_offer` — how a proposal looks to one member through its own beliefs: the seats it
  gets, its forecast seats and utility, and its outside option (contesting alone).

Utility (in seats per constituency, so goals weigh comparably):
``U = office·own/C + rival·(bloc − rivals)/C − policy·|ideology − programme|``, where the common
programme is the support-weighted mean ideology of the partners at the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from sim.config import Goals
from sim.forecast import expected_seats
from sim.voters import PollResult

DISPUTED = -1


class Response(StrEnum):
    """A member's answer to a proposal."""

    ACCEPT = "accept"
    REJECT = "reject"
    WALK_OUT = "walk_out"
    DEFECT = "defect"  # leave and join the rival alliance (needs ``Offer.rival``)


@dataclass(frozen=True)
class Offer:
    """A proposal as one member sees it.

    Attributes:
        round: the round (1-based); ``final`` is True at the nomination deadline.
        seats: constituencies allocated to the member outright.
        disputed: constituencies it still claims that are disputed.
        fair_seats: its proportional share of the alliance's constituencies by poll support.
        expected_seats: its forecast seats under the proposal.
        utility: its utility under the proposal.
        outside_seats: its forecast seats contesting alone (its disagreement point).
        outside_utility: its utility contesting alone.
        bloc_seats: the alliance's forecast seats under the proposal.
        rival_seats: the rivals' forecast seats under the proposal.
        distance: its ideological distance from the common programme.
        outside_rival_seats: the rivals' forecast seats if it contests alone.
        n_constituencies: constituencies in the scenario (utilities are per constituency).
    """

    round: int
    final: bool
    seats: int
    disputed: int
    fair_seats: float
    expected_seats: float
    utility: float
    outside_seats: float
    outside_utility: float
    bloc_seats: float
    rival_seats: float = 0.0
    distance: float = 0.0
    outside_rival_seats: float = 0.0
    n_constituencies: int = 1
    rival: Offer | None = None  # what the rival alliance offers, for strategies that ask

    def utility_for(self, goals: Goals) -> float:
        """The offer's utility under other goal weights (strategies with their own goals)."""
        return utility(goals, self.expected_seats, self.bloc_seats, self.rival_seats,
                       self.distance, self.n_constituencies)

    def outside_utility_for(self, goals: Goals) -> float:
        """Contesting alone, under other goal weights."""
        return utility(goals, self.outside_seats, self.outside_seats, self.outside_rival_seats,
                       0.0, self.n_constituencies)


@dataclass(frozen=True)
class PartyView:
    """The read-only view a party's strategy decides from: its own facts and beliefs.

    Tests build these by hand; strategies never see the model.
    """

    index: int
    id: str
    ideology: float
    goals: Goals
    round: int
    rounds: int
    partners: tuple[int, ...]
    region_of: np.ndarray
    support: np.ndarray  # (R, P+1) believed support by region (column 0: no party)
    transfer: np.ndarray  # (P,) believed transfer willingness of each party's supporters
    forecast: np.ndarray  # (C, P) believed vote shares if everyone stood
    polls: tuple[PollResult, ...] = ()
    offers: tuple[Offer, ...] = ()
    responses: tuple[Response, ...] = ()
    allied_regions: np.ndarray | None = None  # (R,) bool: regions where it sits at a formed table

    @property
    def final(self) -> bool:
        return self.round >= self.rounds

    def own_support(self) -> np.ndarray:
        """(R,) believed share of voters identifying with this party, per region."""
        return self.support[:, self.index + 1]

    def rounds_below_outside(self) -> int:
        """Consecutive latest offers worth less to it than contesting alone."""
        count = 0
        for offer in reversed(self.offers):
            if offer.utility >= offer.outside_utility:
                break
            count += 1
        return count


@dataclass
class AllianceState:
    """One alliance's table: the whole scenario, or one region when the alliance negotiates
    region by region (``scope = "region"``).

    Arrays are local to the table: position i refers to constituency ``rows[i]``.

    Attributes:
        index: the alliance's index in the scenario.
        rows: global indices of the constituencies at this table.
        region: the region's name for a regional table, else "".
        active: members still negotiating (in the alliance), as party indices.
        left: members who walked out, in order.
        assignment: (n,) party index standing for the alliance in each constituency, or
            ``DISPUTED``.
        claims: (P, n) bool, which constituencies each member claims (used for disputed seats).
        reserved: (n,) beneficiary of a goodwill gesture (party index) or -1.
        agreed_round: the round all members accepted, or None.
        status: negotiating | agreed | deadline | collapsed.
    """

    index: int
    name: str
    members: tuple[int, ...]
    rivals: tuple[int, ...]
    active: list[int]
    assignment: np.ndarray
    claims: np.ndarray
    reserved: np.ndarray
    rows: np.ndarray | None = None
    region: str = ""
    left: list[int] = field(default_factory=list)
    agreed_round: int | None = None
    status: str = "negotiating"

    def __post_init__(self) -> None:
        if self.rows is None:  # a whole-scenario table
            self.rows = np.arange(len(self.assignment))

    @property
    def open(self) -> bool:
        return self.status == "negotiating"

    @property
    def formed(self) -> bool:
        """The alliance fields joint candidates (two or more members remain)."""
        return len(self.active) >= 2

    def disputed_mask(self) -> np.ndarray:
        return self.assignment == DISPUTED


@dataclass(frozen=True)
class World:
    """Facts every negotiator shares: baseline shares, geography, ideologies, rules."""

    shares: np.ndarray  # (C, P)
    region_of: np.ndarray  # (C,)
    n_regions: int
    ideology: np.ndarray  # (P,)
    min_share_to_stand: float
    forecast_noise: float
    goodwill: tuple[tuple[int, int, tuple[int, ...]], ...] = ()

    @property
    def n_constituencies(self) -> int:
        return self.shares.shape[0]

    def local(self, rows: np.ndarray) -> World:
        """The same world restricted to constituencies ``rows`` (for a regional table)."""
        return replace(self, shares=self.shares[rows], region_of=self.region_of[rows],
                       goodwill=())

    @property
    def n_parties(self) -> int:
        return self.shares.shape[1]


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


def strongest_member(forecast: np.ndarray, members: list[int]) -> np.ndarray:
    """(C,) the member with the largest forecast share in each constituency."""
    cols = np.asarray(members)
    return cols[forecast[:, cols].argmax(axis=1)]


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


def utility(goals: Goals, own: float, bloc: float, rivals: float, distance: float,
            n_constituencies: int) -> float:
    """A party's utility (see the module docstring)."""
    return (goals.office * own + goals.rival * (bloc - rivals)) / n_constituencies \
        - goals.policy * distance


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
    seats = expected_seats(view.forecast[rows], standing, view.transfer, allies,
                           world.forecast_noise)
    bloc_members = state.active if me in state.active else [me]
    bloc = float(seats[bloc_members].sum())
    if state.rivals:
        rivals = float(seats[list(state.rivals)].sum())
    else:
        outsiders = np.setdiff1d(np.arange(world.n_parties), state.members)
        rivals = float(seats[outsiders].max()) if outsiders.size else 0.0
    return float(seats[me]), bloc, rivals


def claims_from_assignment(assignment: np.ndarray, n_parties: int) -> np.ndarray:
    """(P, C) bool claims where each member claims exactly the seats assigned to it."""
    claims = np.zeros((n_parties, assignment.size), dtype=bool)
    assigned = assignment >= 0
    claims[assignment[assigned], np.flatnonzero(assigned)] = True
    return claims
