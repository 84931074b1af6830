"""Baselines and swing: pure functions on (constituencies × parties) vote-share matrices.

Every function takes a share matrix ``S`` of shape (C, P) whose rows sum to 1 (or, for
:func:`blend`, several of them) and returns a new matrix whose rows sum to 1; nothing is
modified in place. ``rows`` selects the constituencies a swing applies to (a boolean mask of
length C, or ``None`` for all); other rows are returned unchanged.

Formulas (c a constituency, p and q parties):

* **blend** of baselines S¹ … Sᴷ with weights w₁ … w_K (w ≥ 0, Σw > 0)::

      S[c, p] = Σ_k w_k S^k[c, p] / Σ_k w_k

  A convex combination of rows summing to 1 sums to 1: no renormalisation is needed.
* **uniform swing** (add points): a vector δ of share points (0.05 = five percentage points,
  negative for a loss) is added, negative results are clipped at 0, and the row is
  renormalised::

      S'[c, p] = max(0, S[c, p] + δ_p) / Σ_q max(0, S[c, q] + δ_q)

  After renormalisation a party's net gain is a little less than δ_p (e.g. +0.05 on a row
  gives the party (s + 0.05) / 1.05); a party with no share gains δ_p / (1 + δ_p), which is how
  a new party can be given a foothold.
* **proportional swing** (multiply): a vector f ≥ 0 of factors (1.2 = a fifth more votes)::

      S'[c, p] = S[c, p] f_p / Σ_q S[c, q] f_q

  A party's gain is largest where it is strong, and a party with no share stays at none.
* **move**: a fraction φ ∈ [0, 1] of party a's share is handed to party b (e.g. the part of a
  former ally's vote that was really the alliance's)::

      S'[c, a] = (1 − φ) S[c, a],   S'[c, b] = S[c, b] + φ S[c, a]

  Rows keep summing to 1.

A swing that would leave a constituency with no votes at all (every share clipped to 0) raises
:class:`SwingError` (a ``ValueError``) naming the first such row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["SwingError", "blend", "move_share", "proportional_swing", "uniform_swing"]


class SwingError(ValueError):
    """A swing would leave a constituency (row ``row``) with no votes at all."""

    def __init__(self, what: str, row: int) -> None:
        super().__init__(f"{what} leaves constituency row {row} with no votes at all")
        self.row = row


def _mask(rows: np.ndarray | None, n: int) -> np.ndarray:
    if rows is None:
        return np.ones(n, dtype=bool)
    mask = np.asarray(rows, dtype=bool)
    if mask.shape != (n,):
        raise ValueError(f"rows must be a boolean mask of length {n}, got shape {mask.shape}")
    return mask


def _matrix(shares: np.ndarray) -> np.ndarray:
    out = np.array(shares, dtype=np.float64, copy=True)
    if out.ndim != 2:
        raise ValueError(f"shares must be a (constituencies, parties) matrix, got {out.shape}")
    return out


def _vector(values: np.ndarray | Sequence[float], n_parties: int, what: str) -> np.ndarray:
    vec = np.asarray(values, dtype=np.float64)
    if vec.shape != (n_parties,):
        raise ValueError(f"{what} must have one value per party ({n_parties}), got {vec.shape}")
    if not np.isfinite(vec).all():
        raise ValueError(f"{what} must be finite")
    return vec


def _renormalise(raw: np.ndarray, mask: np.ndarray, out: np.ndarray, what: str) -> np.ndarray:
    totals = raw.sum(axis=1)
    empty = np.flatnonzero(totals <= 0)
    if empty.size:
        raise SwingError(what, int(np.flatnonzero(mask)[empty[0]]))
    out[mask] = raw / totals[:, None]
    return out


def blend(baselines: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Weighted mean of several baselines: ``S = Σ w_k S^k / Σ w_k``.

    Args:
        baselines: share matrices of the same shape (same constituencies and parties, in the
            same order), rows summing to 1.
        weights: one non-negative weight per baseline, not all zero.

    Returns:
        The blended (C, P) matrix.
    """
    if len(baselines) == 0 or len(baselines) != len(weights):
        raise ValueError("blend needs one weight per baseline and at least one baseline")
    w = np.asarray(weights, dtype=np.float64)
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError(f"blend weights must be non-negative and not all zero, got {list(w)}")
    mats = [_matrix(b) for b in baselines]
    if any(m.shape != mats[0].shape for m in mats):
        raise ValueError(f"baselines differ in shape: {[m.shape for m in mats]}")
    out = np.zeros_like(mats[0])
    for wk, m in zip(w / w.sum(), mats, strict=True):
        out = out + wk * m
    return out


def uniform_swing(
    shares: np.ndarray, delta: np.ndarray | Sequence[float], rows: np.ndarray | None = None
) -> np.ndarray:
    """Add ``delta`` share points per party, clip at 0, renormalise (see module docstring).

    Args:
        shares: (C, P) baseline shares.
        delta: (P,) points to add to each party (0.05 = +5 percentage points; 0 = unchanged).
        rows: (C,) bool, the constituencies swung (default: all).

    Returns:
        The swung (C, P) matrix.
    """
    out = _matrix(shares)
    d = _vector(delta, out.shape[1], "delta")
    mask = _mask(rows, out.shape[0])
    raw = np.maximum(out[mask] + d[None, :], 0.0)
    return _renormalise(raw, mask, out, "uniform swing")


def proportional_swing(
    shares: np.ndarray, factor: np.ndarray | Sequence[float], rows: np.ndarray | None = None
) -> np.ndarray:
    """Multiply each party's share by ``factor`` and renormalise (see module docstring).

    Args:
        shares: (C, P) baseline shares.
        factor: (P,) non-negative multipliers (1 = unchanged).
        rows: (C,) bool, the constituencies swung (default: all).

    Returns:
        The swung (C, P) matrix.
    """
    out = _matrix(shares)
    f = _vector(factor, out.shape[1], "factor")
    if (f < 0).any():
        raise ValueError(f"proportional swing factors must be >= 0, got {list(f)}")
    mask = _mask(rows, out.shape[0])
    raw = out[mask] * f[None, :]
    return _renormalise(raw, mask, out, "proportional swing")


def move_share(
    shares: np.ndarray,
    source: int,
    target: int,
    fraction: float,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """Hand ``fraction`` of party ``source``'s share to party ``target`` (rows keep summing to 1).

    Args:
        shares: (C, P) baseline shares.
        source: column index of the party giving up votes.
        target: column index of the party receiving them.
        fraction: φ in [0, 1].
        rows: (C,) bool, the constituencies affected (default: all).

    Returns:
        The new (C, P) matrix.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be in [0, 1], got {fraction}")
    out = _matrix(shares)
    mask = _mask(rows, out.shape[0])
    moved = fraction * out[mask, source]
    out[mask, source] -= moved
    out[mask, target] += moved
    return out
