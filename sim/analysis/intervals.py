"""95% intervals that respect what is measured.

* a **share of runs** (0/1 values: "the alliance agreed") gets the Wilson score interval, which
  stays inside [0, 1] and behaves at 0/n and n/n (Wilson 1927; Brown, Cai & DasGupta 2001);
* a **count** (integer values: seats, friendly fights) gets a percentile bootstrap interval of
  the mean, which never leaves the smallest and largest value observed (so never passes a
  count's bounds), seeded so that a report is reproducible (Efron & Tibshirani 1993);
* anything else (rates, indices) gets Student's t-interval, kept inside [0, 1] when every value
  is a fraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

Kind = Literal["share", "count", "continuous"]
BOOTSTRAP_RESAMPLES = 2000


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2))


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float, float]:
    """(share, low, high): the Wilson score interval of ``successes`` out of ``n``."""
    if n <= 0:
        return float("nan"), float("nan"), float("nan")
    p = successes / n
    z = _z(level)
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * float(np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return p, low, high


def newcombe(s1: int, n1: int, s2: int, n2: int,
             level: float = 0.95) -> tuple[float, float, float]:
    """(p2 − p1, low, high): Newcombe's hybrid score interval for a difference of two shares
    (Newcombe 1998, method 10), from the two Wilson intervals."""
    p1, l1, u1 = wilson(s1, n1, level)
    p2, l2, u2 = wilson(s2, n2, level)
    d = p2 - p1
    return d, d - float(np.hypot(p2 - l2, u1 - p1)), d + float(np.hypot(u2 - p2, p1 - l1))


def bootstrap_mean(values: np.ndarray, level: float = 0.95, resamples: int = BOOTSTRAP_RESAMPLES,
                   seed: int = 0) -> tuple[float, float, float]:
    """(mean, low, high): a percentile bootstrap interval of the mean."""
    x = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(resamples, x.size))].mean(axis=1)
    lo, hi = np.quantile(means, [0.5 - level / 2, 0.5 + level / 2])
    return float(x.mean()), float(lo), float(hi)


def t_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high): Student's t-interval of the mean."""
    x = np.asarray(values, dtype=float)
    m = float(x.mean())
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return m, m - half, m + half


def kind_of(values: Sequence[float] | pd.Series | np.ndarray) -> Kind:
    """What the values measure: booleans → a share of runs, integers → a count, else
    continuous."""
    if pd.api.types.is_bool_dtype(pd.Series(values).dtype):
        return "share"
    x = clean(values)
    if x.size and np.all(x == np.round(x)):
        return "count"
    return "continuous"


def clean(values: Sequence[float] | pd.Series | np.ndarray) -> np.ndarray:
    """Numeric values with NaN, None and non-numbers dropped (booleans count as 0/1)."""
    series = pd.Series(values)
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype(float)
    return pd.to_numeric(series, errors="coerce").dropna().to_numpy(dtype=float)


def interval(values: Sequence[float] | pd.Series | np.ndarray, level: float = 0.95,
             kind: Kind | None = None) -> tuple[float, float, float, int]:
    """(mean, low, high, n) with the interval that suits the values (see the module); NaNs are
    ignored; below two values there is no interval (low = high = mean)."""
    kind = kind or kind_of(values)
    x = clean(values)
    n = x.size
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    m = float(x.mean())
    if n < 2:
        return m, m, m, n
    if kind == "share":
        _, lo, hi = wilson(int(x.sum()), n, level)
    elif kind == "count":
        _, lo, hi = bootstrap_mean(x, level)
    else:
        _, lo, hi = t_interval(x, level)
        if x.min() >= 0.0 and x.max() <= 1.0:
            lo, hi = max(lo, 0.0), min(hi, 1.0)
    return m, lo, hi, n


def difference(a: Sequence[float] | pd.Series | np.ndarray,
               b: Sequence[float] | pd.Series | np.ndarray, level: float = 0.95,
               seed: int = 0) -> tuple[float, float, float]:
    """(mean(b) − mean(a), low, high): Newcombe for shares, a bootstrap (resampling each group)
    for counts, Welch's t otherwise."""
    kind = "share" if kind_of(a) == kind_of(b) == "share" else None
    a, b = clean(a), clean(b)
    if a.size < 2 or b.size < 2:
        d = float(b.mean() - a.mean()) if a.size and b.size else float("nan")
        return d, float("nan"), float("nan")
    kind = kind or kind_of(np.concatenate([a, b]))
    d = float(b.mean() - a.mean())
    if kind == "share":
        return newcombe(int(a.sum()), a.size, int(b.sum()), b.size, level)
    if kind == "count":
        rng = np.random.default_rng(seed)
        ma = a[rng.integers(0, a.size, (BOOTSTRAP_RESAMPLES, a.size))].mean(axis=1)
        mb = b[rng.integers(0, b.size, (BOOTSTRAP_RESAMPLES, b.size))].mean(axis=1)
        lo, hi = np.quantile(mb - ma, [0.5 - level / 2, 0.5 + level / 2])
        return d, float(lo), float(hi)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = float(np.sqrt(va + vb))
    if se == 0:
        return d, d, d
    dof = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    half = float(stats.t.ppf(0.5 + level / 2, dof)) * se
    return d, d - half, d + half
