"""The voter population (``sim.voters.population``): compact storage, construction, and votes
worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from builders import constituency, explicit_doc, make_config, party

from sim.core.rng import Streams
from sim.engine.fixed_point import to_u8, to_u16
from sim.model.electorate import draw_population
from sim.voters.ballots import Ballot, build_ballots
from sim.voters.block import VoterBlock
from sim.voters.population import VoterPopulation, cast_votes
from sim.world.build import build_scenario

PARTIES = [party("A", -0.5, loyalty=0.8, initial_transfer=0.3),
           party("B", -0.2, loyalty=0.6, initial_transfer=0.7),
           party("C", 0.8)]


def population(voters_per_agent: int = 10, nonpartisan: float = 0.2,
               seed: int = 0) -> tuple[VoterPopulation, object]:
    doc = explicit_doc(
        PARTIES,
        [constituency("X1", "R1", 20_000, A=0.5, B=0.3, C=0.2),
         constituency("X2", "R1", 10_000, A=0.1, B=0.1, C=0.8),
         constituency("X3", "R2", 4, A=0.2, B=0.2, C=0.6)],
        seed=seed,
    )
    scenario = build_scenario(make_config(doc), Streams(seed).generator("scenario"))
    pop = draw_population(scenario, Streams(seed), voters_per_agent=voters_per_agent,
                          nonpartisan_share=nonpartisan, concentration=12.0)
    return pop, scenario


def test_compact_dtypes_six_bytes_per_agent() -> None:
    pop, _ = population()
    assert pop.party.dtype == np.int8
    assert pop.loyalty.dtype == np.uint8
    assert pop.transfer.dtype == np.uint16
    assert pop.turnout.dtype == np.uint16
    assert pop.nbytes / pop.size == 6


def test_agent_counts_follow_electors_and_voters_per_agent() -> None:
    pop, _ = population(voters_per_agent=10)
    # 20 000 / 10 = 2000, 10 000 / 10 = 1000, 4 / 10 rounds to 0 but every seat has an agent
    assert np.diff(pop.offsets).tolist() == [2000, 1000, 1]
    assert pop.size == 3001
    assert pop.n_constituencies == 3


def test_blocks_are_writable_views_of_one_constituency() -> None:
    pop, _ = population()
    before = pop.transfer.copy()
    block = pop.block(1)
    assert block.size == 1000 and block.constituency == 1 and block.region == 0
    block.transfer[:] = 123
    assert np.all(pop.transfer[2000:3000] == 123)
    assert np.array_equal(pop.transfer[:2000], before[:2000])
    assert np.array_equal(pop.transfer[3000:], before[3000:])


def test_party_identification_follows_baseline_shares() -> None:
    pop, _ = population(voters_per_agent=1, nonpartisan=0.2)
    party = pop.block(0).party
    assert set(np.unique(party).tolist()) <= {-1, 0, 1, 2}
    # expected: none 0.2, A 0.8·0.5 = 0.40, B 0.8·0.3 = 0.24, C 0.8·0.2 = 0.16 (20 000 agents)
    freq = np.bincount(party.astype(int) + 1, minlength=4) / party.size
    assert freq == pytest.approx([0.2, 0.40, 0.24, 0.16], abs=0.015)


def test_traits_have_the_parties_means() -> None:
    pop, _ = population(voters_per_agent=1)
    block = pop.block(0)
    loyalty = block.loyalty.astype(float) / 255
    transfer = block.transfer_fraction()
    for p, (lo, tr) in enumerate([(0.8, 0.3), (0.6, 0.7), (0.9, 0.5)]):  # C: the defaults
        mine = block.party == p
        assert loyalty[mine].mean() == pytest.approx(lo, abs=0.02)
        assert transfer[mine].mean() == pytest.approx(tr, abs=0.02)
    assert block.turnout_fraction().mean() == pytest.approx(0.75, abs=0.02)


def test_population_is_reproducible_per_seed() -> None:
    a, _ = population(seed=4)
    b, _ = population(seed=4)
    c, _ = population(seed=5)
    assert np.array_equal(a.party, b.party) and np.array_equal(a.transfer, b.transfer)
    assert not np.array_equal(a.transfer, c.transfer)


def test_fixed_point_conversions() -> None:
    assert to_u16(np.array([-0.5, 0.0, 0.5, 1.0, 2.0])).tolist() == [0, 0, 32768, 65535, 65535]
    assert to_u8(np.array([0.0, 0.5, 1.0, 1.5])).tolist() == [0, 128, 255, 255]


def test_tallies_count_every_agent() -> None:
    pop, _ = population()
    tallies = pop.tallies()
    assert tallies["count"].sum(axis=1).tolist() == np.diff(pop.offsets).tolist()
    assert np.all(tallies["transfer_sum"] <= tallies["count"])


def test_poll_shares_sum_to_one_and_are_seeded() -> None:
    pop, _ = population()
    poll = pop.poll(1, 500, 2, Streams(1))
    assert poll.support.sum(axis=1) == pytest.approx([1.0, 1.0])
    again = pop.poll(1, 500, 2, Streams(1))
    assert np.array_equal(poll.support, again.support)
    other = pop.poll(2, 500, 2, Streams(1))
    assert not np.array_equal(poll.support, other.support)
    # region R2 has one agent: every respondent is that agent
    assert sorted(poll.support[1].tolist())[-1] == 1.0


# ----------------------------------------------------------------------------- ballots and votes
# parties A (−0.5), B (−0.2), C (0.8); A and B are allies; A stands down, B and C stand
IDEOLOGY = np.array([-0.5, -0.2, 0.8])
ALLIES = np.array([[False, True, False], [True, False, False], [False, False, False]])


def test_ballot_tables_by_hand() -> None:
    standing = np.array([[False, True, True]])
    shares = np.array([[0.4, 0.2, 0.4]])
    (ballot,) = build_ballots(standing, ALLIES, IDEOLOGY, shares)
    # index 0 = non-partisans, then A, B, C
    assert ballot.primary.tolist() == [-1, 1, 1, 2]       # A's voters turn to ally B
    assert ballot.uses_transfer.tolist() == [False, True, False, False]
    # A's fallback: closest standing party other than B is C; B's: C; C's: B
    assert ballot.secondary.tolist()[1:] == [2, 2, 1]
    # non-partisans split over B and C by baseline shares 0.2 : 0.4 → cdf 0, 1/3, 1
    assert ballot.floating.tolist() == pytest.approx([0.0, 1 / 3, 1.0])


def block_of(parties: list[int], transfer: float, loyalty: float = 1.0) -> VoterBlock:
    n = len(parties)
    return VoterBlock(
        constituency=0, region=0,
        party=np.array(parties, dtype=np.int8),
        loyalty=np.full(n, to_u8(np.array([loyalty]))[0], dtype=np.uint8),
        transfer=np.full(n, to_u16(np.array([transfer]))[0], dtype=np.uint16),
        turnout=np.full(n, 65535, dtype=np.uint16),  # everyone turns out
    )


def ballot_everyone_floats_to_b() -> Ballot:
    (ballot,) = build_ballots(np.array([[False, True, True]]), ALLIES, IDEOLOGY,
                              np.array([[0.4, 0.6, 0.0]]))  # C's share 0: floaters all go to B
    return ballot


def test_cast_votes_full_transfer_by_hand() -> None:
    # 3 A supporters (transfer 1 → B), 2 B supporters (loyal → B), 1 C (loyal → C),
    # 1 non-partisan (cdf 0, 1, 1 → B): B 3 + 2 + 1 = 6, C 1; 3 eligible, 3 transferred
    block = block_of([0, 0, 0, 1, 1, 2, -1], transfer=1.0)
    votes, eligible, transferred = cast_votes(block, ballot_everyone_floats_to_b(), 0.4,
                                              np.random.default_rng(0))
    assert votes.tolist() == [0, 6, 1]
    assert (eligible, transferred) == (3, 3)


def test_cast_votes_no_transfer_abstain_or_defect_by_hand() -> None:
    block = block_of([0, 0, 0, 1, 1, 2, -1], transfer=0.0)
    # defection share 0: A's 3 supporters abstain → B 2 + 1, C 1; eligible 3, transferred 0
    votes, eligible, transferred = cast_votes(block, ballot_everyone_floats_to_b(), 0.0,
                                              np.random.default_rng(0))
    assert votes.tolist() == [0, 3, 1]
    assert (eligible, transferred) == (3, 0)
    # defection share 1: A's 3 supporters all go to their fallback C → B 3, C 1 + 3 = 4
    votes, eligible, transferred = cast_votes(block, ballot_everyone_floats_to_b(), 1.0,
                                              np.random.default_rng(0))
    assert votes.tolist() == [0, 3, 4]
    assert (eligible, transferred) == (3, 0)


def test_disloyal_voters_go_to_their_fallback() -> None:
    # loyalty 0: B's two supporters vote for their fallback C; C's one for B
    block = block_of([1, 1, 2], transfer=1.0, loyalty=0.0)
    votes, eligible, _ = cast_votes(block, ballot_everyone_floats_to_b(), 0.4,
                                    np.random.default_rng(0))
    assert votes.tolist() == [0, 1, 2]
    assert eligible == 0


def test_population_vote_scales_by_voters_per_agent() -> None:
    pop, scenario = population(voters_per_agent=10)
    standing = np.ones((3, 3), dtype=bool)
    ballots = build_ballots(standing, np.zeros((3, 3), bool), IDEOLOGY,
                            np.asarray(scenario.shares))
    votes, transfer = pop.vote(ballots, 0.4, Streams(0))
    assert np.all(votes % 10 == 0)
    assert np.all(votes.sum(axis=1) <= np.diff(pop.offsets) * 10)
    assert transfer.sum() == 0  # nobody's party stood down
