"""Opinion polls: a noisy sample of voter agents per region, all any party knows of the public."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
        loyalty: (R, P) mean loyalty of each party's sampled supporters (None if not asked).
        likely_transfer: (R, P) their transfer willingness weighted by turnout propensity
            (among likely voters); None if not asked.
        nonpartisan_turnout: (R,) mean turnout propensity of sampled non-partisans.
    """

    round: int
    support: np.ndarray
    transfer: np.ndarray
    turnout: np.ndarray
    sample_size: int
    loyalty: np.ndarray | None = None
    likely_transfer: np.ndarray | None = None
    nonpartisan_turnout: np.ndarray | None = None

    def party_transfer(self) -> np.ndarray:
        """(P,) each party's polled transfer willingness, averaged over regions weighted by its
        support there (NaN for a party with no respondent anywhere)."""
        return self.party_mean(self.transfer)

    def party_mean(self, values: np.ndarray) -> np.ndarray:
        """(P,) a polled (R, P) quantity averaged over regions, weighted by each party's support
        there (NaN for a party with no respondent anywhere)."""
        weights = self.support[:, 1:]
        ok = ~np.isnan(values)
        w = np.where(ok, weights, 0.0)
        total = w.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, (np.where(ok, values, 0.0) * w).sum(axis=0) / total,
                            np.nan)
