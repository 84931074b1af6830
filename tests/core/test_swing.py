"""Swing and blend formulas (``sim.core.swing``), worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from sim.core.swing import blend, move_share, proportional_swing, uniform_swing


def test_uniform_swing_adds_points_and_renormalises():
    # (0.5, 0.3, 0.2) + 0.1 for the second party -> (0.5, 0.4, 0.2) / 1.1
    out = uniform_swing(np.array([[0.5, 0.3, 0.2]]), [0.0, 0.1, 0.0])
    np.testing.assert_allclose(out, [[0.5 / 1.1, 0.4 / 1.1, 0.2 / 1.1]])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_uniform_swing_clips_at_zero():
    # (0.3, 0.5, 0.2) - 0.4 for the first party -> (0, 0.5, 0.2) / 0.7
    out = uniform_swing(np.array([[0.3, 0.5, 0.2]]), [-0.4, 0.0, 0.0])
    np.testing.assert_allclose(out, [[0.0, 5 / 7, 2 / 7]])


def test_uniform_swing_gives_a_new_party_a_foothold():
    # a party with no share: 0.05 / 1.05
    out = uniform_swing(np.array([[0.6, 0.4, 0.0]]), [0.0, 0.0, 0.05])
    np.testing.assert_allclose(out, [[0.6 / 1.05, 0.4 / 1.05, 0.05 / 1.05]])


def test_uniform_swing_only_touches_selected_rows():
    shares = np.array([[0.5, 0.5], [0.2, 0.8]])
    out = uniform_swing(shares, [0.5, 0.0], rows=np.array([False, True]))
    np.testing.assert_allclose(out[0], [0.5, 0.5])
    np.testing.assert_allclose(out[1], [0.7 / 1.5, 0.8 / 1.5])
    assert shares[1, 0] == 0.2  # input untouched


def test_proportional_swing_multiplies_and_renormalises():
    # (0.5, 0.3, 0.2) with the second party x2 -> (0.5, 0.6, 0.2) / 1.3
    out = proportional_swing(np.array([[0.5, 0.3, 0.2], [0.6, 0.0, 0.4]]), [1.0, 2.0, 1.0])
    np.testing.assert_allclose(out[0], [5 / 13, 6 / 13, 2 / 13])
    np.testing.assert_allclose(out[1], [0.6, 0.0, 0.4])  # no share stays no share


def test_blend_is_a_weighted_mean():
    # weights 3:1 -> 0.75 (0.6, 0.4) + 0.25 (0.2, 0.8) = (0.5, 0.5)
    out = blend([np.array([[0.6, 0.4]]), np.array([[0.2, 0.8]])], [3.0, 1.0])
    np.testing.assert_allclose(out, [[0.5, 0.5]])
    np.testing.assert_allclose(blend([np.array([[0.6, 0.4]])], [1.0]), [[0.6, 0.4]])


def test_move_share_hands_part_of_a_party_to_another():
    # a quarter of 0.4 moves from party 0 to party 1
    out = move_share(np.array([[0.4, 0.4, 0.2]]), 0, 1, 0.25)
    np.testing.assert_allclose(out, [[0.3, 0.5, 0.2]])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: uniform_swing(np.array([[0.5, 0.5]]), [-1.0, -1.0]), "no votes"),
        (lambda: proportional_swing(np.array([[0.5, 0.5]]), [0.0, 0.0]), "no votes"),
        (lambda: proportional_swing(np.array([[0.5, 0.5]]), [-1.0, 1.0]), ">= 0"),
        (lambda: uniform_swing(np.array([[0.5, 0.5]]), [0.1]), "one value per party"),
        (lambda: blend([np.array([[1.0]])], [0.0]), "not all zero"),
        (lambda: blend([np.array([[1.0]]), np.array([[0.5, 0.5]])], [1, 1]), "shape"),
        (lambda: move_share(np.array([[0.5, 0.5]]), 0, 1, 1.5), "fraction"),
    ],
)
def test_bad_swings_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
