"""Negotiation protocols: the contract, plus each protocol's defining property."""

from __future__ import annotations

import numpy as np
import pytest

from sim.behaviours.protocols.base import sole_candidate_win
from sim.behaviours.registry import build
from sim.core.games import (
    baron_ferejohn_shares,
    expected_by_partner,
    nash_assignment,
    rubinstein_proposer_share,
)
from sim.negotiation.offers import Offer, Response
from sim.negotiation.tables import DISPUTED
from sim.testing import BehaviourContract, make_context, make_world


def _counts(assignment: np.ndarray, members: list[int]) -> list[int]:
    return [int((assignment == m).sum()) for m in members]


class TestGamson(BehaviourContract):
    family = "protocol"
    name = "gamson"

    def test_split_equals_largest_remainder_by_hand(self) -> None:
        # One region, 10 seats. Reference shares summed over the region:
        # party 1: 10 × 0.47 = 4.7, party 2: 10 × 0.33 = 3.3, party 3: 10 × 0.20 = 2.0.
        # Exact quotas 4.7 / 3.3 / 2.0 → floors 4 / 3 / 2 (9 seats); the 10th seat goes to the
        # largest remainder, 0.7 (party 1): 5 / 3 / 2.
        shares = np.tile([0.0, 0.47, 0.33, 0.20], (10, 1))
        shares[:, 0] = 0.0
        world = make_world(shares / shares.sum(axis=1, keepdims=True))
        proposal = self.build().propose(make_context(world, [1, 2, 3]))
        assert _counts(proposal.assignment, [1, 2, 3]) == [5, 3, 2]

    def test_each_partner_gets_the_seats_where_it_is_strongest(self) -> None:
        # Party 1 is strong in seats 0-1, party 2 in seats 2-3; equal totals → 2 seats each.
        shares = np.array([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2], [0.4, 0.2, 0.4], [0.4, 0.2, 0.4]])
        world = make_world(shares)
        assignment = self.build().propose(make_context(world, [1, 2])).assignment
        assert assignment.tolist() == [1, 1, 2, 2]


class TestCampaignResponsive(BehaviourContract):
    family = "protocol"
    name = "campaign_responsive"
    params = {"responsiveness": 0.5}

    def test_split_follows_the_polls_when_fully_responsive(self) -> None:
        shares = np.tile([0.4, 0.3, 0.3], (10, 1))
        world = make_world(shares)
        protocol = build("protocol", "campaign_responsive", {"responsiveness": 1.0})
        first = np.array([[0.1, 0.4, 0.25, 0.25]])
        protocol.propose(make_context(world, [1, 2], support=first))
        # the public responds to party 2's joint movements: 2 : 1 in its favour
        later = np.array([[0.1, 0.4, 0.1, 0.2]])
        proposal = protocol.propose(make_context(world, [1, 2], support=later, round=2))
        # quotas 10 × 0.1/0.3 = 3.33 → 3 and 10 × 0.2/0.3 = 6.67 → 7
        assert _counts(proposal.assignment, [1, 2]) == [3, 7]

    def test_split_is_fixed_early_when_unresponsive(self) -> None:
        shares = np.tile([0.4, 0.3, 0.3], (10, 1))
        world = make_world(shares)
        protocol = build("protocol", "campaign_responsive", {"responsiveness": 0.0})
        protocol.propose(make_context(world, [1, 2], support=np.array([[0.1, 0.4, 0.25, 0.25]])))
        proposal = protocol.propose(make_context(world, [1, 2], round=2,
                                                 support=np.array([[0.1, 0.4, 0.1, 0.2]])))
        assert _counts(proposal.assignment, [1, 2]) == [5, 5]


class TestSeatBySeat(BehaviourContract):
    family = "protocol"
    name = "seat_by_seat"
    params = {"claim_margin": 0.7}

    def test_close_seats_are_disputed_and_conceded(self) -> None:
        # seat 0: party 1 clearly stronger; seat 1: party 2 clearly; seats 2-3: within 10%
        shares = np.array([[0.4, 0.4, 0.2], [0.4, 0.2, 0.4], [0.4, 0.3, 0.28], [0.4, 0.28, 0.3]])
        world = make_world(shares)
        protocol = build("protocol", "seat_by_seat", {"claim_margin": 0.9})
        strategies = {m: build("strategy", "pragmatic", {"concession": 1.0}) for m in (1, 2)}
        ctx = make_context(world, [1, 2], strategies=strategies)
        first = protocol.propose(ctx)
        assert first.assignment.tolist() == [1, 2, DISPUTED, DISPUTED]
        protocol.observe(ctx, {}, {})
        # with concession 1 each gives up every disputed seat where it is weaker
        second = protocol.propose(make_context(world, [1, 2], strategies=strategies, round=2))
        assert second.assignment.tolist() == [1, 2, 1, 2]


