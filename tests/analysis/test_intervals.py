"""Intervals worked by hand: Wilson, Newcombe, bootstrap bounds, t."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis.intervals import (
    bootstrap_mean,
    difference,
    interval,
    kind_of,
    newcombe,
    t_interval,
    wilson,
)


def test_wilson_worked_by_hand() -> None:
    """8 of 10, z = 1.959964: centre (0.8 + z²/20) / (1 + z²/10) = 0.99208 / 1.38415 = 0.71674;
    half-width z·sqrt(0.8·0.2/10 + z²/400) / (1 + z²/10) = 1.959964 · 0.160013 / 1.38415
    = 0.22658; so [0.4902, 0.9433] (Newcombe 1998, Table I, gives 0.4902–0.9433)."""
    p, lo, hi = wilson(8, 10)
    assert p == 0.8
    assert lo == pytest.approx(0.4902, abs=5e-5)
    assert hi == pytest.approx(0.9433, abs=5e-5)


def test_wilson_at_the_edges_stays_inside_zero_one() -> None:
    p, lo, hi = wilson(0, 10)
    assert (p, lo) == (0.0, 0.0) and hi == pytest.approx(0.2775, abs=5e-5)
    p, lo, hi = wilson(10, 10)
    assert (p, hi) == (1.0, 1.0) and lo == pytest.approx(0.7225, abs=5e-5)


def test_newcombe_difference_worked_by_hand() -> None:
    """56/70 vs 48/80 (Newcombe 1998, example (a) of Table II): 0.2 [0.0524, 0.3339]."""
    d, lo, hi = newcombe(48, 80, 56, 70)
    assert d == pytest.approx(0.2)
    assert lo == pytest.approx(0.0524, abs=5e-4)
    assert hi == pytest.approx(0.3339, abs=5e-4)


def test_t_interval_worked_by_hand() -> None:
    """2, 4, 6, 8: mean 5, sd sqrt(20/3) = 2.582, se 1.291, t(0.975, 3) = 3.1824 -> ±4.108."""
    m, lo, hi = t_interval(np.array([2.0, 4.0, 6.0, 8.0]))
    assert m == 5.0 and hi - m == pytest.approx(4.1085, abs=1e-3) and lo == pytest.approx(
        5 - 4.1085, abs=1e-3)


def test_kinds() -> None:
    assert kind_of(np.array([True, False])) == "share"
    assert kind_of(np.array([0, 1, 1.0])) == "count"
    assert kind_of(np.array([0, 3, 12])) == "count"
    assert kind_of(np.array([0.4, 0.5])) == "continuous"
    m, lo, hi, n = interval([True, False, True, True])
    assert (m, n) == (0.75, 4) and (lo, hi) == pytest.approx(wilson(3, 4)[1:])
    assert interval([3.0]) == (3.0, 3.0, 3.0, 1)
    assert np.isnan(interval([None, float("nan")])[0])


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=40))
def test_a_count_interval_never_leaves_the_values_seen(seats: list[int]) -> None:
    m, lo, hi, _ = interval(seats)
    assert min(seats) <= lo <= m <= hi <= max(seats)


def test_a_bounded_count_near_its_maximum_is_not_pushed_past_it() -> None:
    """Nine runs at the maximum (60) and one at 59: a t-interval would reach 60.2."""
    seats = [60] * 9 + [59]
    assert t_interval(np.array(seats, dtype=float))[2] > 60
    assert interval(seats)[2] <= 60


def test_bootstrap_is_reproducible_and_difference_signs() -> None:
    x = np.arange(20, dtype=float)
    assert bootstrap_mean(x) == bootstrap_mean(x)
    d, lo, hi = difference(np.zeros(10), np.full(10, 3.0))
    assert (d, lo, hi) == (3.0, 3.0, 3.0)
    d, lo, hi = difference(np.array([0.1, 0.2, 0.3]), np.array([0.5, 0.6, 0.7]))
    assert d == pytest.approx(0.4) and lo < 0.4 < hi
