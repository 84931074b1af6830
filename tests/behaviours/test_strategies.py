"""Party strategies: the contract, plus each strategy's defining property."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.behaviours.registry import build
from sim.core.goals import Goals
from sim.negotiation.offers import Response
from sim.testing import BehaviourContract, make_offer, make_view


def first_acceptance(strategy, fair: float = 10.0, offered: int = 10, rounds: int = 8) -> int:
    """The first round in which ``strategy`` accepts a steady offer of its fair share."""
    for r in range(1, rounds + 1):
        view = make_view(round=r, rounds=rounds)
        offer = make_offer(round=r, seats=offered, fair_seats=fair)
        if strategy.respond(view, offer) is Response.ACCEPT:
            return r
    return rounds + 1


class TestPragmatic(BehaviourContract):
    family = "strategy"
    name = "pragmatic"
    params = {"demand": 0.3, "concession": 0.5, "patience": 1}

    def test_claim_by_hand(self) -> None:
        # fair 10, demand 0.3, concession 0.5: round 1 → 13, round 2 → 11.5, round 3 → 10
        strategy = self.build()
        claims = [strategy.claim(make_view(round=r), make_offer(fair_seats=10.0))
                  for r in (1, 2, 3)]
        assert claims == [13.0, 11.5, 10.0]

    def test_walks_out_when_outside_option_is_better(self) -> None:
        offer = make_offer(utility=0.05, outside_utility=0.1)
        assert self.build().respond(make_view(), offer) is Response.WALK_OUT
        patient = self.build(patience=2)
        assert patient.respond(make_view(), offer) is Response.REJECT

    def test_accepts_anything_above_its_outside_option_at_the_deadline(self) -> None:
        offer = make_offer(seats=2, fair_seats=10.0, utility=0.2, outside_utility=0.1)
        assert self.build().respond(make_view(round=8, rounds=8), offer) is Response.ACCEPT

    def test_concedes_its_weakest_disputed_claims(self) -> None:
        drop = self.build().concede(make_view(), np.array([1.2, 0.8, 0.95, 1.1]))
        assert drop.tolist() == [False, True, True, False]  # ceil(0.5 × 4) = 2 weakest


class TestHardliner(BehaviourContract):
    family = "strategy"
    name = "hardliner"

    def test_concedes_more_slowly_than_an_accommodator(self) -> None:
        hard = first_acceptance(self.build())
        soft = first_acceptance(build("strategy", "accommodating"))
        assert soft < hard
        claim_hard = self.build().claim(make_view(round=4), make_offer(fair_seats=10.0))
        claim_soft = build("strategy", "accommodating").claim(make_view(round=4),
                                                              make_offer(fair_seats=10.0))
        assert claim_hard > claim_soft


class TestAccommodating(BehaviourContract):
    family = "strategy"
    name = "accommodating"

    def test_accepts_its_fair_share_almost_at_once(self) -> None:
        assert first_acceptance(self.build()) <= 2


class TestOfficeSeeking(BehaviourContract):
    family = "strategy"
    name = "office_seeking"

    def test_judges_by_own_seats_only(self) -> None:
        # the party's own goals would make the offer look good (rival term), but its own
        # expected seats (4) are below what it expects alone (5): it walks out
        offer = make_offer(expected_seats=4.0, outside_seats=5.0, bloc_seats=15.0,
                           rival_seats=2.0, outside_rival_seats=15.0,
                           utility=0.9, outside_utility=0.1)
        assert self.build(patience=1).respond(make_view(), offer) is Response.WALK_OUT


class TestPolicySeeking(BehaviourContract):
    family = "strategy"
    name = "policy_seeking"

    def test_walks_out_of_a_seat_rich_but_distant_programme(self) -> None:
        near = make_offer(expected_seats=8.0, outside_seats=5.0, distance=0.05)
        far = make_offer(expected_seats=8.0, outside_seats=5.0, distance=0.9)
        strategy = self.build(patience=1)
        assert strategy.respond(make_view(round=8), near) is Response.ACCEPT
        assert strategy.respond(make_view(round=8), far) is Response.WALK_OUT


class TestRivalDefeating(BehaviourContract):
    family = "strategy"
    name = "rival_defeating"

    def test_takes_fewer_seats_to_beat_the_rival(self) -> None:
        # allied: own 3, bloc 12, rival 8; alone: own 5, rival 14
        # utility allied = (0.3·3 + 12 − 8)/20 = 0.245; alone = (0.3·5 + 5 − 14)/20 = −0.375
        offer = make_offer(expected_seats=3.0, bloc_seats=12.0, rival_seats=8.0,
                           outside_seats=5.0, outside_rival_seats=14.0, distance=0.0)
        assert offer.utility_for(Goals(office=0.3, rival=1.0)) == pytest.approx(0.245)
        assert self.build().respond(make_view(round=8), offer) is Response.ACCEPT
        # an office-seeker facing the same offer leaves: 3 own seats < 5 alone
        assert build("strategy", "office_seeking", {"patience": 1}).respond(
            make_view(round=8), offer) is Response.WALK_OUT


class TestGenerous(BehaviourContract):
    family = "strategy"
    name = "generous"
    params = {"generosity": 0.2}

    def test_asks_below_its_fair_share_and_yields_where_weaker(self) -> None:
        strategy = self.build()
        assert strategy.claim(make_view(), make_offer(fair_seats=10.0)) == 8.0
        assert strategy.concede(make_view(), np.array([0.9, 1.1, 0.99])).tolist() == [
            True, False, True]


class TestDefector(BehaviourContract):
    family = "strategy"
    name = "defector"
    params = {"margin": 0.01}

    def test_defects_when_the_rival_bloc_offers_more(self) -> None:
        offer = make_offer(utility=0.2, outside_utility=0.1)
        rival_better = make_offer(utility=0.3, outside_utility=0.1)
        rival_worse = make_offer(utility=0.15, outside_utility=0.1)
        strategy = self.build()
        assert strategy.respond(make_view(), replace(offer, rival=rival_better)) \
            is Response.DEFECT
        kept = strategy.respond(make_view(round=8), replace(offer, rival=rival_worse))
        assert kept is Response.ACCEPT

    def test_a_defector_leaves_mid_negotiation_for_the_rival_alliance(self) -> None:
        from sim.run.single import run_one
        from sim.testing import contract_config
        from sim.world.loading import validate

        doc = contract_config("strategy", "pragmatic").to_dict()
        # the governing bloc's voters transfer readily, so standing as its candidate pays
        doc["parties"].append({"id": "RGT", "ideology": 0.8, "strength": 0.2,
                               "initial_transfer": 0.8})
        doc["parties"][0]["initial_transfer"] = 0.8
        doc["scenario"]["synthetic"]["n_constituencies"] = 24
        doc["alliances"].append({"name": "Gov", "members": ["GOV", "RGT"], "rivals": ["AAA"],
                                 "protocol": "gamson"})
        # BBB is weak inside the Front but would be the rival bloc's candidate where it leads
        doc["parties"][2]["strategy"] = {"name": "defector", "params": {"margin": 0.0}}
        doc["parties"][2]["goals"] = {"office": 1.0, "policy": 0.0, "rival": 0.0}
        summary = run_one(validate(doc)).summary
        moves = summary["defections"]
        assert moves and moves[0]["party"] == "BBB" and moves[0]["to"] == "Gov"
        assert "BBB" in summary["alliances"]["Gov"]["joined"]
        assert "BBB" in summary["alliances"]["Front"]["walked_out"]
