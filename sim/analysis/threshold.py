"""Threshold search: the parameter value at which a noisy, monotone outcome crosses a target
("what transfer rate does the alliance need to win Uttar Pradesh?").

Bisection on the mean over replications: the bracket [low, high] is halved until it is
narrower than ``tolerance`` or the probes run out. Every probe runs the same replications
(common random numbers: replication r has the same seed at every probe), so differences
between probes are the parameter's, not the seeds'. The crossing point is read off the probes
by linear interpolation of the mean curve (made monotone by a running maximum/minimum), and
its interval by resampling the replications (the same resample at every probe) and repeating
that reading: a percentile bootstrap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim.analysis.intervals import interval

BOOTSTRAP_RESAMPLES = 2000


@dataclass(frozen=True)
class Probe:
    """One evaluated parameter value: its outcome values (one per replication)."""

    x: float
    values: tuple[float, ...]

    @property
    def mean(self) -> float:
        return float(np.mean(self.values))

    def summary(self) -> tuple[float, float, float, int]:
        return interval(np.asarray(self.values))


@dataclass(frozen=True)
class ThresholdResult:
    """The outcome of a search.

    Attributes:
        target: the value sought.
        increasing: whether the outcome rises with the parameter.
        bracketed: the target lies between the outcomes at the two ends of the range.
        crossing: the estimated parameter value (None when not bracketed).
        low, high: its 95% bootstrap interval.
        probes: every evaluated value, in the order evaluated.
    """

    target: float
    increasing: bool
    bracketed: bool
    crossing: float | None
    low: float | None
    high: float | None
    probes: tuple[Probe, ...] = field(default_factory=tuple)

    def sorted_probes(self) -> list[Probe]:
        return sorted(self.probes, key=lambda p: p.x)


def crossing_point(xs: np.ndarray, means: np.ndarray, target: float,
                   increasing: bool) -> float:
    """Where the (monotone-made) mean curve over sorted ``xs`` crosses ``target``, by linear
    interpolation; the end of the range when it does not cross inside it."""
    curve = np.maximum.accumulate(means) if increasing else np.minimum.accumulate(means)
    above = curve >= target if increasing else curve <= target
    if not above.any():
        return float(xs[-1])
    k = int(np.argmax(above))
    if k == 0:
        return float(xs[0])
    y0, y1 = curve[k - 1], curve[k]
    if y1 == y0:
        return float(xs[k])
    return float(xs[k - 1] + (target - y0) * (xs[k] - xs[k - 1]) / (y1 - y0))


def find_threshold(evaluate: Callable[[float], np.ndarray], low: float, high: float,
                   target: float, *, tolerance: float, max_probes: int = 12,
                   level: float = 0.95, seed: int = 0,
                   on_probe: Callable[[Probe], None] | None = None,
                   snap: Callable[[float], float] | None = None) -> ThresholdResult:
    """Search [low, high] for the value where the mean of ``evaluate(x)`` crosses ``target``.

    Args:
        evaluate: x -> the outcome of each replication at x (the same replications, in the same
            order, at every x).
        low, high: the range searched (low < high).
        target: the outcome value sought.
        tolerance: stop once the bracket is narrower than this.
        max_probes: at most this many evaluations (the two ends included).
        level: of the interval.
        seed: of the bootstrap.
        on_probe: called after each evaluation (progress).
        snap: maps a midpoint to the value actually tried (e.g. rounding for an integer
            parameter); a midpoint already tried ends the search.
    """
    if not low < high:
        raise ValueError(f"the range must have low < high, got [{low}, {high}]")
    probes: list[Probe] = []

    def probe(x: float) -> Probe:
        values = np.asarray(evaluate(x), dtype=float)
        p = Probe(float(x), tuple(values.tolist()))
        probes.append(p)
        if on_probe is not None:
            on_probe(p)
        return p

    a, b = probe(low), probe(high)
    increasing = b.mean >= a.mean
    bracketed = (min(a.mean, b.mean) <= target <= max(a.mean, b.mean)) and a.mean != b.mean
    if not bracketed:
        return ThresholdResult(target, increasing, False, None, None, None, tuple(probes))
    lo, hi = low, high
    while hi - lo > tolerance and len(probes) < max_probes:
        mid = snap(0.5 * (lo + hi)) if snap is not None else 0.5 * (lo + hi)
        if any(p.x == mid for p in probes):
            break
        m = probe(mid).mean
        if (m >= target) if increasing else (m <= target):
            hi = mid
        else:
            lo = mid
    ordered = sorted(probes, key=lambda p: p.x)
    xs = np.array([p.x for p in ordered])
    values = np.array([p.values for p in ordered])  # (probes, replications)
    estimate = crossing_point(xs, values.mean(axis=1), target, increasing)
    rng = np.random.default_rng(seed)
    reps = values.shape[1]
    picks = rng.integers(0, reps, size=(BOOTSTRAP_RESAMPLES, reps))
    boot = np.array([crossing_point(xs, values[:, pick].mean(axis=1), target, increasing)
                     for pick in picks])
    lo_ci, hi_ci = np.quantile(boot, [0.5 - level / 2, 0.5 + level / 2])
    return ThresholdResult(target, increasing, True, estimate, float(lo_ci), float(hi_ci),
                           tuple(probes))

