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

import numpy as np

from sim.rng import Streams
from sim.scenario import Scenario

UNIT16 = np.float32(1.0 / 65535.0)
UNIT8 = np.float32(1.0 / 255.0)
NONE = -1  # party identification of a non-partisan voter


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
        with each party's mean loyalty and transfer willingness and the seat's turnout."""
        n_parties = scenario.n_parties
        counts = np.maximum(1, np.rint(scenario.electors / voters_per_agent)).astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)])
        total = int(offsets[-1])
        party = np.empty(total, dtype=np.int8)
        loyalty = np.empty(total, dtype=np.uint8)
        transfer = np.empty(total, dtype=np.uint16)
        turnout = np.empty(total, dtype=np.uint16)
        loyalty_mean = np.array([0.5] + [p.loyalty for p in scenario.parties])
        transfer_mean = np.array([0.0] + [p.initial_transfer for p in scenario.parties])
        for c in range(scenario.n_constituencies):
            rng = streams.generator("population", c)
            lo, hi = offsets[c], offsets[c + 1]
            probs = np.concatenate(
                [[nonpartisan_share], (1.0 - nonpartisan_share) * scenario.shares[c]]
            )
            by_party = rng.multinomial(hi - lo, probs / probs.sum())
            ids = np.repeat(np.arange(-1, n_parties, dtype=np.int8), by_party)
            party[lo:hi] = ids
            row = ids.astype(np.intp) + 1
            loyalty[lo:hi] = to_u8(_beta(rng, loyalty_mean[row], concentration))
            transfer[lo:hi] = to_u16(_beta(rng, transfer_mean[row], concentration))
            turnout[lo:hi] = to_u16(
                _beta(rng, np.full(row.size, scenario.turnout[c]), concentration)
            )
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

        Returns ``count``, ``transfer_sum`` and ``turnout_sum``, each (C, P+1).
        """
        shape = (self.n_constituencies, self.n_parties + 1)
        out = {k: np.zeros(shape) for k in ("count", "transfer_sum", "turnout_sum")}
        for block in self.blocks():
            row = block.party.astype(np.intp) + 1
            n = self.n_parties + 1
            out["count"][block.constituency] = np.bincount(row, minlength=n)
            out["transfer_sum"][block.constituency] = np.bincount(
                row, weights=block.transfer_fraction(), minlength=n
            )
            out["turnout_sum"][block.constituency] = np.bincount(
                row, weights=block.turnout_fraction(), minlength=n
            )
        return out

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
        n = self.n_parties
        votes = np.zeros((self.n_constituencies, n), dtype=np.int64)
        transfer = np.zeros((self.n_constituencies, 2), dtype=np.int64)
        for block in self.blocks():
            c = block.constituency
            rng = streams.generator("election", c)
            counts, eligible, transferred = cast_votes(block, ballots[c], defection_share, rng)
            votes[c] = counts
            transfer[c] = (eligible, transferred)
        return votes * self.voters_per_agent, transfer * self.voters_per_agent


def cast_votes(
    block: VoterBlock, ballot: Ballot, defection_share: float, rng: np.random.Generator
) -> tuple[np.ndarray, int, int]:
    """Votes of one constituency's agents; returns (votes per party, eligible, transferred)."""
    n_parties = ballot.floating.size
    size = block.size
    u_turnout = rng.random(size, dtype=np.float32)
    u_choice = rng.random(size, dtype=np.float32)
    row = block.party.astype(np.intp) + 1
    votes_out = u_turnout < block.turnout_fraction()
    uses_transfer = ballot.uses_transfer[row]
    p_primary = np.where(uses_transfer, block.transfer_fraction(),
                         block.loyalty.astype(np.float32) * UNIT8)
    p_primary = np.where(ballot.primary[row] >= 0, p_primary, np.float32(0.0))
    # loyalists who are not loyal defect; non-transferring voters defect or abstain
    p_vote = np.where(uses_transfer | (ballot.primary[row] < 0),
                      p_primary + (1 - p_primary) * np.float32(defection_share),
                      np.float32(1.0))
    choice = np.where(u_choice < p_primary, ballot.primary[row],
                      np.where(u_choice < p_vote, ballot.secondary[row], -1))
    floating = block.party < 0
    if floating.any():
        pick = np.searchsorted(ballot.floating, u_choice[floating], side="right")
        choice[floating] = np.minimum(pick, n_parties - 1)
    counted = votes_out & (choice >= 0)
    counts = np.bincount(choice[counted], minlength=n_parties)
    eligible_mask = votes_out & uses_transfer
    eligible = int(eligible_mask.sum())
    transferred = int((eligible_mask & (u_choice < p_primary)).sum())
    return counts, eligible, transferred


def _beta(rng: np.random.Generator, mean: np.ndarray, concentration: float) -> np.ndarray:
    """Beta draws with the given means and concentration a + b (means clipped off 0 and 1)."""
    mean = np.clip(np.asarray(mean, dtype=np.float64), 1e-3, 1 - 1e-3)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration)
