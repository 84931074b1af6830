"""Accuracy of a seat-level forecast against the actual result.

* :func:`seats_by_party`: seats won per party column.
* :func:`seat_error`: ``1/2 * sum_p |predicted_seats_p - actual_seats_p|``, the number of seats
  that would have to change hands to turn the predicted tally into the actual one (every seat
  wrongly given to one party is wrongly taken from another, hence the half).
* :func:`winners_right`: the share of constituencies whose winner is predicted correctly.
* :func:`share_mae`: the mean absolute constituency vote-share error: the mean, over every
  contested (constituency, party) cell, i.e. every party that stood in the constituency in
  the target election, of ``|predicted share - actual share|`` (shares of the valid vote,
  so 0.05 is 5 points). Cells of parties that did not stand are 0 in both and are left out,
  so the measure does not improve with the number of parties that stay out.
* :func:`contested_seats`: seats contested per party (nominations).

Pure numpy; winners are column indices, ``-1`` for "none".
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "contested_seats",
    "seat_error",
    "seats_by_party",
    "share_mae",
    "winners_right",
]


def seats_by_party(winners: np.ndarray, n_parties: int) -> np.ndarray:
    """Seats per party column.

    Args:
        winners: ``C`` winning column per constituency (``-1``: no winner, not counted).
        n_parties: ``P``.

    Returns:
        ``P`` int64 counts.
    """
    w = np.asarray(winners, dtype=np.int64)
    if (w >= n_parties).any() or (w < -1).any():
        raise ValueError(f"winners must be in [-1, {n_parties})")
    return np.bincount(w[w >= 0], minlength=n_parties).astype(np.int64)


def seat_error(predicted: np.ndarray, actual: np.ndarray) -> float:
    """Half the sum of absolute seat differences (seats that change hands).

    Args:
        predicted: ``P`` predicted seats.
        actual: ``P`` actual seats.

    Returns:
        ``0.5 * sum(|predicted - actual|)``.
    """
    p, a = np.asarray(predicted), np.asarray(actual)
    if p.shape != a.shape:
        raise ValueError(f"seat vectors differ in shape: {p.shape} vs {a.shape}")
    return 0.5 * float(np.abs(p - a).sum())


def winners_right(predicted: np.ndarray, actual: np.ndarray) -> float:
    """Share of constituencies whose winner is predicted correctly.

    Args:
        predicted: ``C`` predicted winning columns.
        actual: ``C`` actual winning columns.

    Returns:
        The fraction in [0, 1] (NaN for no constituencies).
    """
    p, a = np.asarray(predicted), np.asarray(actual)
    if p.shape != a.shape:
        raise ValueError(f"winner vectors differ in shape: {p.shape} vs {a.shape}")
    return float(np.mean(p == a)) if p.size else float("nan")


def share_mae(predicted: np.ndarray, actual: np.ndarray, stood: np.ndarray) -> float:
    """Mean absolute vote-share error over the contested (constituency, party) cells.

    Args:
        predicted: ``C x P`` predicted shares.
        actual: ``C x P`` actual shares.
        stood: ``C x P`` bool, who stood in the target election.

    Returns:
        ``mean(|predicted - actual|)`` over the cells where ``stood`` (NaN if there are none).
    """
    p, a = np.asarray(predicted, dtype=np.float64), np.asarray(actual, dtype=np.float64)
    st = np.asarray(stood, dtype=bool)
    if not (p.shape == a.shape == st.shape):
        raise ValueError(f"shapes differ: {p.shape}, {a.shape}, {st.shape}")
    return float(np.abs(p - a)[st].mean()) if st.any() else float("nan")


def contested_seats(stood: np.ndarray) -> np.ndarray:
    """Seats contested per party column.

    Args:
        stood: ``C x P`` bool nominations.

    Returns:
        ``P`` int64 counts.
    """
    return np.asarray(stood, dtype=bool).sum(axis=0).astype(np.int64)
