"""Pure outcome measures: effective number of parties, opposition unity, transfer rate.

Each takes plain arrays and is checked in the tests against cases worked by hand.
"""

from __future__ import annotations

import numpy as np


def effective_number_of_parties(amounts: np.ndarray) -> float:
    """Laakso–Taagepera effective number of parties, 1 / Σ sᵢ², of votes or seats.

    Source: Laakso, M. & Taagepera, R. (1979), "Effective" number of parties, Comparative
    Political Studies 12(1).
    """
    amounts = np.asarray(amounts, dtype=np.float64)
    total = amounts.sum()
    if total <= 0:
        return float("nan")
    shares = amounts / total
    return float(1.0 / np.square(shares).sum())


def index_of_opposition_unity(votes: np.ndarray, opposition: np.ndarray) -> np.ndarray:
    """Index of Opposition Unity per constituency: 100 × largest opposition party's votes /
    all opposition votes (NaN where the opposition polled nothing).

    Source: the IOU used in Indian election studies since Butler, Lahiri & Roy, India Decides.

    Args:
        votes: (C, P) votes per constituency and party.
        opposition: (P,) bool, the parties that count as opposition.
    """
    opp = np.asarray(votes, dtype=np.float64)[:, np.asarray(opposition, dtype=bool)]
    total = opp.sum(axis=1)
    largest = opp.max(axis=1) if opp.shape[1] else np.zeros(len(opp))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 100.0 * largest / total, np.nan)


def transfer_rate(transferred: float, eligible: float) -> float:
    """Share of a non-standing partner's supporters (who turned out) who voted for the ally.

    NaN when no such supporter exists (every partner stood wherever it had supporters).
    """
    return float(transferred / eligible) if eligible > 0 else float("nan")
