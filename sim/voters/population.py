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

from sim.core.rng import Streams
from sim.engine import loyal_transfer, switch, tallies, traits, vote
from sim.engine.counters import sequence_keys, stream_keys
from sim.engine.fixed_point import UNIT16
from sim.engine.settings import engine
from sim.voters.ballots import Ballot
from sim.voters.block import VoterBlock
from sim.voters.polls import PollResult
from sim.voters.signals import CampaignSignals

TALLY_KEYS = ("count", "transfer_sum", "turnout_sum")

NONE = -1  # party identification of a non-partisan voter
TURNOUT_TABLES_PER_BATCH = 64  # turnout samplers held at once while drawing the population


@dataclass(frozen=True)
class _Frame:
    """Where a poll draws from: constituencies ordered by region (``seats``), their
    cumulative agent counts (``cum``; ``before`` = the count before each), and each region's
    agents (``agents``) and first position in that order (``start``)."""

    seats: np.ndarray
    cum: np.ndarray
    before: np.ndarray
    agents: np.ndarray
    start: np.ndarray


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
        self._frame: _Frame | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def draw(
        cls,
        streams: Streams,
        *,
        electors: np.ndarray,
        shares: np.ndarray,
        turnout: np.ndarray,
        region_of: np.ndarray,
        loyalty: np.ndarray,
        initial_transfer: np.ndarray,
        voters_per_agent: int,
        nonpartisan_share: float,
        concentration: float,
    ) -> VoterPopulation:
        """Draw the agents: party identification from baseline shares, traits from Beta laws
        with each party's mean loyalty and transfer willingness and the seat's turnout.

        Args:
            streams: the run's named streams (``population`` is used).
            electors: (C,) electors per constituency.
            shares: (C, P) baseline vote shares (rows sum to 1).
            turnout: (C,) mean turnout propensity per constituency.
            region_of: (C,) region index of each constituency.
            loyalty, initial_transfer: (P,) each party's supporters' mean loyalty and
                initial transfer willingness.
            voters_per_agent: electors one agent stands for.
            nonpartisan_share: share of agents identifying with no party.
            concentration: κ of the Beta laws (larger: traits closer to their means).

        Each constituency's party counts are a multinomial draw; its agents are stored sorted
        by party. Non-partisans get loyalty around 0.5 and transfer willingness around the
        parties' mean initial willingness: the traits they bring to a party they come to
        support (persuasion, conversion). A trait is stored as its Beta draw rounded to the
        fixed-point grid: it is drawn directly on that grid with the exact probabilities of
        the rounded Beta draw (Walker's alias method, :func:`sim.engine.traits.beta_table`)
        from the constituency's counter-based streams, in one kernel pass (no per-agent
        temporary).
        """
        shares = np.asarray(shares, dtype=np.float64)
        n_c, n_parties = shares.shape
        counts = np.maximum(1, np.rint(np.asarray(electors) / voters_per_agent)).astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        total = int(offsets[-1])
        party = np.empty(total, dtype=np.int8)
        loyalty_of = np.empty(total, dtype=np.uint8)
        transfer = np.empty(total, dtype=np.uint16)
        turnout_of = np.empty(total, dtype=np.uint16)
        loyalty_mean = np.concatenate([[0.5], np.asarray(loyalty, dtype=np.float64)])
        # a non-partisan's latent traits (loosely attached, middling willingness) are what it
        # brings to a party it comes to support
        initial = np.asarray(initial_transfer, dtype=np.float64)
        transfer_mean = np.concatenate([[initial.mean() if initial.size else 0.0], initial])
        by_party = np.zeros((n_c, n_parties + 1), dtype=np.int64)
        keys = np.zeros((n_c, 3), dtype=np.uint64)
        for c in range(n_c):
            rng = streams.generator("population", c)
            probs = np.concatenate([[nonpartisan_share], (1.0 - nonpartisan_share) * shares[c]])
            by_party[c] = rng.multinomial(counts[c], probs / probs.sum())
            keys[c] = stream_keys(rng, 3)
        loyalty_table = traits.beta_table(loyalty_mean, concentration, 256)
        transfer_table = traits.beta_table(transfer_mean, concentration, 65536)
        # one turnout table per distinct turnout, built a batch at a time to bound memory
        levels, which = np.unique(np.asarray(turnout, dtype=np.float64), return_inverse=True)
        for first in range(0, levels.size, TURNOUT_TABLES_PER_BATCH):
            last = first + TURNOUT_TABLES_PER_BATCH
            turnout_table = traits.beta_table(levels[first:last], concentration, 65536)
            batch = np.flatnonzero((which >= first) & (which < last))
            traits.draw_traits(party, loyalty_of, transfer, turnout_of, offsets, by_party, keys,
                               loyalty_table, transfer_table, turnout_table, which - first,
                               constituencies=batch)
        return cls(offsets, party, loyalty_of, transfer, turnout_of, np.asarray(region_of),
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
        return tallies.tallies(self.party, self.transfer, self.turnout, self.offsets,
                               self.n_parties)

    # ------------------------------------------------------------------ rounds
    def respond(self, rule: Any, signals: CampaignSignals, round_no: int,
                streams: Streams) -> dict[str, np.ndarray] | None:
        """Apply a voter response rule to every agent, one constituency at a time, each with
        the stream ``voters``/(round, constituency).

        A rule tagged ``fusable`` (the default ``loyal_transfer``) runs as one fused kernel over
        all constituencies when the numba engine is on; it gives exactly what the rule's own
        ``respond`` gives block by block. Returns the tallies after the update when the fused
        kernel computed them on the way (else None).
        """
        if not ("fusable" in rule.tags() and engine() == "numba"):
            for block in self.blocks():
                rng = streams.generator("voters", round_no, block.constituency)
                rule.respond(block, signals, rng)
            return None
        keys = np.stack([sequence_keys(streams.sequence("voters", round_no, c), 3)
                         for c in range(self.n_constituencies)])
        return loyal_transfer.update_population(self.party, self.transfer, self.turnout,
                                                self.offsets, self.region_of, keys,
                                                rule.fused_tables(signals))

    def shift_support(self, tables: switch.SwitchTables, round_no: int, streams: Streams,
                      counted: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        """Move party identification by the round's switching ``tables`` (one pass over every
        agent, with the stream ``support``/(round, constituency)), and put every
        constituency's agents back in party order (see :mod:`sim.engine.switch`).

        Args:
            counted: this round's tallies (as :meth:`tallies`) if already computed.

        Returns:
            The tallies after the switches.
        """
        counted = counted if counted is not None else self.tallies()
        keys = np.stack([sequence_keys(streams.sequence("support", round_no, c), 2)
                         for c in range(self.n_constituencies)])
        delta = switch.switch(self.party, self.loyalty, self.transfer, self.turnout,
                              self.offsets, self.region_of, keys, tables)
        # the tallies hold integers (counts, fixed-point sums) scaled once: add exactly
        count = np.rint(counted["count"]).astype(np.int64) + delta[0]
        tsum = np.rint(counted["transfer_sum"] * 65535.0).astype(np.int64) + delta[1]
        usum = np.rint(counted["turnout_sum"] * 65535.0).astype(np.int64) + delta[2]
        return tallies.tallies_out(count, tsum, usum)

    # ------------------------------------------------------------------ polls
    def poll(self, round_no: int, sample_size: int, n_regions: int, streams: Streams,
             pollster: int = 0) -> PollResult:
        """Interview ``sample_size`` agents drawn uniformly (with replacement) in each region.

        Each pollster draws its own sample from its own stream, ``polls``/(round, pollster)
        (pollster 0 is the public poll; party p commissions pollster p + 1). Besides support, a
        poll measures each party's supporters' mean transfer willingness, turnout propensity
        and loyalty, their transfer willingness among likely voters (weighted by turnout, as a
        pollster's turnout screen does) and the non-partisans' turnout.
        """
        n = self.n_parties
        frame = self._sampling_frame(n_regions)
        rng = streams.generator("polls", round_no, pollster)
        # region r's respondents: uniform positions in its stretch of the regions' agent list
        # (a float64 uniform times the count: 53 random bits, far more than any count needs)
        draws = (rng.random((n_regions, sample_size)) * frame.agents[:, None]).astype(np.int64)
        at = draws + frame.start[:, None]
        which = np.searchsorted(frame.cum, at, side="right")
        idx = (self.offsets[frame.seats[which]] + (at - frame.before[which])).ravel()
        region = np.repeat(np.arange(n_regions), sample_size)
        cell = region * (n + 1) + self.party[idx].astype(np.intp) + 1
        size = n_regions * (n + 1)

        def by_cell(weights: np.ndarray | None = None) -> np.ndarray:
            return np.bincount(cell, weights=weights, minlength=size).reshape(n_regions, n + 1)

        w = self.transfer[idx] * UNIT16
        t = self.turnout[idx] * UNIT16
        hits = by_cell()  # every region has constituencies, so every region has respondents
        support = hits / sample_size
        with np.errstate(invalid="ignore", divide="ignore"):
            sum_t = by_cell(t)
            transfer = (by_cell(w) / hits)[:, 1:]
            turnout = sum_t / hits
            likely = (by_cell(w * t) / sum_t)[:, 1:]
            loyalty = (by_cell(self.loyalty[idx] / 255.0) / hits)[:, 1:]
        return PollResult(round_no, support, transfer, turnout[:, 1:], sample_size,
                          loyalty=loyalty, likely_transfer=likely,
                          nonpartisan_turnout=turnout[:, 0])

    def _sampling_frame(self, n_regions: int) -> _Frame:
        """The regions' constituencies in a row with their cumulative agent counts (fixed for
        the run: agents never leave their constituency)."""
        if self._frame is None or self._frame.agents.size != n_regions:
            counts = np.diff(self.offsets)
            seats = np.argsort(self.region_of, kind="stable")
            cum = np.cumsum(counts[seats])
            agents = np.bincount(self.region_of, weights=counts,
                                 minlength=n_regions).astype(np.int64)
            start = np.concatenate([[0], np.cumsum(agents)[:-1]]).astype(np.int64)
            self._frame = _Frame(seats, cum, cum - counts[seats], agents, start)
        return self._frame

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
        keys = np.stack([sequence_keys(streams.sequence("election", c), 2)
                         for c in range(self.n_constituencies)])
        tables = vote.ballot_tables(ballots, defection_share)
        votes, transfer = vote.vote(self.party, self.loyalty, self.transfer, self.turnout,
                                    self.offsets, keys, tables)
        return votes * self.voters_per_agent, transfer * self.voters_per_agent


def cast_votes(
    block: VoterBlock, ballot: Ballot, defection_share: float, rng: np.random.Generator
) -> tuple[np.ndarray, int, int]:
    """Votes of one constituency's agents; returns (votes per party, eligible, transferred).

    Each agent draws a turnout uniform and a choice uniform from counter-based streams keyed
    from ``rng`` (:mod:`sim.engine.counters`); :meth:`VoterPopulation.vote` gives the same numbers.
    """
    keys = stream_keys(rng, 2)
    unit = vote.ballot_tables([ballot], defection_share).transfer_unit[0]
    return vote.vote_block_numpy(block.party, block.loyalty, block.transfer, block.turnout,
                                 keys, ballot.primary, ballot.uses_transfer,
                                 ballot.secondary, ballot.floating, defection_share, unit)
