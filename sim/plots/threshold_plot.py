"""The figure of a threshold search: the outcome at each value tried (mean and interval), the
target, and the crossing point with its interval."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from sim.analysis.threshold import ThresholdResult


def plot_threshold(result: ThresholdResult, *, xlabel: str = "parameter",
                   ylabel: str = "outcome") -> Figure:
    """Outcome against parameter for every probe, the target line and the crossing band."""
    fig = Figure(figsize=(7.0, 4.2), layout="constrained")
    ax = fig.add_subplot()
    probes = result.sorted_probes()
    xs = np.array([p.x for p in probes])
    stats = np.array([p.summary()[:3] for p in probes])
    ax.errorbar(xs, stats[:, 0], yerr=[stats[:, 0] - stats[:, 1], stats[:, 2] - stats[:, 0]],
                fmt="o-", color="C0", capsize=3, label="mean and 95% interval at each value")
    ax.axhline(result.target, color="0.3", ls="--", lw=1, label=f"target {result.target:g}")
    if result.crossing is not None and result.low is not None and result.high is not None:
        ax.axvspan(result.low, result.high, color="C1", alpha=0.2,
                   label=f"crossing {result.crossing:.3g} "
                         f"[{result.low:.3g}, {result.high:.3g}]")
        ax.axvline(result.crossing, color="C1", lw=1.5)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title("Threshold search" + ("" if result.bracketed else ": target not crossed"))
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig
