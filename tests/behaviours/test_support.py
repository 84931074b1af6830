"""Support rules: the contract, each rule's switching probabilities worked by hand, and what
they do to a population when the engine applies them."""

from __future__ import annotations

import numpy as np
import pytest

from sim.behaviours.registry import build
from sim.behaviours.support.base import SupportRule, combined_hazards
from sim.core.rng import Streams
from sim.engine.switch import switch_tables
from sim.testing import BehaviourContract
from sim.voters.population import VoterPopulation
from sim.voters.signals import SupportSignals

# three parties: A (−0.5, loyalty 0.8), B (0.5, loyalty 0.9), C (0.0, loyalty 0.6); two regions
IDEOLOGY = np.array([-0.5, 0.5, 0.0])
LOYALTY = np.array([0.8, 0.9, 0.6])


def signals(effort=((0.0, 0.0, 0.0), (0.0, 0.0, 0.0)), *, reach: float = 1.0,
            partners=(), government=(False, False, False),
            composition=((0.1, 0.5, 0.2, 0.2), (0.1, 0.2, 0.5, 0.2)),
            baseline=((0.1, 0.3, 0.3, 0.3), (0.1, 0.3, 0.3, 0.3))) -> SupportSignals:
    effort = np.asarray(effort, dtype=float)
    allied = np.zeros((2, 3, 3), dtype=bool)
    for r, p, q in partners:
        allied[r, p, q] = allied[r, q, p] = True
    return SupportSignals(round=1, effort=effort, reach=reach, partners=allied,
                          ideology=IDEOLOGY, loyalty=LOYALTY,
                          government=np.array(government), composition=np.array(composition),
                          baseline=np.array(baseline))


def population(rows_by_region: dict[int, list[int]], n: int = 20_000) -> VoterPopulation:
    """One constituency per region, ``n`` agents split evenly over the listed parties."""
    parts, offsets, region_of = [], [0], []
    for r, parties in rows_by_region.items():
        each = n // len(parties)
        parts.append(np.repeat(np.array(parties, dtype=np.int8), each))
        offsets.append(offsets[-1] + each * len(parties))
        region_of.append(r)
    party = np.concatenate(parts)
    size = party.size
    return VoterPopulation(np.array(offsets, dtype=np.int64), party,
                           np.full(size, 200, np.uint8), np.full(size, 30000, np.uint16),
                           np.full(size, 40000, np.uint16), np.array(region_of), 1, 3)


def shares(pop: VoterPopulation, c: int) -> np.ndarray:
    block = pop.block(c)
    return np.bincount(block.party.astype(int) + 1, minlength=4) / block.size


class TestPersuasion(BehaviourContract):
    family = "support"
    name = "persuasion"
    params = {"rate": 0.2, "sharpness": 1.0}

    def test_switching_probabilities_worked_by_hand(self) -> None:
        # A campaigns in region 0 only, with effort ln 2: it reaches half the voters there,
        # where it has half of them (composition 0.5)
        s = signals(effort=((np.log(2.0), 0.0, 0.0), (0.0, 0.0, 0.0)))
        h = self.build().hazards(s)
        # non-partisans: 0.2 × 0.5 × 0.5 × openness 1 × proximity 1 = 0.05
        assert h[0, 0, 1] == pytest.approx(0.05)
        # B's supporters: 0.2 × 0.5 × 0.5 × (1 − 0.9) × (1 − |0.5 − (−0.5)|/2) = 0.0025
        assert h[0, 2, 1] == pytest.approx(0.0025)
        # C's: 0.2 × 0.5 × 0.5 × (1 − 0.6) × (1 − 0.5/2) = 0.015
        assert h[0, 3, 1] == pytest.approx(0.015)
        # only toward the party that campaigns, only where it campaigns, never to itself
        assert h[0, :, 2:].sum() == 0 and h[1].sum() == 0 and h[0, 1, 1] == 0

    def test_sharper_proximity_keeps_distant_voters_away(self) -> None:
        s = signals(effort=((1.0, 0.0, 0.0), (0.0, 0.0, 0.0)))
        soft, sharp = self.build(sharpness=0.0).hazards(s), self.build(sharpness=3.0).hazards(s)
        assert sharp[0, 2, 1] < soft[0, 2, 1]  # B is far from A
        assert sharp[0, 0, 1] == soft[0, 0, 1]  # non-partisans have no distance

    def test_partners_do_not_poach_each_other(self) -> None:
        s = signals(effort=((1.0, 0.0, 1.0), (1.0, 0.0, 1.0)), partners=[(0, 0, 2)])
        h = self.build().hazards(s)
        assert h[0, 3, 1] == 0 and h[0, 1, 3] == 0  # allied in region 0
        assert h[1, 3, 1] > 0 and h[1, 1, 3] > 0  # not in region 1
        assert h[0, 2, 1] > 0  # B's voters may still be won over

    def test_no_persuasion_at_zero_effort_or_zero_rate(self) -> None:
        assert self.build().hazards(signals()).sum() == 0
        busy = signals(effort=((2.0, 2.0, 2.0), (2.0, 2.0, 2.0)))
        assert self.build(rate=0.0).hazards(busy).sum() == 0

    def test_a_party_without_local_supporters_persuades_nobody_there(self) -> None:
        s = signals(effort=((3.0, 3.0, 3.0), (3.0, 3.0, 3.0)),
                    composition=((0.2, 0.8, 0.0, 0.0), (0.2, 0.3, 0.3, 0.2)))
        h = self.build().hazards(s)
        assert h[0, :, 2:].sum() == 0 and h[0, :, 1].sum() > 0
        # the pull grows with the local base: B (0.3) pulls 1.5× what C (0.2) does in region 1
        assert h[1, 0, 2] / h[1, 0, 3] == pytest.approx(1.5)

    def test_a_population_moves_toward_the_campaigner_only_where_it_reaches(self) -> None:
        pop = population({0: [-1, 0, 1, 2], 1: [-1, 0, 1, 2]})
        before = [shares(pop, 0), shares(pop, 1)]
        s = signals(effort=((0.0, 3.0, 0.0), (0.0, 0.0, 0.0)),
                    composition=((0.25, 0.25, 0.25, 0.25), (0.25, 0.25, 0.25, 0.25)))
        tables = switch_tables(combined_hazards([self.build(rate=1.0)], s))
        counted = pop.tallies()
        after_tallies = pop.shift_support(tables, 1, Streams(0), counted)
        after = [shares(pop, 0), shares(pop, 1)]
        assert after[0][2] > before[0][2] + 0.05  # B (row 2) gained in region 0
        assert (after[0][[0, 1, 3]] <= before[0][[0, 1, 3]]).all()
        assert np.array_equal(after[1], before[1])  # region 1: nobody reached
        # expected gain: 1·(1 − e⁻³)·0.25 (B's local base) × (openness × proximity: 1 for
        # non-partisans, 0.2·0.5 for A, 0.4·0.75 for C) of a quarter of the voters each
        x = 1 - np.exp(-3.0)
        expected = 0.25 * 0.25 * x * (1 + 0.2 * 0.5 + 0.4 * 0.75)
        assert after[0][2] - before[0][2] == pytest.approx(expected, abs=0.01)
        assert np.array_equal(after_tallies["count"], pop.tallies()["count"])


