"""A mood: baseline shares swung so that their electors-weighted aggregate hits target shares.

Given a (C, P) share matrix S whose rows sum to 1, electors w_c and target shares T (summing
to 1), find the swing of a given kind after which the aggregate Σ_c w_c S′[c, p] / Σ_c w_c
equals T_p for every party (to floating-point accuracy):

* **proportional** (multiply): S′[c, p] = S[c, p] f_p / Σ_q S[c, q] f_q, with one factor per
  party. The factors are found by iterative proportional fitting (f_p ← f_p · T_p / A_p, the
  aggregate A recomputed after each renormalisation; Deming & Stephan 1940), which converges
  whenever a solution exists: every party with a positive target must have some share
  somewhere. A party keeps its geography (its share is scaled, never created where it had
  none).
* **uniform** (add points): S′[c, p] = max(0, S[c, p] + δ_p) / Σ_q max(0, S[c, q] + δ_q), the
  uniform swing of :func:`sim.core.swing.uniform_swing`. Without clipping δ = T − A exactly;
  with clipping δ is refined by Newton-like steps on the unclipped weight until the aggregate
  matches.

:func:`complete_targets` turns partial targets (a poll naming only the main parties) into a
full vector: the parties not named share what the named ones leave, in proportion to their
current aggregate.

Sources: Butler, D. & Stokes, D. (1969), Political Change in Britain (uniform swing); the
proportional ("ratio") swing of Curtice & Steed's appendices to the Nuffield election studies;
Deming, W. & Stephan, F. (1940), On a least squares adjustment of a sampled frequency table when
the expected marginal totals are known, Ann. Math. Stat. 11(4).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["MoodError", "aggregate", "complete_targets", "fit_mood"]

TOLERANCE = 1e-12
MAX_ITERATIONS = 20_000


class MoodError(ValueError):
    """Targets that no swing of the kind asked can reach (``party``: the column at fault)."""

    def __init__(self, message: str, party: int | None = None) -> None:
        super().__init__(message)
        self.party = party


def aggregate(shares: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(P,) the weighted mean of the rows of ``shares`` (weights: electors)."""
    w = np.asarray(weights, dtype=np.float64)
    return (np.asarray(shares, dtype=np.float64) * w[:, None]).sum(axis=0) / w.sum()


def complete_targets(current: np.ndarray, named: Mapping[int, float]) -> np.ndarray:
    """Full target shares from ``named`` ({party index: share}).

    Parties not named share 1 − Σ named in proportion to their ``current`` aggregate; when
    every party is named the shares are normalised to sum to 1.

    Raises:
        MoodError: the named shares exceed 1, or something is left to parties that have no
            support to carry it.
    """
    current = np.asarray(current, dtype=np.float64)
    n = current.size
    target = np.zeros(n)
    for p, share in named.items():
        if not 0.0 <= share <= 1.0:
            raise MoodError(f"a share must be in [0, 1], got {share}", p)
        target[p] = share
    given = np.zeros(n, dtype=bool)
    given[list(named)] = True
    total = target.sum()
    if given.all():
        if total <= 0:
            raise MoodError("the shares must not all be 0")
        return target / total
    rest = 1.0 - total
    if rest < -1e-9:
        raise MoodError(f"the named shares sum to {total:.4f}, more than 1")
    rest = max(rest, 0.0)
    others = np.where(given, 0.0, current)
    if others.sum() > 0:
        target += rest * others / others.sum()
    elif rest > 1e-9:
        raise MoodError(f"the parties not named have no support to take the remaining "
                        f"{rest:.4f}; name every party's share")
    return target / target.sum()


def fit_mood(shares: np.ndarray, weights: np.ndarray, target: np.ndarray,
             kind: str = "proportional") -> np.ndarray:
    """The swung (C, P) shares whose weighted aggregate equals ``target`` (see the module
    docstring).

    Args:
        shares: (C, P) baseline shares, rows summing to 1.
        weights: (C,) electors, positive.
        target: (P,) target shares, summing to 1.
        kind: ``"proportional"`` or ``"uniform"``.

    Raises:
        MoodError: a party with a positive target has no share anywhere (proportional), or the
            fit does not converge.
    """
    s = np.array(shares, dtype=np.float64, copy=True)
    w = np.asarray(weights, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    if s.ndim != 2 or t.shape != (s.shape[1],) or w.shape != (s.shape[0],):
        raise ValueError("shares (C, P), weights (C,) and target (P,) do not match")
    if (w <= 0).any() or not np.isfinite(w).all():
        raise ValueError("weights must be positive")
    if (t < 0).any() or abs(t.sum() - 1.0) > 1e-9:
        raise ValueError(f"target shares must be non-negative and sum to 1, got {t.sum()}")
    if kind == "proportional":
        return _proportional(s, w, t)
    if kind == "uniform":
        return _uniform(s, w, t)
    raise ValueError(f"kind must be 'proportional' or 'uniform', got {kind!r}")


def _proportional(s: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    current = aggregate(s, w)
    impossible = np.flatnonzero((t > 0) & (current <= 0))
    if impossible.size:
        raise MoodError("a proportional swing cannot give votes to a party that has none in "
                        "the baseline; use swing = \"uniform\"", int(impossible[0]))
    f = np.where(current > 0, t / np.where(current > 0, current, 1.0), 0.0)
    out = s
    for _ in range(MAX_ITERATIONS):
        raw = s * f[None, :]
        out = raw / raw.sum(axis=1, keepdims=True)
        a = aggregate(out, w)
        if np.abs(a - t).max() <= TOLERANCE:
            return out
        f = np.where(a > 0, f * t / np.where(a > 0, a, 1.0), 0.0)
    raise MoodError("the proportional swing did not converge to the targets")


def _uniform(s: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    delta = t - aggregate(s, w)
    out = s
    for _ in range(MAX_ITERATIONS):
        raw = np.maximum(s + delta[None, :], 0.0)
        totals = raw.sum(axis=1, keepdims=True)
        if (totals <= 0).any():
            raise MoodError("the uniform swing leaves a constituency with no votes at all")
        out = raw / totals
        a = aggregate(out, w)
        gap = t - a
        if np.abs(gap).max() <= TOLERANCE:
            return out
        # a party's aggregate moves with δ only where it is not clipped
        live = aggregate((raw > 0).astype(np.float64), w)
        delta = delta + gap / np.maximum(live, 0.05)
    raise MoodError("the uniform swing did not converge to the targets; try swing = "
                    "\"proportional\"")
