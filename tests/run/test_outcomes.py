"""Outcome counting (``sim.run.summary``): friendly fights by alliance membership, strike
rates, and transfers that depend on the pair of allies, worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from builders import constituency, explicit_doc, make_config, party

from sim.core.rng import Streams
from sim.model.coalition import CoalitionModel
from sim.model.election_day import count_election
from sim.run.summary import friendly_fights, strike_rates, summarise

# A, B and C form the Front, negotiating region by region: A and B sit at North's table,
# B and C at South's (A has 5% there, below the 10% presence); R is the rival
FRONT = {"name": "Front", "members": ["A", "B", "C"], "scope": "region", "presence": 0.10,
         "protocol": "gamson"}


def two_tables() -> CoalitionModel:
    doc = explicit_doc(
        [party("A", -0.5), party("B", -0.3), party("C", -0.1), party("R", 0.6)],
        [constituency("N1", "North", 50_000, A=0.40, B=0.30, R=0.30),
         constituency("N2", "North", 50_000, A=0.30, B=0.40, R=0.30),
         constituency("S1", "South", 50_000, A=0.05, B=0.35, C=0.30, R=0.30),
         constituency("S2", "South", 50_000, A=0.05, B=0.30, C=0.35, R=0.30)],
        alliances=[FRONT],
    )
    return CoalitionModel(make_config(doc))


def test_two_tables_open_as_described() -> None:
    model = two_tables()
    tables = {t.region: sorted(t.members) for t in model.alliances}
    assert tables == {"North": [0, 1], "South": [1, 2]}


def test_friendly_fights_count_members_of_an_alliance_whatever_their_table() -> None:
    model = two_tables()
    a, b, c, r = range(4)
    standing = np.zeros((4, 4), dtype=bool)
    standing[:, r] = True
    standing[0, [a]] = True        # N1: A alone for the Front: no fight
    standing[1, [a, b]] = True     # N2: A and B, partners at North's table: a fight
    standing[2, [a, b]] = True     # S1: A (not at South's table) and B: still a fight
    standing[3, [c]] = True        # S2: C alone: no fight
    fights = friendly_fights(model, standing)
    assert fights["Front"].tolist() == [False, True, True, False]


def test_a_member_that_walked_out_still_fights_its_partners() -> None:
    model = two_tables()
    north = next(t for t in model.alliances if t.region == "North")
    north.active.remove(0)  # A leaves North's table: the table no longer forms
    north.left.append(0)
    standing = np.zeros((4, 4), dtype=bool)
    standing[:, 3] = True
    standing[0, [0, 1]] = True
    assert friendly_fights(model, standing)["Front"].tolist() == [True, False, False, False]


def test_the_summary_reports_fights_by_alliance_and_strike_rates() -> None:
    model = two_tables()
    outcome = model.run()
    summary = summarise(model, outcome)
    fights = friendly_fights(model, outcome.standing)["Front"]
    assert summary["friendly_fights_by_alliance"] == {"Front": int(fights.sum())}
    assert summary["friendly_fights"] == int(fights.sum())
    seats = np.bincount(outcome.winners, minlength=4)
    contested = outcome.standing.sum(axis=0)
    for p, pid in enumerate(model.scenario.party_ids):
        assert summary["contested_by_party"][pid] == contested[p]
        expected = seats[p] / contested[p] if contested[p] else None
        assert summary["strike_rate_by_party"][pid] == pytest.approx(expected, abs=1e-6)


def test_strike_rate_arithmetic() -> None:
    # 3 of 4 contested; 0 of 5; none contested
    rates = strike_rates(np.array([3, 0, 0]), np.array([4, 5, 0]))
    assert rates[:2].tolist() == [0.75, 0.0] and np.isnan(rates[2])


def test_transfers_depend_on_the_pair_of_allies() -> None:
    # A's supporters (ideology −0.6) are allied with B (−0.4) and C (0.6); A stands nowhere.
    # In X1 the Front's candidate is B, in X2 it is C: the share of A's supporters voting for
    # the ally is their willingness × the pair's affinity, (1 − 0.2/2) = 0.9 vs (1 − 1.2/2) =
    # 0.4 with sharpness 1
    doc = explicit_doc(
        [party("A", -0.6, initial_transfer=0.8, transfer_floor=0.8), party("B", -0.4),
         party("C", 0.6), party("R", 0.0)],
        [constituency("X1", "R", 400_000, A=0.5, B=0.2, C=0.1, R=0.2),
         constituency("X2", "R", 400_000, A=0.5, B=0.1, C=0.2, R=0.2)],
        voters={"voters_per_agent": 1, "transfer_sharpness": 1.0, "support": []},
        calendar={"rounds": 1},
    )
    model = CoalitionModel(make_config(doc))
    standing = np.array([[False, True, False, True], [False, False, True, True]])
    allies = np.zeros((2, 4, 4), dtype=bool)
    for p, q in ((0, 1), (0, 2)):
        allies[:, p, q] = allies[:, q, p] = True
    outcome = count_election(model.scenario, model.population, standing, allies, 0.4,
                             Streams(1), affinity=model.affinity)
    rate = outcome.transfer[:, 1] / outcome.transfer[:, 0]
    assert rate[0] == pytest.approx(0.8 * 0.9, abs=0.01)
    assert rate[1] == pytest.approx(0.8 * 0.4, abs=0.01)
    # a configured pair replaces the formula for that direction
    doc["transfer"] = [{"party": "A", "to": "C", "affinity": 1.0}]
    model = CoalitionModel(make_config(doc))
    outcome = count_election(model.scenario, model.population, standing, allies, 0.4,
                             Streams(1), affinity=model.affinity)
    assert outcome.transfer[1, 1] / outcome.transfer[1, 0] == pytest.approx(0.8, abs=0.01)
