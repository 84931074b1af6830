"""Threshold search on monotone toys whose crossing is known."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.threshold import crossing_point, find_threshold

NOISE = np.random.default_rng(5).normal(0.0, 0.2, 40)  # one draw per replication (CRN)


def rising(x: float) -> np.ndarray:
    """y = 2x + noise: the mean crosses 1 at x = 0.5 (+ mean noise / 2)."""
    return 2.0 * x + NOISE


def test_finds_a_known_crossing_with_an_interval_around_it() -> None:
    result = find_threshold(rising, 0.0, 1.0, 1.0, tolerance=0.01)
    truth = 0.5 - NOISE.mean() / 2
    assert result.bracketed and result.increasing
    assert result.crossing == pytest.approx(truth, abs=0.01)
    assert result.low < truth < result.high
    assert result.high - result.low < 0.2
    # 2 ends + bisection down to 0.01: 1 / 2^7 < 0.01
    assert len(result.probes) == 2 + 7


def test_a_falling_outcome_and_a_target_out_of_range() -> None:
    result = find_threshold(lambda x: 10 - 4 * x + NOISE, 0.0, 2.0, 6.0, tolerance=0.02)
    assert not result.increasing
    assert result.crossing == pytest.approx(1.0 + NOISE.mean() / 4, abs=0.02)
    missed = find_threshold(rising, 0.0, 1.0, 5.0, tolerance=0.01)
    assert not missed.bracketed and missed.crossing is None and len(missed.probes) == 2
    with pytest.raises(ValueError, match="low < high"):
        find_threshold(rising, 1.0, 1.0, 0.5, tolerance=0.1)


def test_max_probes_caps_the_runs() -> None:
    result = find_threshold(rising, 0.0, 1.0, 1.0, tolerance=1e-9, max_probes=5)
    assert len(result.probes) == 5


def test_crossing_point_worked_by_hand() -> None:
    xs = np.array([0.0, 1.0, 2.0])
    assert crossing_point(xs, np.array([0.0, 2.0, 4.0]), 3.0, True) == 2.0 - 0.5
    # a dip (noise) does not create an earlier crossing: the curve is made monotone
    assert crossing_point(xs, np.array([0.0, 3.5, 3.0]), 3.0, True) == pytest.approx(6 / 7)
    assert crossing_point(xs, np.array([0.0, 1.0, 2.0]), 9.0, True) == 2.0
    assert crossing_point(xs, np.array([4.0, 2.0, 0.0]), 3.0, False) == 0.5
