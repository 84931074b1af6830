"""Outcome measures (``sim.core.metrics``) against cases worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.core.metrics import effective_number_of_parties, index_of_opposition_unity, transfer_rate


def test_enp_votes_by_hand() -> None:
    # shares 0.5, 0.3, 0.2: Σs² = 0.25 + 0.09 + 0.04 = 0.38, ENP = 1 / 0.38 = 2.6315...
    assert effective_number_of_parties(np.array([500, 300, 200])) == pytest.approx(1 / 0.38)


def test_enp_seats_by_hand() -> None:
    # seats 39, 6, 7, 8 of 60: Σs² = (1521 + 36 + 49 + 64) / 3600 = 1670 / 3600, ENP = 3600 / 1670
    assert effective_number_of_parties(np.array([39, 6, 7, 8])) == pytest.approx(3600 / 1670)


def test_enp_extremes() -> None:
    # one party with everything: 1; n equal parties: n; zero parties with seats count for nothing
    assert effective_number_of_parties(np.array([0, 12, 0])) == pytest.approx(1.0)
    assert effective_number_of_parties(np.array([5, 5, 5, 5])) == pytest.approx(4.0)
    assert math.isnan(effective_number_of_parties(np.array([0, 0])))


def test_iou_by_hand() -> None:
    # party 0 is the government; 1, 2, 3 the opposition
    votes = np.array([
        [400, 300, 200, 100],  # opposition 300 + 200 + 100 = 600; largest 300: 100·300/600 = 50
        [100, 0, 90, 10],      # opposition 100; largest 90: 90
        [100, 0, 0, 0],        # opposition polled nothing: NaN
        [10, 50, 0, 0],        # united opposition: 100
    ])
    opposition = np.array([False, True, True, True])
    iou = index_of_opposition_unity(votes, opposition)
    assert iou[0] == pytest.approx(50.0)
    assert iou[1] == pytest.approx(90.0)
    assert math.isnan(iou[2])
    assert iou[3] == pytest.approx(100.0)


def test_iou_ignores_government_votes() -> None:
    # the government's huge vote must not enter the index: 100·60/(60 + 40) = 60
    votes = np.array([[10_000, 60, 40]])
    iou = index_of_opposition_unity(votes, np.array([False, True, True]))
    assert iou.tolist() == pytest.approx([60.0])


def test_iou_without_opposition_is_nan() -> None:
    iou = index_of_opposition_unity(np.array([[5, 5]]), np.array([False, False]))
    assert math.isnan(iou[0])


def test_transfer_rate_by_hand() -> None:
    # 300 of 400 eligible partner supporters voted for the ally: 0.75
    assert transfer_rate(300, 400) == pytest.approx(0.75)
    assert transfer_rate(0, 50) == 0.0
    assert math.isnan(transfer_rate(0, 0))
