"""The mood: support drifts back toward the scenario's reference shares (or its [scenario.mood])."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.support.base import SupportRule
from sim.voters.signals import SupportSignals


class MoodPull(SupportRule):
    """Party support reverts each round a fraction of the way toward the prevailing mood.

    Let s be the shares of the parties among a region's partisans now and t the same in the
    reference composition (the scenario's shares; with ``[scenario.mood]`` these are the
    mood's). A party above its target loses the fraction strength × (s_p − t_p) / s_p of its
    supporters, who go to the parties below target in proportion to their shortfall
    (t_q − s_q). In expectation every party's share moves the fraction ``strength`` of the gap
    toward its target, s′ = s − strength·(s − t); non-partisans are left alone.

    Sources: Stimson, J. (1991), Public Opinion in America: Moods, Cycles, and Swings; the
    "wave" elections of Indian politics (Yadav, Y. (1999), Electoral politics in the time of
    change, EPW 34(34/35)) in which a state-wide mood swamps local campaigns.
    """

    name = "mood"

    def __init__(self, *, strength: float = 0.1) -> None:
        check_range("strength", strength, 0.0, 1.0)
        self.strength = strength

    def hazards(self, signals: SupportSignals) -> np.ndarray:
        n_r, n_rows = signals.n_regions, signals.n_rows
        h = np.zeros((n_r, n_rows, n_rows))
        if self.strength <= 0:
            return h
        now = _partisan_shares(signals.composition)
        target = _partisan_shares(signals.baseline)
        gap = now - target
        surplus = np.maximum(gap, 0.0)
        deficit = np.maximum(-gap, 0.0)
        total = deficit.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            leave = np.where(now > 0, self.strength * surplus / now, 0.0)
            to = np.where(total > 0, deficit / total, 0.0)
        h[:, 1:, 1:] = leave[:, :, None] * to[:, None, :]
        return h


def _partisan_shares(composition: np.ndarray) -> np.ndarray:
    """(R, P) shares of the parties among partisans (rows of zeros where there are none)."""
    parties = np.asarray(composition, dtype=float)[:, 1:]
    total = parties.sum(axis=1, keepdims=True)
    return np.where(total > 0, parties / np.where(total > 0, total, 1.0), 0.0)
