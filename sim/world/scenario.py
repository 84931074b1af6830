"""Scenarios: the constituencies, regions, parties and alliances a run is played on.

A :class:`Scenario` is plain, frozen data built from a validated config (by
:func:`sim.world.build.build_scenario`): from constituencies listed in the config, from a
seeded synthetic generator that makes regional strongholds and swing seats, or from real
constituency results (a reference election or a blend, with swing). Baseline vote shares stand
for the reference election that every party knows: their regional strength.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config.schema import BehaviourSpec
from sim.core.goals import Goals


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
    fixed_seats: tuple[tuple[int, int], ...] = ()  # (member, constituencies it must contest)


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
