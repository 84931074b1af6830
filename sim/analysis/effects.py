"""The largest effects of a sweep: for each parameter and outcome, the levels with the lowest
and highest mean outcome (averaged over the other parameters), their means with intervals, the
difference with its interval, ranked by size relative to the outcome's spread across runs.

A parameter with many sampled values (random, LHS, Sobol designs) is cut into quantile bins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.intervals import clean, difference, interval

MAX_LEVELS = 12
BINS = 5


@dataclass(frozen=True)
class Effect:
    """How much one parameter moves one outcome.

    Attributes:
        parameter, outcome: column names.
        low_level, high_level: a numeric parameter's lowest and highest level; a categorical
            one's levels with the lowest and highest mean outcome.
        low, high: (mean, lower, upper, n) of the outcome at those levels.
        change: (high mean − low mean, lower, upper).
        size: |change| / the outcome's standard deviation over all runs.
    """

    parameter: str
    outcome: str
    low_level: Any
    high_level: Any
    low: tuple[float, float, float, int]
    high: tuple[float, float, float, int]
    change: tuple[float, float, float]
    size: float

    @property
    def resolved(self) -> bool:
        """The interval of the change excludes zero."""
        _, lo, hi = self.change
        return bool(np.isfinite(lo) and np.isfinite(hi) and (lo > 0 or hi < 0))


def levels(series: pd.Series) -> tuple[pd.Series, list[Any]]:
    """Group keys of a parameter column: its values, or quantile-bin means when it has more
    than MAX_LEVELS distinct numeric values."""
    uniques = pd.unique(series.dropna())
    numeric = pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype)
    if numeric and len(uniques) > MAX_LEVELS:
        cut = pd.qcut(series, BINS, duplicates="drop")
        centres = series.groupby(cut, observed=True).mean()
        return cut.map(centres).astype(float), sorted(centres.tolist())
    if numeric:
        return series, sorted(uniques.tolist())
    return series.astype(str), [str(u) for u in uniques]


def effect(runs: pd.DataFrame, parameter: str, outcome: str) -> Effect | None:
    """The effect of one parameter on one outcome (None when it cannot be measured)."""
    raw = runs[outcome]
    share = pd.api.types.is_bool_dtype(raw.dtype)
    values = raw if share else pd.to_numeric(raw, errors="coerce")
    keys, order = levels(runs[parameter])
    groups = {k: (values[keys == k].to_numpy(dtype=bool) if share
                  else clean(values[keys == k])) for k in order}
    groups = {k: v for k, v in groups.items() if v.size}
    if len(groups) < 2:
        return None
    means = {k: float(v.mean()) for k, v in groups.items()}
    if pd.api.types.is_numeric_dtype(runs[parameter].dtype):
        lo_key, hi_key = min(groups), max(groups)  # the ends of the parameter's range
    else:
        lo_key = min(means, key=lambda k: (means[k], str(k)))
        hi_key = max(means, key=lambda k: (means[k], str(k)))
    if lo_key == hi_key:
        return None
    every = clean(values)
    spread = float(every.std(ddof=1)) if every.size > 1 else 0.0
    change = difference(groups[lo_key], groups[hi_key])
    size = abs(change[0]) / spread if spread > 0 else 0.0
    return Effect(parameter, outcome, lo_key, hi_key, interval(groups[lo_key]),
                  interval(groups[hi_key]), change, size)


def largest_effects(runs: pd.DataFrame, parameters: list[str], outcomes: list[str],
                    top: int = 6) -> list[Effect]:
    """The ``top`` largest effects over every (parameter, outcome) pair: those whose interval
    excludes zero first, then by size."""
    found = [e for p in parameters for o in outcomes
             if (e := effect(runs, p, o)) is not None and e.size > 0]
    found.sort(key=lambda e: (not e.resolved, -e.size, e.parameter, e.outcome))
    return found[:top]
