"""Voter responses: the contract, plus each rule's defining property on hand-built blocks."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.fixed_point import UNIT16, to_u8, to_u16
from sim.testing import BehaviourContract
from sim.voters.block import VoterBlock
from sim.voters.signals import CampaignSignals

N = 4000


def block(party: list[int] | np.ndarray, transfer: float = 0.5, turnout: float = 0.7,
          loyalty: float = 0.9, region: int = 0) -> VoterBlock:
    party = np.asarray(party, dtype=np.int8)
    n = party.size
    return VoterBlock(constituency=0, region=region, party=party.copy(),
                      loyalty=to_u8(np.full(n, loyalty)), transfer=to_u16(np.full(n, transfer)),
                      turnout=to_u16(np.full(n, turnout)))


def signals(exposure: float = 0.0, conflict: float = 0.0, lean=(0.0, 0.0, 0.0),
            change=(0.0, 0.0, 0.0), floor: float = 0.2, ally_distance=(0.0, 0.0, 0.0, 0.0),
            government=(False, False, False, False), quiet: int = 0) -> CampaignSignals:
    """Three parties; party 1 and 2 are the allies (exposure/conflict apply to them)."""
    exposure_row = np.array([exposure, 0.0, exposure, exposure])
    conflict_row = np.array([0.0, 0.0, conflict, conflict])
    return CampaignSignals(
        round=1, exposure=exposure_row[None, :], conflict=conflict_row[None, :],
        lean=np.array([lean]), support_change=np.array([change]),
        transfer_floor=np.array([0.0, floor, floor, floor]),
        ally_distance=np.array(ally_distance), government=np.array(government),
        rounds_since_campaign=np.array([quiet]), seed=7)


def mean_transfer(b: VoterBlock, party: int | None = None) -> float:
    mask = np.ones(b.size, bool) if party is None else b.party == party
    return float((b.transfer[mask] * UNIT16).mean())


def respond(rule, b: VoterBlock, s: CampaignSignals, seed: int = 0) -> VoterBlock:
    rule.respond(b, s, np.random.default_rng(seed))
    return b


class TestLoyalTransfer(BehaviourContract):
    family = "response"
    name = "loyal_transfer"
    params = {"gain": 0.2, "decay": 0.1}

    def test_exposure_raises_willingness_with_diminishing_returns(self) -> None:
        # everyone reached: w = 0.5 + 0.2·(1 − 0.5) = 0.6, then 0.6 + 0.2·0.4 = 0.68
        b = block([1] * N)
        rule = self.build(conversion=0.0)
        respond(rule, b, signals(exposure=1.0))
        assert mean_transfer(b) == pytest.approx(0.6, abs=1e-4)
        respond(rule, b, signals(exposure=1.0))
        assert mean_transfer(b) == pytest.approx(0.68, abs=1e-4)

    def test_inactivity_decays_toward_the_floor(self) -> None:
        # nobody reached: w = 0.5 − 0.1·(0.5 − 0.2) = 0.47
        b = respond(self.build(), block([1] * N), signals(exposure=0.0))
        assert mean_transfer(b) == pytest.approx(0.47, abs=1e-4)

    def test_partners_fighting_cut_willingness(self) -> None:
        # conflict 0.5 with penalty 0.3: × (1 − 0.15) after the decay: 0.47 × 0.85 = 0.3995
        b = respond(self.build(), block([2] * N), signals(conflict=0.5))
        assert mean_transfer(b) == pytest.approx(0.3995, abs=1e-4)

    def test_more_exposure_more_transfer(self) -> None:
        low = respond(self.build(), block([1] * N), signals(exposure=0.2))
        high = respond(self.build(), block([1] * N), signals(exposure=0.8))
        assert mean_transfer(high) > mean_transfer(low)


class TestIdeologicalProximity(BehaviourContract):
    family = "response"
    name = "ideological_proximity"

    def test_close_partners_gain_more_than_distant_ones(self) -> None:
        # party 1's partners are 0.2 away, party 2's 1.6 away: gain × (1 − d/2)²
        party = np.repeat([1, 2], N)
        s = signals(exposure=1.0, ally_distance=(0.0, 0.0, 0.2, 1.6))
        b = respond(self.build(conversion=0.0), block(party), s)
        assert mean_transfer(b, 1) == pytest.approx(0.5 + 0.15 * 0.81 * 0.5, abs=1e-4)
        assert mean_transfer(b, 2) == pytest.approx(0.5 + 0.15 * 0.04 * 0.5, abs=1e-4)


class TestBandwagon(BehaviourContract):
    family = "response"
    name = "bandwagon"
    params = {"rate": 5.0}

    def test_uncommitted_voters_move_toward_the_rising_party(self) -> None:
        b = block([-1] * N)
        # party 2 rose 4 points in the last poll, the others did not
        respond(self.build(), b, signals(change=(0.0, -0.02, 0.04)))
        counts = np.bincount(b.party + 1, minlength=4)
        assert counts[3] > 0 and counts[1] == counts[2] == 0
        assert counts[3] / N == pytest.approx(5.0 * 0.04, abs=0.03)


class TestSocialInfluence(BehaviourContract):
    family = "response"
    name = "social_influence"
    params = {"influence": 0.5, "neighbours": 4}

    def test_neighbours_pull_willingness_together(self) -> None:
        rng = np.random.default_rng(1)
        b = block([1] * N)
        b.transfer[:] = to_u16(rng.uniform(0, 1, N))
        before = float((b.transfer * UNIT16).std())
        respond(self.build(gain=0.0, decay=0.0, conversion=0.0), b, signals())
        after = float((b.transfer * UNIT16).std())
        assert after < 0.7 * before
        assert mean_transfer(b) == pytest.approx(0.5, abs=0.02)


class TestInactivityDecay(BehaviourContract):
    family = "response"
    name = "inactivity_decay"
    params = {"acceleration": 1.0}

    def test_decay_accelerates_with_quiet_rounds(self) -> None:
        # decay 0.05 × (1 + 1.0 × 3) = 0.2: w = 0.5 − 0.2 × 0.3 = 0.44
        b = respond(self.build(), block([1] * N), signals(quiet=3))
        assert mean_transfer(b) == pytest.approx(0.44, abs=1e-4)
        fresh = respond(self.build(), block([1] * N), signals(quiet=0))
        assert mean_transfer(fresh) == pytest.approx(0.485, abs=1e-4)


class TestAntiIncumbency(BehaviourContract):
    family = "response"
    name = "anti_incumbency"
    params = {"erosion": 0.1, "drift": 0.05}

    def test_government_supporters_lose_loyalty_and_drift_away(self) -> None:
        party = np.repeat([0, 1], N)
        b = respond(self.build(), block(party),
                    signals(government=(False, True, False, False)))
        gov = b.party[:N]
        assert (gov == -1).mean() == pytest.approx(0.05, abs=0.015)
        assert (b.party[N:] == 1).all()
        assert b.loyalty[N:].mean() == pytest.approx(0.9 * 255, abs=1)
        stayed = b.loyalty[:N][gov == 0].astype(float) / 255
        assert stayed.mean() == pytest.approx(0.81, abs=0.01)
