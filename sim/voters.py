"""Voter agents held as a population of arrays, one row per agent.

Each voter agent (one elector, or ``voters_per_agent`` of them) has a constituency, a party
identification (or none), a loyalty, a willingness to vote for an ally when its own party does
not stand (transfer willingness) and a turnout propensity. Rows are sorted by constituency, so a
constituency is a contiguous slice (``offsets``) and costs no bytes per agent. Traits are stored
as fixed-point integers: 1 + 1 + 2 + 2 = 6 bytes per agent.

Every rule works on one constituency's slice at a time with a random stream derived from
(seed, phase, round, constituency), so results do not depend on processing order or chunking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim import kernels
from sim.rng import Streams
from sim.scenario import Scenario

UNIT16 = kernels.UNIT16  # np.float32(1 / 65535)
UNIT8 = kernels.UNIT8  # np.float32(1 / 255)
NONE = -1  # party identification of a non-partisan voter
TURNOUT_TABLES_PER_BATCH = 64  # turnout samplers held at once while drawing the population


def to_u16(values: np.ndarray) -> np.ndarray:
    """Fractions in [0, 1] to 16-bit fixed point."""
    return np.rint(np.clip(values, 0.0, 1.0) * 65535.0).astype(np.uint16)


def to_u8(values: np.ndarray) -> np.ndarray:
    """Fractions in [0, 1] to 8-bit fixed point."""
    return np.rint(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)


@dataclass
class VoterBlock:
    """The voter agents of one constituency: writable views into the population arrays.

    Attributes:
        constituency: constituency index.
        region: its region index.
        party: int8 party index, -1 for non-partisans.
        loyalty: uint8 fixed point (× 1/255): probability of voting for its own party when
            that party stands.
        transfer: uint16 fixed point (× 1/65535): probability of voting for an ally standing in
            the seat when its own party does not stand.
        turnout: uint16 fixed point: probability of turning out.
    """

    constituency: int
    region: int
    party: np.ndarray
    loyalty: np.ndarray
    transfer: np.ndarray
    turnout: np.ndarray

    @property
    def size(self) -> int:
        return self.party.size

    def transfer_fraction(self) -> np.ndarray:
        return self.transfer.astype(np.float32) * UNIT16

    def turnout_fraction(self) -> np.ndarray:
        return self.turnout.astype(np.float32) * UNIT16


@dataclass(frozen=True)
class CampaignSignals:
    """What voters can perceive in one round, by region (index 0 of the party axis is
    "no party": ``table[region, party + 1]``).

    Attributes:
        round: the round number (1-based).
        exposure: (R, P+1) probability that a voter of each party is reached by a joint
            movement of its party's alliance (for non-partisans: of any alliance).
        conflict: (R, P+1) how openly each party's alliance is fighting over seats in the
            region (share of its seats disputed or contested by two partners), in [0, 1].
        lean: (R, P) for non-partisans reached by a campaign: which partner they would lean to
            (each row sums to 1, or 0 where no joint campaign ran).
        support_change: (R, P) change in poll support since the previous poll (bandwagon cues).
        transfer_floor: (P+1,) each party's floor of transfer willingness (0 for none).
        ally_distance: (P+1,) mean ideological distance from each party to its partners still
            in its alliance (0 for none), on the [0, 2] scale of the ideology axis.
        government: (P+1,) bool, parties of the ruling bloc.
        rounds_since_campaign: (R,) rounds since a joint movement last reached the region
            (0 when one ran this round; counts from the start if none has).
        seed: the run's seed, for rules that need structure fixed for a whole run (networks).
    """

    round: int
    exposure: np.ndarray
    conflict: np.ndarray
    lean: np.ndarray
    support_change: np.ndarray
    transfer_floor: np.ndarray
    ally_distance: np.ndarray | None = None
    government: np.ndarray | None = None
    rounds_since_campaign: np.ndarray | None = None
    seed: int = 0


@dataclass(frozen=True)
class PollResult:
    """A noisy sample of voters per region: all any party knows of the public.

    Attributes:
        round: the round it was taken.
        support: (R, P+1) share of the sample identifying with each party (column 0: none).
        transfer: (R, P) mean transfer willingness of each party's sampled supporters (NaN if
            none sampled).
        turnout: (R, P) mean turnout propensity of each party's sampled supporters.
        sample_size: respondents per region.
    """

    round: int
    support: np.ndarray
    transfer: np.ndarray
    turnout: np.ndarray
    sample_size: int

    def party_transfer(self) -> np.ndarray:
        """(P,) each party's polled transfer willingness, averaged over regions weighted by its
        support there (NaN for a party with no respondent anywhere)."""
        weights = self.support[:, 1:]
        ok = ~np.isnan(self.transfer)
        w = np.where(ok, weights, 0.0)
        total = w.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, (np.where(ok, self.transfer, 0.0) * w).sum(axis=0) / total,
                            np.nan)


@dataclass(frozen=True)
class Ballot:
    """How the voter agents of one constituency choose, given who stands there.

    Each table is indexed by party + 1 (index 0: non-partisans).

    Attributes:
        primary: party voted for with probability ``p_primary``: its own party if it stands,
            else the ally standing there, else -1.
        uses_transfer: True where ``primary`` is an ally (probability = transfer willingness),
            False where it is the voter's own party (probability = loyalty).
        secondary: the closest standing party by ideology other than ``primary`` (-1 if none):
            where disloyal voters go, and where non-transferring voters go with probability
            ``defection_share`` (the others abstain).
        floating: (P,) cumulative distribution of non-partisans' votes over standing parties.
    """

    primary: np.ndarray
    uses_transfer: np.ndarray
    secondary: np.ndarray
    floating: np.ndarray


class VoterPopulation:
    """All voter agents of a scenario, as arrays sorted by constituency."""

    def __init__(
        self,
        offsets: np.ndarray,
        party: np.ndarray,
        loyalty: np.ndarray,
        transfer: np.ndarray,
        turnout: np.ndarray,
        region_of: np.ndarray,
        voters_per_agent: int,
        n_parties: int,
    ) -> None:
        self.offsets = offsets
        self.party = party
        self.loyalty = loyalty
        self.transfer = transfer
        self.turnout = turnout
        self.region_of = region_of
        self.voters_per_agent = voters_per_agent
        self.n_parties = n_parties

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        streams: Streams,
        *,
        voters_per_agent: int,
        nonpartisan_share: float,
        concentration: float,
    ) -> VoterPopulation:
        """Draw the agents: party identification from baseline shares, traits from Beta laws
        with each party's mean loyalty and transfer willingness and the seat's turnout.

        Each constituency's party counts are a multinomial draw; its agents are stored sorted
        by party. A trait is stored as its Beta draw rounded to the fixed-point grid: it is
        drawn directly on that grid with the exact probabilities of the rounded Beta draw
        (Walker's alias method, :func:`sim.kernels.beta_table`) from the constituency's
        counter-based streams, in one kernel pass (no per-agent temporary).
        """
        n_parties = scenario.n_parties
        n_c = scenario.n_constituencies
        counts = np.maximum(1, np.rint(scenario.electors / voters_per_agent)).astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        total = int(offsets[-1])
        party = np.empty(total, dtype=np.int8)
        loyalty = np.empty(total, dtype=np.uint8)
        transfer = np.empty(total, dtype=np.uint16)
        turnout = np.empty(total, dtype=np.uint16)
        loyalty_mean = np.array([0.5] + [p.loyalty for p in scenario.parties])
        transfer_mean = np.array([0.0] + [p.initial_transfer for p in scenario.parties])
        by_party = np.zeros((n_c, n_parties + 1), dtype=np.int64)
        keys = np.zeros((n_c, 3), dtype=np.uint64)
        for c in range(n_c):
            rng = streams.generator("population", c)
            probs = np.concatenate(
                [[nonpartisan_share], (1.0 - nonpartisan_share) * scenario.shares[c]]
            )
            by_party[c] = rng.multinomial(counts[c], probs / probs.sum())
            keys[c] = kernels.stream_keys(rng, 3)
        loyalty_table = kernels.beta_table(loyalty_mean, concentration, 256)
        transfer_table = kernels.beta_table(transfer_mean, concentration, 65536)
        # one turnout table per distinct turnout, built a batch at a time to bound memory
        levels, which = np.unique(np.asarray(scenario.turnout, dtype=np.float64),
                                  return_inverse=True)
        for first in range(0, levels.size, TURNOUT_TABLES_PER_BATCH):
            last = first + TURNOUT_TABLES_PER_BATCH
            turnout_table = kernels.beta_table(levels[first:last], concentration, 65536)
            batch = np.flatnonzero((which >= first) & (which < last))
            kernels.draw_traits(party, loyalty, transfer, turnout, offsets, by_party, keys,
                                loyalty_table, transfer_table, turnout_table, which - first,
                                constituencies=batch)
        return cls(offsets, party, loyalty, transfer, turnout, np.asarray(scenario.region_of),
                   voters_per_agent, n_parties)

    # ------------------------------------------------------------------ access
    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    @property
    def n_constituencies(self) -> int:
        return self.offsets.size - 1

    @property
    def nbytes(self) -> int:
        """Bytes held per-agent (the steady-state population)."""
        return self.party.nbytes + self.loyalty.nbytes + self.transfer.nbytes + self.turnout.nbytes

    def block(self, c: int) -> VoterBlock:
        lo, hi = self.offsets[c], self.offsets[c + 1]
        return VoterBlock(
            constituency=c,
            region=int(self.region_of[c]),
            party=self.party[lo:hi],
            loyalty=self.loyalty[lo:hi],
            transfer=self.transfer[lo:hi],
            turnout=self.turnout[lo:hi],
        )

    def blocks(self) -> Iterator[VoterBlock]:
        for c in range(self.n_constituencies):
            yield self.block(c)

    # ------------------------------------------------------------------ aggregate state
    def tallies(self) -> dict[str, np.ndarray]:
        """Exact per-constituency aggregates (for records, not for parties' eyes).

        Returns ``count``, ``transfer_sum`` and ``turnout_sum``, each (C, P+1): agents, and the
        sums of their transfer willingness and turnout propensity (as fractions), by party.
        """
        return kernels.tallies(self.party, self.transfer, self.turnout, self.offsets,
                               self.n_parties)

    # ------------------------------------------------------------------ rounds
    def respond(self, rule: Any, signals: CampaignSignals, round_no: int,
                streams: Streams) -> dict[str, np.ndarray] | None:
        """Apply a voter response rule to every agent, one constituency at a time, each with
        the stream ``voters``/(round, constituency).

        A rule that offers ``fused_tables`` (the default ``loyal_transfer``) runs as one fused
        kernel over all constituencies when the numba engine is on; it gives exactly what the
        rule's own ``respond`` gives block by block. Returns the tallies after the update when
        the fused kernel computed them on the way (else None).
        """
        fused = getattr(rule, "fused_tables", None)
        tables = fused(signals) if fused is not None and kernels.engine() == "numba" else None
        if tables is None:
            for block in self.blocks():
                rng = streams.generator("voters", round_no, block.constituency)
                rule.respond(block, signals, rng)
            return None
        keys = np.stack([kernels.sequence_keys(streams.sequence("voters", round_no, c), 3)
                         for c in range(self.n_constituencies)])
        return kernels.loyal_transfer(self.party, self.transfer, self.turnout, self.offsets,
                                      self.region_of, keys, tables)

    # ------------------------------------------------------------------ polls
    def poll(self, round_no: int, sample_size: int, n_regions: int,
             streams: Streams) -> PollResult:
        """Interview ``sample_size`` agents drawn uniformly (with replacement) in each region."""
        n = self.n_parties
        support = np.zeros((n_regions, n + 1))
        transfer = np.full((n_regions, n), np.nan)
        turnout = np.full((n_regions, n), np.nan)
        counts = np.diff(self.offsets)
        for r in range(n_regions):
            seats = np.flatnonzero(self.region_of == r)
            if seats.size == 0:
                continue
            rng = streams.generator("polls", round_no, r)
            cum = np.cumsum(counts[seats])
            draws = rng.integers(0, cum[-1], size=sample_size)
            which = np.searchsorted(cum, draws, side="right")
            idx = self.offsets[seats[which]] + (draws - np.concatenate([[0], cum[:-1]])[which])
            row = self.party[idx].astype(np.intp) + 1
            hits = np.bincount(row, minlength=n + 1)
            support[r] = hits / sample_size
            with np.errstate(invalid="ignore", divide="ignore"):
                transfer[r] = (np.bincount(row, weights=self.transfer[idx] * UNIT16,
                                           minlength=n + 1) / hits)[1:]
                turnout[r] = (np.bincount(row, weights=self.turnout[idx] * UNIT16,
                                          minlength=n + 1) / hits)[1:]
        return PollResult(round_no, support, transfer, turnout, sample_size)

    # ------------------------------------------------------------------ election
    def vote(
        self, ballots: list[Ballot], defection_share: float, streams: Streams
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every agent decides: turn out or not, then whom to vote for (see :class:`Ballot`).

        Returns:
            votes: (C, P) votes (agent votes × ``voters_per_agent``).
            transfer: (C, 2) agents (× voters_per_agent) whose party did not stand but an ally
                did and who turned out, and how many of them voted for that ally.
        """
        keys = np.stack([kernels.sequence_keys(streams.sequence("election", c), 2)
                         for c in range(self.n_constituencies)])
        votes, transfer = kernels.vote(self.party, self.loyalty, self.transfer, self.turnout,
                                       self.offsets, keys,
                                       kernels.ballot_tables(ballots, defection_share))
        return votes * self.voters_per_agent, transfer * self.voters_per_agent


def cast_votes(
    block: VoterBlock, ballot: Ballot, defection_share: float, rng: np.random.Generator
) -> tuple[np.ndarray, int, int]:
    """Votes of one constituency's agents; returns (votes per party, eligible, transferred).

    Each agent draws a turnout uniform and a choice uniform from counter-based streams keyed
    from ``rng`` (:mod:`sim.kernels`); :meth:`VoterPopulation.vote` gives the same numbers.
    """
    keys = kernels.stream_keys(rng, 2)
    return kernels.vote_block_numpy(block.party, block.loyalty, block.transfer, block.turnout,
                                    keys, ballot.primary, ballot.uses_transfer,
                                    ballot.secondary, ballot.floating, defection_share)
