"""Scenarios: the constituencies, regions, parties and alliances a run is played on.

A :class:`Scenario` is plain, frozen data built from a validated config, either from
constituencies listed in the config, from a seeded synthetic generator that makes regional
strongholds and swing seats, or from real constituency results (:mod:`sim.real`: a reference
election or a blend, with swing). Baseline vote shares stand for the reference election that
every party knows: their regional strength.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config import BehaviourSpec, Config, Goals, synthetic_ids


@dataclass(frozen=True)
class Party:
    """A party's fixed attributes (its agent holds the changing state)."""

    id: str
    name: str
    ideology: float
    goals: Goals
    strategy: BehaviourSpec
    campaign_budget: float
    loyalty: float
    initial_transfer: float
    transfer_floor: float


@dataclass(frozen=True)
class Alliance:
    """An alliance its members try to form, as party indices."""

    name: str
    members: tuple[int, ...]
    rivals: tuple[int, ...]
    protocol: BehaviourSpec
    scope: str = "whole"
    presence: float = 0.0


@dataclass(frozen=True)
class Goodwill:
    """``giver`` stands down in ``constituencies`` in favour of ``beneficiary``."""

    giver: int
    beneficiary: int
    constituencies: tuple[int, ...]


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array, copy=True)
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class Scenario:
    """Everything fixed about a run's world."""

    constituency_ids: tuple[str, ...]
    constituency_names: tuple[str, ...]
    regions: tuple[str, ...]
    region_of: np.ndarray  # (C,) int: region index of each constituency
    electors: np.ndarray  # (C,) int64
    shares: np.ndarray  # (C, P) baseline vote shares, rows sum to 1
    turnout: np.ndarray  # (C,) baseline turnout
    parties: tuple[Party, ...]
    alliances: tuple[Alliance, ...] = ()
    government: tuple[int, ...] = ()
    goodwill: tuple[Goodwill, ...] = ()
    rounds: int = 8
    quiet_rounds: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("region_of", "electors", "shares", "turnout"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        c, p = self.shares.shape
        if p != len(self.parties) or c != len(self.constituency_ids):
            raise ValueError("shares must be (constituencies, parties)")

    @property
    def n_constituencies(self) -> int:
        return len(self.constituency_ids)

    @property
    def n_parties(self) -> int:
        return len(self.parties)

    @property
    def n_regions(self) -> int:
        return len(self.regions)

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    def party_index(self, party_id: str) -> int:
        return self.party_ids.index(party_id)

    @property
    def alliance_of(self) -> np.ndarray:
        """(P,) index of each party's alliance, -1 for none."""
        out = np.full(self.n_parties, -1, dtype=np.int64)
        for a, alliance in enumerate(self.alliances):
            out[list(alliance.members)] = a
        return out

    @property
    def opposition(self) -> np.ndarray:
        """(P,) bool: parties outside the government (all of them if none is named)."""
        mask = np.ones(self.n_parties, dtype=bool)
        mask[list(self.government)] = False
        return mask

    def region_mask(self, region: int) -> np.ndarray:
        return self.region_of == region


def build_scenario(config: Config, rng: np.random.Generator) -> Scenario:
    """Build the scenario a config describes (``rng`` is the ``scenario`` stream)."""
    party_configs = list(config.parties)
    if config.scenario.source == "results":
        from sim.real import remainder_party

        party_configs += remainder_party(config)  # the pooled "others", unless listed
    parties = tuple(
        Party(
            id=p.id,
            name=p.name or p.id,
            ideology=p.ideology,
            goals=p.goals,
            strategy=p.strategy,
            campaign_budget=p.campaign_budget,
            loyalty=p.loyalty,
            initial_transfer=p.initial_transfer,
            transfer_floor=p.transfer_floor,
        )
        for p in party_configs
    )
    ids = [p.id for p in parties]
    if config.scenario.source == "explicit":
        geography = _explicit(config, ids)
    elif config.scenario.source == "results":
        from sim.real import results_geography

        geography = results_geography(config)
    else:
        geography = _synthetic(config, rng)
    cid_index = {cid: i for i, cid in enumerate(geography["constituency_ids"])}
    alliances = tuple(
        Alliance(
            name=a.name,
            members=tuple(ids.index(m) for m in a.members),
            rivals=tuple(ids.index(r) for r in a.rivals),
            protocol=a.protocol,
            scope=a.scope,
            presence=a.presence,
        )
        for a in config.alliances
    )
    goodwill = tuple(
        Goodwill(
            giver=ids.index(g.giver),
            beneficiary=ids.index(g.beneficiary),
            constituencies=tuple(cid_index[c] for c in g.constituencies),
        )
        for g in config.goodwill
    )
    return Scenario(
        parties=parties,
        alliances=alliances,
        government=tuple(ids.index(g) for g in config.scenario.government),
        goodwill=goodwill,
        rounds=config.calendar.rounds,
        quiet_rounds=frozenset(config.calendar.quiet_rounds),
        **geography,
    )


def _explicit(config: Config, ids: list[str]) -> dict:
    rows = config.scenario.constituencies
    regions: list[str] = []
    for c in rows:
        if c.region not in regions:
            regions.append(c.region)
    shares = np.array([[c.shares.get(pid, 0.0) for pid in ids] for c in rows], dtype=np.float64)
    shares /= shares.sum(axis=1, keepdims=True)
    return {
        "constituency_ids": tuple(c.id for c in rows),
        "constituency_names": tuple(c.name or c.id for c in rows),
        "regions": tuple(regions),
        "region_of": np.array([regions.index(c.region) for c in rows], dtype=np.int64),
        "electors": np.array([c.electors for c in rows], dtype=np.int64),
        "shares": shares,
        "turnout": np.full(len(rows), config.voters.turnout),
    }


def synthetic_shares(
    strengths: np.ndarray,
    region_of: np.ndarray,
    n_regions: int,
    stronghold: float,
    local_noise: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Baseline vote shares with regional strongholds and local variation.

    share[c, p] is proportional to national strength[p] × a regional multiplier
    exp(stronghold · z[r, p]) × a local multiplier exp(local_noise · z[c, p]), with z standard
    normal: a party can be strong in some regions and weak in others, and close seats arise
    where multipliers cross.
    """
    n_parties = strengths.size
    regional = np.exp(stronghold * rng.standard_normal((n_regions, n_parties)))
    local = np.exp(local_noise * rng.standard_normal((region_of.size, n_parties)))
    raw = strengths[None, :] * regional[region_of] * local
    return raw / raw.sum(axis=1, keepdims=True)


def _synthetic(config: Config, rng: np.random.Generator) -> dict:
    spec = config.scenario.synthetic
    n = spec.n_constituencies
    n_regions = min(spec.n_regions, n)
    region_of = (np.arange(n) * n_regions) // n
    strengths = np.array([p.strength or 0.0 for p in config.parties], dtype=np.float64)
    strengths = strengths / strengths.sum()
    shares = synthetic_shares(
        strengths, region_of, n_regions, spec.stronghold, spec.local_noise, rng
    )
    spread = rng.uniform(-spec.electors_spread, spec.electors_spread, n)
    electors = np.maximum(1, np.rint(spec.electors_mean * (1.0 + spread))).astype(np.int64)
    ids = synthetic_ids(n)
    return {
        "constituency_ids": tuple(ids),
        "constituency_names": tuple(f"Constituency {i + 1}" for i in range(n)),
        "regions": tuple(f"R{r + 1}" for r in range(n_regions)),
        "region_of": region_of.astype(np.int64),
        "electors": electors,
        "shares": shares,
        "turnout": np.full(n, config.voters.turnout),
    }
