"""Facts every negotiator shares: baseline shares, geography, ideologies, rules."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class World:
    """Facts every negotiator shares: baseline shares, geography, ideologies, rules."""

    shares: np.ndarray  # (C, P)
    region_of: np.ndarray  # (C,)
    n_regions: int
    ideology: np.ndarray  # (P,)
    min_share_to_stand: float
    forecast_noise: float
    goodwill: tuple[tuple[int, int, tuple[int, ...]], ...] = ()

    @property
    def n_constituencies(self) -> int:
        return self.shares.shape[0]

    def local(self, rows: np.ndarray) -> World:
        """The same world restricted to constituencies ``rows`` (for a regional table)."""
        return replace(self, shares=self.shares[rows], region_of=self.region_of[rows],
                       goodwill=())

    @property
    def n_parties(self) -> int:
        return self.shares.shape[1]