class TestNash(BehaviourContract):
    family = "protocol"
    name = "nash"

    def test_equal_disagreement_and_power_split_equally(self) -> None:
        # symmetric partners: win[c, i] mirrored, equal disagreement points → 2 seats each
        win = np.array([[0.9, 0.1], [0.1, 0.9], [0.6, 0.6], [0.6, 0.6]])
        assignment = nash_assignment(win, np.zeros(2), np.ones(2))
        expected = expected_by_partner(win, assignment)
        assert expected[0] == pytest.approx(expected[1])
        assert sorted(np.bincount(assignment, minlength=2).tolist()) == [2, 2]

    def test_nash_product_is_maximal_on_a_hand_worked_case(self) -> None:
        # all 2^4 assignments enumerated by hand: [0,0,1,1] gives 1.7 × 1.4 = 2.38, the best
        win = np.array([[0.9, 0.1], [0.8, 0.7], [0.2, 0.9], [0.5, 0.5]])
        assignment = nash_assignment(win, np.zeros(2), np.ones(2))
        gains = expected_by_partner(win, assignment)
        assert gains.prod() == pytest.approx(2.38)

    def test_protocol_splits_a_symmetric_alliance_equally(self) -> None:
        shares = np.array([[0.4, 0.35, 0.25], [0.4, 0.25, 0.35]] * 3)
        world = make_world(shares, ideology=np.array([0.5, -0.5, -0.5]))
        proposal = self.build().propose(make_context(world, [1, 2]))
        assert _counts(proposal.assignment, [1, 2]) == [3, 3]


class TestRubinstein(BehaviourContract):
    family = "protocol"
    name = "rubinstein"
    params = {"discount": 0.8}

    def test_first_proposer_share_in_the_two_party_limit(self) -> None:
        # (1 − δ₂)/(1 − δ₁δ₂) with δ₁ = 0.8, δ₂ = 0.6: 0.4 / 0.52 = 0.769230...
        assert rubinstein_proposer_share(0.8, 0.6) == pytest.approx(0.4 / 0.52)
        assert rubinstein_proposer_share(0.8, 0.6, rounds_left=301) == pytest.approx(0.4 / 0.52)

    def test_deadline_backward_induction_by_hand(self) -> None:
        # one round left: the proposer takes all; two: 1 − δ_r·1 = 0.1; three: 1 − δ·0.1 = 0.91
        assert rubinstein_proposer_share(0.9, 0.9, rounds_left=1) == 1.0
        assert rubinstein_proposer_share(0.9, 0.9, rounds_left=2) == pytest.approx(0.1)
        assert rubinstein_proposer_share(0.9, 0.9, rounds_left=3) == pytest.approx(0.91)

    def test_proposer_rotates_strongest_first(self) -> None:
        shares = np.array([[0.4, 0.35, 0.25]] * 4)
        world = make_world(shares)
        protocol = self.build()
        assert protocol.proposer(make_context(world, [1, 2], round=1)) == 1
        assert protocol.proposer(make_context(world, [1, 2], round=2)) == 2
        assert protocol.proposer(make_context(world, [1, 2], round=3)) == 1

    def test_the_proposer_gets_more_at_the_deadline(self) -> None:
        shares = np.array([[0.4, 0.3, 0.3]] * 8)
        world = make_world(shares)
        early = self.build().propose(make_context(world, [1, 2], round=1, rounds=9))
        last = self.build().propose(make_context(world, [1, 2], round=9, rounds=9))
        assert _counts(last.assignment, [1, 2])[0] >= _counts(early.assignment, [1, 2])[0]


class TestBaronFerejohn(BehaviourContract):
    family = "protocol"
    name = "baron_ferejohn"
    params = {"discount": 0.8, "quota": 0}

    def test_stationary_offers_by_hand(self) -> None:
        # recognition 0.5/0.3/0.2, δ = 0.9, unanimity: responders get δ·p = 0.27 and 0.18,
        # the proposer keeps 1 − 0.45 = 0.55
        shares = baron_ferejohn_shares(np.array([0.5, 0.3, 0.2]), 0, 0.9)
        assert shares.tolist() == pytest.approx([0.55, 0.27, 0.18])
        # quota 2: the proposer buys only the cheapest partner (party 2, 0.18)
        shares = baron_ferejohn_shares(np.array([0.5, 0.3, 0.2]), 0, 0.9, quota=2)
        assert shares.tolist() == pytest.approx([0.82, 0.0, 0.18])

    def test_proposer_drawn_in_proportion_to_strength(self) -> None:
        shares = np.array([[0.3, 0.525, 0.175]] * 4)  # strength 3 : 1
        world = make_world(shares)
        protocol = self.build()
        picks = []
        for seed in range(400):
            protocol.propose(make_context(world, [1, 2], seed=seed))
            picks.append(protocol.last_proposer)
        assert np.mean(np.array(picks) == 1) == pytest.approx(0.75, abs=0.06)


def test_sole_candidate_win_is_a_probability() -> None:
    world = make_world(np.array([[0.5, 0.3, 0.2], [0.2, 0.5, 0.3]]))
    win = sole_candidate_win(make_context(world, [1, 2]))
    assert win.shape == (2, 2)
    assert ((win >= 0) & (win <= 1)).all()


def test_pragmatic_response_contract_with_protocol_offers() -> None:
    offer = Offer(round=1, final=True, seats=1, disputed=0, fair_seats=1.0, expected_seats=0.5,
                  utility=0.0, outside_seats=1.0, outside_utility=0.1, bloc_seats=1.0)
    view_strategy = build("strategy", "pragmatic")
    from sim.testing import make_view

    assert view_strategy.respond(make_view(round=8), offer) is Response.WALK_OUT
