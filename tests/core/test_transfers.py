"""Pair transfer affinity (``sim.core.transfers``): the formula worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from sim.core.transfers import affinity_matrix


def test_affinity_falls_with_ideological_distance() -> None:
    ideology = np.array([-0.8, -0.3, 0.8])
    a = affinity_matrix(ideology, 1.0)
    # 1 − |−0.8 − (−0.3)|/2 = 0.75; 1 − 1.6/2 = 0.2; 1 − 1.1/2 = 0.45
    assert a[0, 1] == pytest.approx(0.75) and a[0, 2] == pytest.approx(0.2)
    assert a[1, 2] == pytest.approx(0.45)
    assert np.allclose(a, a.T) and np.allclose(np.diag(a), 1.0)
    # the closer ally is always the more liked, at any sharpness > 0
    for sharpness in (0.5, 1.0, 3.0):
        b = affinity_matrix(ideology, sharpness)
        assert b[0, 1] > b[0, 2] and b[0, 1] == pytest.approx(0.75 ** sharpness)


def test_sharpness_zero_makes_every_pair_alike_and_pairs_override_one_direction() -> None:
    ideology = np.array([-1.0, 1.0])
    assert affinity_matrix(ideology, 0.0) == pytest.approx(np.ones((2, 2)))
    a = affinity_matrix(ideology, 1.0, {(0, 1): 0.6})
    assert a[0, 1] == 0.6 and a[1, 0] == 0.0  # the two ends: 1 − 2/2 = 0
    with pytest.raises(ValueError):
        affinity_matrix(ideology, 1.0, {(0, 1): 1.5})
