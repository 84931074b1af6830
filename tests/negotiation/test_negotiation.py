"""Seat-sharing talks (``sim.negotiation``) and the default strategy, on hand-built views."""

from __future__ import annotations

import numpy as np
import pytest

from sim.behaviours.registry import build
from sim.core.goals import Goals, utility
from sim.negotiation.evaluation import fair_seats, programme
from sim.negotiation.facts import World
from sim.negotiation.nominations import allies_matrix, nominations
from sim.negotiation.offers import Offer, Response
from sim.negotiation.tables import (
    DISPUTED,
    AllianceState,
    claims_from_assignment,
    strongest_member,
)
from sim.negotiation.views import PartyView

# parties A, B, C: A and B negotiate an alliance against C
SHARES = np.array([
    [0.50, 0.30, 0.20],
    [0.20, 0.45, 0.35],
    [0.35, 0.35, 0.30],
    [0.01, 0.30, 0.69],  # A is below the 2% threshold here
])


def world(goodwill: tuple = (), min_share: float = 0.02) -> World:
    return World(shares=SHARES, region_of=np.array([0, 0, 1, 1]), n_regions=2,
                 ideology=np.array([-0.6, -0.2, 0.7]), min_share_to_stand=min_share,
                 forecast_noise=0.04, goodwill=goodwill)


def table(assignment: list[int], claims: np.ndarray | None = None,
          active: list[int] | None = None) -> AllianceState:
    assignment_arr = np.array(assignment, dtype=np.int64)
    return AllianceState(
        index=0, name="AB", members=(0, 1), rivals=(2,),
        active=[0, 1] if active is None else active,
        assignment=assignment_arr,
        claims=claims_from_assignment(assignment_arr, 3) if claims is None else claims,
        reserved=np.full(4, -1),
    )


def test_nominations_without_alliance_follow_threshold() -> None:
    standing = nominations(world(), [])
    assert standing.tolist() == [
        [True, True, True],
        [True, True, True],
        [True, True, True],
        [False, True, True],  # A's 1% is below the 2% threshold
    ]


def test_nominations_of_a_formed_alliance_with_a_friendly_fight() -> None:
    # A gets seat 0, B seats 1 and 3; seat 2 is disputed and both claim it: a friendly fight
    claims = np.array([
        [True, False, True, False],
        [False, True, True, True],
        [False, False, False, False],
    ])
    standing = nominations(world(), [table([0, 1, DISPUTED, 1], claims)])
    assert standing[:, 0].tolist() == [True, False, True, False]
    assert standing[:, 1].tolist() == [False, True, True, True]
    assert standing[:, 2].all()  # the rival stands everywhere


def test_nominations_after_collapse_everyone_stands() -> None:
    # only A remains at the table: the alliance is not formed, so its allocation is ignored
    standing = nominations(world(), [table([0, 0, 0, 0], active=[0])])
    assert standing.tolist() == nominations(world(), []).tolist()


def test_goodwill_giver_never_stands_and_beneficiary_does() -> None:
    # A stands down in seat 1 for B, and in seat 3 where B would not otherwise be allocated
    gestures = ((0, 1, (1,)),)
    formed = nominations(world(gestures), [table([0, 0, 0, 1])])
    assert not formed[1, 0]
    assert not nominations(world(gestures), [])[1, 0]
    # with no alliance (or after a collapse) the gesture still holds
    collapsed = nominations(world(gestures), [table([0, 0, 0, 0], active=[0])])
    assert not collapsed[1, 0] and collapsed[1, 1]


def test_goodwill_beneficiary_stands_even_below_threshold() -> None:
    # the beneficiary's leader stands in the gesture seat even where its party polled little
    shares = np.array([[0.60, 0.01, 0.39]])
    w = World(shares=shares, region_of=np.array([0]), n_regions=1,
              ideology=np.array([-0.6, -0.2, 0.7]), min_share_to_stand=0.02,
              forecast_noise=0.04, goodwill=((0, 1, (0,)),))
    standing = nominations(w, [])
    assert standing[0].tolist() == [False, True, True]


def test_every_constituency_keeps_a_candidate() -> None:
    # threshold 0.5: nobody reaches it in seats 1 and 2, so the largest party stands there
    standing = nominations(world(min_share=0.5), [])
    assert standing.any(axis=1).all()
    assert standing.tolist() == [
        [True, False, False],
        [False, True, False],
        [True, False, False],  # A and B tie on 0.35: the first
        [False, False, True],
    ]


def test_allies_matrix() -> None:
    allies = allies_matrix(4, 3, [table([0, 1, 0, 1])])
    assert allies.shape == (4, 3, 3)
    for c in range(4):  # a whole-scenario table: the same partners in every constituency
        assert allies[c].tolist() == [[False, True, False], [True, False, False],
                                      [False, False, False]]
    assert not allies_matrix(4, 3, [table([0, 1, 0, 1], active=[1])]).any()


def test_allies_matrix_of_a_regional_table_covers_only_its_rows() -> None:
    regional = table([0, 1])
    regional.rows = np.array([1, 3])
    allies = allies_matrix(4, 3, [regional])
    assert allies[1, 0, 1] and allies[3, 1, 0]
    assert not allies[0].any() and not allies[2].any()


def test_strongest_member_and_claims() -> None:
    assert strongest_member(SHARES, [0, 1]).tolist() == [0, 1, 0, 1]  # tie in seat 2 → first
    assert strongest_member(SHARES, [0, 2]).tolist() == [0, 2, 0, 2]
    claims = claims_from_assignment(np.array([0, 1, DISPUTED, 1]), 3)
    assert claims.tolist() == [[True, False, False, False], [False, True, False, True],
                               [False, False, False, False]]