class TestAntiIncumbency(BehaviourContract):
    family = "support"
    name = "anti_incumbency"
    params = {"rate": 0.02}

    def test_government_supporters_drift_to_the_largest_opposition_of_each_region(self) -> None:
        # C governs; the largest opposition party is A in region 0 (0.5) and B in region 1
        h = self.build().hazards(signals(government=(False, False, True)))
        assert h[0, 3, 1] == pytest.approx(0.02) and h[1, 3, 2] == pytest.approx(0.02)
        assert h[0].sum() == pytest.approx(0.02) and h[1].sum() == pytest.approx(0.02)

    def test_nothing_without_a_government(self) -> None:
        assert self.build().hazards(signals()).sum() == 0

    def test_support_moves_in_a_population(self) -> None:
        pop = population({0: [0, 2], 1: [1, 2]})
        s = signals(government=(False, False, True))
        pop.shift_support(switch_tables(combined_hazards([self.build(rate=0.3)], s)), 1,
                          Streams(3))
        # C (row 3) loses 30% of its supporters: 0.5 → 0.35, to A in region 0 and B in 1
        assert shares(pop, 0)[[1, 3]] == pytest.approx([0.65, 0.35], abs=0.015)
        assert shares(pop, 1)[[2, 3]] == pytest.approx([0.65, 0.35], abs=0.015)


class TestMoodPull(BehaviourContract):
    family = "support"
    name = "mood"
    params = {"strength": 0.5}

    def test_each_party_moves_the_fraction_strength_of_its_gap(self) -> None:
        # region 0 partisans now: A 0.5/0.9, B 0.2/0.9, C 0.2/0.9; target a third each
        s = signals()
        h = self.build().hazards(s)
        now = np.array([0.5, 0.2, 0.2]) / 0.9
        target = np.full(3, 1 / 3)
        # expected shares after: s − 0.5 (s − t)
        flows = now[:, None] * h[0, 1:, 1:]
        after = now - flows.sum(axis=1) + flows.sum(axis=0)
        assert after == pytest.approx(now - 0.5 * (now - target))
        assert h[0, 0].sum() == 0  # non-partisans stay

    def test_no_pull_at_the_target(self) -> None:
        s = signals(composition=((0.1, 0.3, 0.3, 0.3), (0.1, 0.3, 0.3, 0.3)))
        assert self.build().hazards(s) == pytest.approx(np.zeros((2, 4, 4)))


def test_rules_add_and_the_engine_caps_a_row_at_one() -> None:
    s = signals(effort=((5.0, 0.0, 0.0), (0.0, 0.0, 0.0)), government=(False, False, True))
    rules = [build(SupportRule, "persuasion", {"rate": 1.0}),
             build(SupportRule, "anti_incumbency", {"rate": 1.0})]
    total = combined_hazards(rules, s)
    each = sum(r.hazards(s) for r in rules)
    assert total == pytest.approx(each)
    tables = switch_tables(total)
    assert (tables.probability <= 1).all() and tables.probability[0, 3] == 1.0
    # the row's destinations keep the rules' proportions
    probs = np.diff(np.concatenate([[0.0], tables.dest[0, 3]]))
    assert probs == pytest.approx(total[0, 3] / total[0, 3].sum())