def test_fair_seats_by_hand() -> None:
    # region 0 (4 seats): A 0.3, B 0.1 → A 3, B 1; region 1 (2 seats): A 0.1, B 0.3 → 0.5, 1.5
    support = np.array([[0.2, 0.3, 0.1, 0.4], [0.2, 0.1, 0.3, 0.4]])
    region_of = np.array([0, 0, 0, 0, 1, 1])
    assert fair_seats(support, region_of, [0, 1]).tolist() == pytest.approx([3.5, 2.5])


def test_utility_and_programme_by_hand() -> None:
    # (office·3 + rival·(5 − 4)) / 10 − policy·0.25 = (3 + 0.5) / 10 − 0.05 = 0.30
    goals = Goals(office=1.0, policy=0.2, rival=0.5)
    assert utility(goals, 3.0, 5.0, 4.0, 0.25, 10) == pytest.approx(0.30)
    # programme: ideologies −0.8 and −0.3 weighted by support 0.4 and 0.6 → −0.32 − 0.18 = −0.5
    support = np.array([[0.0, 0.1, 0.2, 0.7], [0.0, 0.3, 0.4, 0.3]])
    assert programme(np.array([-0.8, -0.3, 0.8]), support, [0, 1]) == pytest.approx(-0.5)


def test_alliance_state_flags() -> None:
    state = table([0, DISPUTED, 1, 1])
    assert state.open and state.formed
    assert state.disputed_mask().tolist() == [False, True, False, False]
    state.active.remove(1)
    assert not state.formed


# ----------------------------------------------------------------------------- the strategy


def offer(round_no: int = 1, *, seats: int = 5, fair: float = 5.0, utility_: float = 0.5,
          outside: float = 0.4, final: bool = False) -> Offer:
    return Offer(round=round_no, final=final, seats=seats, disputed=0, fair_seats=fair,
                 expected_seats=float(seats), utility=utility_, outside_seats=4.0,
                 outside_utility=outside, bloc_seats=10.0)


def view(round_no: int = 1, rounds: int = 5, offers: tuple[Offer, ...] = ()) -> PartyView:
    return PartyView(
        index=0, id="A", ideology=-0.6, goals=Goals(), round=round_no, rounds=rounds,
        partners=(1,), region_of=np.array([0, 0, 1, 1]),
        support=np.array([[0.2, 0.4, 0.2, 0.2], [0.2, 0.3, 0.3, 0.2]]),
        transfer=np.array([0.5, 0.5, 0.5]), forecast=SHARES, offers=offers,
    )


def pragmatic(**params: float):
    return build("strategy", "pragmatic", params)


def test_rounds_below_outside() -> None:
    ok, bad = offer(utility_=0.5, outside=0.4), offer(utility_=0.3, outside=0.4)
    assert view(offers=(ok, bad, bad)).rounds_below_outside() == 2
    assert view(offers=(bad, ok)).rounds_below_outside() == 0
    assert view().rounds_below_outside() == 0


def test_pragmatic_claim_by_hand() -> None:
    strategy = pragmatic(demand=0.3, concession=0.5)
    # round 1: 10 · (1 + 0.3) = 13; round 2: 10 · (1 + 0.3 · (1 − 0.5)) = 11.5;
    # round 3: 10 · (1 + 0.3 · max(0, 1 − 0.5 · 2)) = 10
    assert strategy.claim(view(1), offer(fair=10.0)) == pytest.approx(13.0)
    assert strategy.claim(view(2), offer(2, fair=10.0)) == pytest.approx(11.5)
    assert strategy.claim(view(3), offer(3, fair=10.0)) == pytest.approx(10.0)


def test_pragmatic_accepts_an_offer_meeting_its_claim() -> None:
    strategy = pragmatic(demand=0.2, concession=0.5)
    # claim 5 · 1.2 = 6; 6 seats (+0.5 rounding slack) meet it, 5 do not
    assert strategy.respond(view(1), offer(seats=6)) is Response.ACCEPT
    assert strategy.respond(view(1), offer(seats=5)) is Response.REJECT
    # at the deadline anything at least as good as contesting alone is accepted
    assert strategy.respond(view(5), offer(5, seats=1, final=True)) is Response.ACCEPT


def test_pragmatic_walks_out_after_patience_runs_out() -> None:
    strategy = pragmatic(patience=3)
    bad = offer(utility_=0.3, outside=0.4, seats=9)
    assert strategy.respond(view(1), bad) is Response.REJECT
    assert strategy.respond(view(2, offers=(bad,)), bad) is Response.REJECT
    assert strategy.respond(view(3, offers=(bad, bad)), bad) is Response.WALK_OUT
    # a good offer in between resets the count
    good = offer(utility_=0.5, outside=0.4)
    assert strategy.respond(view(3, offers=(bad, good)), bad) is Response.REJECT
    # at the deadline a bad offer means walking out at once
    assert strategy.respond(view(5), offer(5, utility_=0.3, outside=0.4, final=True)) \
        is Response.WALK_OUT


def test_pragmatic_concedes_its_weakest_claims() -> None:
    strategy = pragmatic(concession=0.4)
    # k = 4 disputed claims: ceil(0.4 · 4) = 2 dropped, the two weakest (0.5 and 0.7)
    drop = strategy.concede(view(), np.array([1.2, 0.5, 0.9, 0.7]))
    assert drop.tolist() == [False, True, False, True]
    assert not pragmatic(concession=0.0).concede(view(), np.array([0.1, 0.2])).any()
    assert pragmatic(concession=1.0).concede(view(), np.array([0.1, 0.2])).all()
