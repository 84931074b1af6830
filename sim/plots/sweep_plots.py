"""Figures of a sweep, drawn from its tables (never by running a model).

Each ``plot_*`` function takes a table (the runs table, or the sensitivity table) and
optionally an ``Axes``, and returns a matplotlib ``Figure``:

* :func:`plot_mean_ci`: outcome mean against one parameter, with a 95% t-interval across
  replications (optionally one line per level of a second parameter);
* :func:`plot_heatmap`: outcome mean over two parameters;
* :func:`plot_categorical`: box or violin plots of an outcome by a categorical parameter;
* :func:`plot_shares`: shares of a categorical outcome (e.g. an alliance's status) by parameter;
* :func:`plot_sensitivity`: Sobol' (S1, ST) or Morris (mu*, sigma) indices with intervals;
* :func:`plot_outcome_scatter`: one outcome against another, one dot per run.

:func:`sweep_figures` picks the figures for a results folder (from its manifest) and
:func:`save_sweep_plots` writes them to ``plots/``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.analysis.intervals import interval
from sim.plots.labels import parameter_label, readable_value

RESERVED = ("run_id", "point", "replication", "seed", "ok", "config_sha256")
MAX_LEVELS = 12          # more distinct values than this: treat as continuous and bin
BINS = 10
HEATMAP_BINS = 8
MAX_HUE = 8

_OUTCOME_TEXT = {
    "agreement_round": ("round of agreement (agreed runs)", "round"),
    "friendly_fights": ("friendly fights", "constituencies"),
    "transfer_rate": ("vote transfer rate", "share of eligible voters"),
    "iou_mean": ("index of opposition unity", "%"),
    "enp_votes": ("effective number of parties, votes", "parties"),
    "enp_seats": ("effective number of parties, seats", "parties"),
    "turnout": ("turnout", "share of electors"),
    "n_constituencies": ("constituencies", "constituencies"),
    "voter_agents": ("voter agents", "agents"),
    "voters_per_agent": ("voters per agent", "voters"),
}
_PREFIX_TEXT = {
    "seats_by_party": ("seats won by {}", "seats"),
    "seats_by_alliance": ("seats won by {}", "seats"),
    "votes_by_party": ("votes for {}", "votes"),
    "votes_by_alliance": ("votes for {}", "votes"),
    "allocation": ("constituencies allocated to {}", "constituencies"),
}
_ALLIANCE_TEXT = {
    "agreement_round": ("round of agreement", "round"),
    "disputed_at_deadline": ("disputed constituencies at the deadline", "constituencies"),
    "status": ("status", ""),
}


def outcome_text(name: str, labels: dict[str, str] | None = None,
                 units: dict[str, str] | None = None) -> tuple[str, str]:
    """(label, units) of an outcome column; an experiment's ``[plots]`` labels win."""
    label, unit = _OUTCOME_TEXT.get(name, (name, ""))
    head, _, rest = name.partition(".")
    if head in _PREFIX_TEXT and rest:
        template, unit = _PREFIX_TEXT[head]
        label = template.format(rest)
    elif head == "seats_by_region" and rest.count(".") == 1:
        region, party = rest.split(".")
        label, unit = f"seats won by {party} in {region}", "seats"
    elif head == "alliances" and "." in rest:
        alliance, _, field = rest.partition(".")
        if field.startswith("allocation."):
            label, unit = f"{alliance}: seats allocated to {field[11:]}", "constituencies"
        else:
            text, unit = _ALLIANCE_TEXT.get(field, (field.replace("_", " "), ""))
            label = f"{alliance}: {text}"
    labels, units = labels or {}, units or {}
    return labels.get(name, label), units.get(name, unit)


def axis_text(label: str, units: str) -> str:
    return f"{label} ({units})" if units else label


def wrap(text: str, width: int = 48) -> str:
    """Break a long axis label over lines."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def _categorical_ticks(ax: Any, positions: Any, labels: list[str]) -> None:
    """Category names under the axis, slanted when they would run into each other."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    crowded = len(labels) * longest > 60 or len(labels) > 6
    ax.set_xticks(list(positions), labels, rotation=30 if crowded else 0,
                  ha="right" if crowded else "center")


def _labels(ax: Axes, xlabel: str, ylabel: str, title: str) -> None:
    ax.set_xlabel(wrap(xlabel, 70))
    ax.set_ylabel(wrap(ylabel))
    ax.set_title(title)


def _figure(ax: Axes | None, size: tuple[float, float] = (7.0, 4.5)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _ok(runs: pd.DataFrame) -> pd.DataFrame:
    return runs[runs["ok"].astype(bool)] if "ok" in runs.columns else runs


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype)


def mean_ci(values: Sequence[float] | pd.Series, level: float = 0.95) -> tuple[float, float,
                                                                               float, int]:
    """Mean and its 95% interval: (mean, low, high, n), NaNs ignored, no interval (low = high =
    mean) below two values. Wilson for a share of runs (booleans), a bootstrap for counts (never
    past the values seen), t otherwise (:func:`sim.analysis.intervals.interval`)."""
    return interval(values, level)


def _levels(series: pd.Series, bins: int = BINS) -> tuple[pd.Series, list[Any], bool]:
    """Group keys for a parameter column: its values, or quantile bins (then x = bin centre)
    when there are more than MAX_LEVELS distinct numeric values."""
    uniques = pd.unique(series.dropna())
    if _numeric(series) and len(uniques) > MAX_LEVELS:
        cut = pd.qcut(series, bins, duplicates="drop")
        centres = series.groupby(cut, observed=True).mean()
        keys = cut.map(centres).astype(float)
        return keys, sorted(centres.tolist()), True
    if _numeric(series):
        return series, sorted(uniques.tolist()), False
    return series.astype(str), [str(u) for u in uniques], False


def plot_mean_ci(
    runs: pd.DataFrame,
    parameter: str,
    outcome: str,
    *,
    hue: str | None = None,
    ax: Axes | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    huelabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """Outcome mean against a parameter with a 95% interval across replications.

    Args:
        runs: the runs table (one row per run; failed runs, ``ok`` False, are left out).
        parameter: the x column; more than 12 distinct values are binned into deciles.
        outcome: the y column.
        hue: a second parameter: one line per level (at most 8 levels are drawn).
    """
    fig, ax = _figure(ax)
    data = _ok(runs)
    x, order, binned = _levels(data[parameter])
    numeric_x = _numeric(data[parameter])
    groups = [(None, data, x)]
    if hue is not None:
        h, hue_order, _ = _levels(data[hue], bins=5)
        groups = [(level, data[h == level], x[h == level]) for level in hue_order[:MAX_HUE]]
    counts: list[int] = []
    for level, part, xs in groups:
        stats_ = [(key, *mean_ci(part[outcome][xs == key])) for key in order]
        stats_ = [s for s in stats_ if s[4] > 0]
        counts.extend(s[4] for s in stats_)
        if not stats_:
            continue
        keys = [s[0] for s in stats_]
        pos = keys if numeric_x else [order.index(k) for k in keys]
        mean = np.array([s[1] for s in stats_])
        low = np.array([s[2] for s in stats_])
        high = np.array([s[3] for s in stats_])
        label = None if level is None else f"{huelabel or hue} = {_short(level)}"
        line, = ax.plot(pos, mean, marker="o", label=label)
        ax.fill_between(pos, low, high, color=line.get_color(), alpha=0.18, lw=0)
    if not numeric_x:
        _categorical_ticks(ax, range(len(order)), [_short(o) for o in order])
    reps = (f"{min(counts)}–{max(counts)}" if counts and min(counts) != max(counts)
            else str(counts[0]) if counts else "0")
    note = "decile bins of sampled points; " if binned else ""
    _labels(ax, xlabel or parameter, ylabel or outcome, title or f"{outcome} by {parameter}")
    ax.text(0.99, 0.01, f"mean and 95% interval; {note}n = {reps} runs per mean",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="0.35")
    if hue is not None:
        ax.legend(fontsize=8, title=None)
    ax.grid(alpha=0.3)
    return fig


def _short(value: Any, width: int = 34) -> str:
    text = readable_value(value)
    return text if len(text) <= width else text[:width - 2] + "…"


def plot_heatmap(
    runs: pd.DataFrame,
    x: str,
    y: str,
    outcome: str,
    *,
    ax: Axes | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    clabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """Mean outcome over two parameters (binned into octiles when continuous)."""
    fig, ax = _figure(ax, (7.0, 5.0))
    data = _ok(runs)
    kx, ox, _ = _levels(data[x], HEATMAP_BINS)
    ky, oy, _ = _levels(data[y], HEATMAP_BINS)
    values = pd.to_numeric(data[outcome], errors="coerce")
    table = values.groupby([ky, kx]).mean().unstack().reindex(index=oy, columns=ox)
    grid = table.to_numpy(dtype=float)
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(ox)), [_short(v) for v in ox], rotation=45 if len(ox) > 6 else 0)
    ax.set_yticks(range(len(oy)), [_short(v) for v in oy])
    if grid.size <= 160 and np.isfinite(grid).any():
        mid = np.nanmean([np.nanmin(grid), np.nanmax(grid)])
        for (i, j), v in np.ndenumerate(grid):
            if np.isfinite(v):
                ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=7,
                        color="black" if v > mid else "white")
    fig.colorbar(image, ax=ax, label=wrap(clabel or f"mean {outcome}"))
    _labels(ax, xlabel or x, ylabel or y, title or f"{outcome} by {x} and {y}")
    return fig


def plot_categorical(
    runs: pd.DataFrame,
    parameter: str,
    outcome: str,
    *,
    kind: str = "box",
    ax: Axes | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """Box (or violin) plots of an outcome by a categorical parameter, with the mean and its
    95% interval marked and the runs as dots."""
    fig, ax = _figure(ax)
    data = _ok(runs)
    keys, order, _ = _levels(data[parameter])
    values = pd.to_numeric(data[outcome], errors="coerce")
    samples = [values[keys == k].dropna().to_numpy(dtype=float) for k in order]
    positions = np.arange(len(order))
    drawn = [i for i, s in enumerate(samples) if s.size]
    if kind == "violin" and drawn:
        ax.violinplot([samples[i] for i in drawn], positions=positions[drawn], showmedians=True)
    elif drawn:
        ax.boxplot([samples[i] for i in drawn], positions=positions[drawn], widths=0.5,
                   showfliers=False)
    rng = np.random.default_rng(0)
    for i in drawn:
        jitter = rng.uniform(-0.15, 0.15, samples[i].size)
        ax.scatter(positions[i] + jitter, samples[i], s=6, alpha=0.35, color="0.3", lw=0)
        m, lo, hi, _ = mean_ci(samples[i])
        ax.errorbar(positions[i] + 0.3, m, yerr=[[m - lo], [hi - m]], fmt="D", color="C3",
                    ms=4, capsize=3, label="mean, 95% interval" if i == drawn[0] else None)
    counts = [s.size for s in samples]
    _categorical_ticks(ax, positions, [f"{_short(o)}\n(n={c})"
                                       for o, c in zip(order, counts, strict=True)])
    _labels(ax, xlabel or parameter, ylabel or outcome, title or f"{outcome} by {parameter}")
    if drawn:
        ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3, axis="y")
    return fig


def plot_shares(
    runs: pd.DataFrame,
    parameter: str,
    outcome: str,
    *,
    ax: Axes | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """Stacked shares of a categorical outcome's values (e.g. agreed / deadline / collapsed)
    at each parameter level."""
    fig, ax = _figure(ax)
    data = _ok(runs)
    keys, order, _ = _levels(data[parameter])
    table = pd.crosstab(keys, data[outcome].fillna("(none)").astype(str), normalize="index")
    table = table.reindex(index=order).fillna(0.0)
    bottom = np.zeros(len(order))
    positions = np.arange(len(order))
    for column in table.columns:
        share = table[column].to_numpy()
        bars = ax.bar(positions, share, bottom=bottom, label=str(column), width=0.7)
        ax.bar_label(bars, labels=[f"{v:.0%}" if v >= 0.06 else "" for v in share],
                     label_type="center", fontsize=7, color="white")
        bottom += share
    _categorical_ticks(ax, positions, [_short(o) for o in order])
    ax.set_ylim(0, 1)
    _labels(ax, xlabel or parameter, ylabel or f"share of runs by {outcome}",
            title or f"{outcome} by {parameter}")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), title=None)
    return fig


def plot_sensitivity(
    sensitivity: pd.DataFrame,
    outcome: str,
    *,
    ax: Axes | None = None,
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """Sensitivity indices of one outcome with their 95% bootstrap intervals: Sobol' first-order
    (S1) and total (ST) indices, or Morris mu* (with sigma)."""
    fig, ax = _figure(ax)
    table = sensitivity[sensitivity["outcome"] == outcome]
    labels = labels or {}
    sobol = table["index"].isin(["S1", "ST"]).any()
    shown = ("S1", "ST") if sobol else ("mu_star", "sigma")
    params = list(pd.unique(table.loc[table["index"].isin(shown), "parameter"]))
    positions = np.arange(len(params))
    width = 0.38
    for k, index in enumerate(shown):
        part = table[table["index"] == index].set_index("parameter").reindex(params)
        conf = part["conf"].to_numpy(dtype=float)
        ax.bar(positions + (k - 0.5) * width, part["value"].to_numpy(dtype=float), width,
               yerr=np.where(np.isfinite(conf), conf, 0.0), capsize=3,
               label={"S1": "first order S1", "ST": "total ST", "mu_star": "mu* (mean |effect|)",
                      "sigma": "sigma (spread of effects)"}[index],
               alpha=1.0 if k == 0 else 0.6)
    ax.set_xticks(positions, [_short(labels.get(p, p)) for p in params],
                  rotation=20 if len(params) > 3 else 0)
    if sobol:
        ax.set_ylabel("Sobol' index (share of variance)")
        ax.axhline(0, color="0.4", lw=0.6)
    else:
        ax.set_ylabel("elementary effect over the parameter's range (outcome units)")
    ax.set_xlabel("parameter")
    ax.set_title(title or f"Sensitivity of {outcome}")
    ax.set_ylabel(wrap(ax.get_ylabel()))
    ax.legend(fontsize=8)
    ax.text(0.99, 0.99, "bars: 95% bootstrap intervals", transform=ax.transAxes, ha="right",
            va="top", fontsize=7, color="0.35")
    ax.grid(alpha=0.3, axis="y")
    return fig


def plot_outcome_scatter(
    runs: pd.DataFrame,
    x: str,
    y: str,
    *,
    hue: str | None = None,
    ax: Axes | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    huelabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """One outcome against another, one dot per run (coloured by a parameter), with a
    least-squares line."""
    fig, ax = _figure(ax)
    data = _ok(runs)
    xs = pd.to_numeric(data[x], errors="coerce")
    ys = pd.to_numeric(data[y], errors="coerce")
    rng = np.random.default_rng(0)
    jitter: float | np.ndarray = 0.0
    if xs.dropna().nunique() <= 30:  # counts overlap: spread them a little
        jitter = rng.uniform(-0.2, 0.2, len(xs))
    if hue is not None and _numeric(data[hue]):
        points = ax.scatter(xs + jitter, ys, c=data[hue], s=10, alpha=0.6, cmap="viridis")
        fig.colorbar(points, ax=ax, label=wrap(huelabel or hue))
    elif hue is not None:
        for level in pd.unique(data[hue].astype(str)):
            mask = (data[hue].astype(str) == level).to_numpy()
            ax.scatter((xs + jitter)[mask], ys[mask], s=10, alpha=0.6, label=_short(level))
        ax.legend(fontsize=8, title=huelabel or hue)
    else:
        ax.scatter(xs + jitter, ys, s=10, alpha=0.6)
    both = xs.notna() & ys.notna()
    if both.sum() >= 3 and xs[both].nunique() > 1:
        slope, intercept = np.polyfit(xs[both], ys[both], 1)
        grid = np.linspace(xs[both].min(), xs[both].max(), 50)
        ax.plot(grid, intercept + slope * grid, color="0.2", lw=1.2, ls="--",
                label=f"fit: slope {slope:.3g}")
        ax.text(0.99, 0.01, f"least squares slope {slope:.3g} per unit of x",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="0.35")
    _labels(ax, xlabel or x, ylabel or y, title or f"{y} against {x}")
    ax.grid(alpha=0.3)
    return fig


def _axis_values(data: pd.DataFrame, parameter: str, rng: np.random.Generator
                 ) -> tuple[np.ndarray, list[str] | None]:
    """Positions of the runs along a parameter (jittered), and category names if any."""
    series = data[parameter]
    if _numeric(series):
        x = series.to_numpy(dtype=float)
        span = float(np.ptp(x)) or 1.0
        return x + rng.uniform(-0.02, 0.02, len(x)) * span, None
    names = sorted(series.astype(str).unique())
    index = {n: i for i, n in enumerate(names)}
    x = series.astype(str).map(index).to_numpy(dtype=float)
    return x + rng.uniform(-0.3, 0.3, len(x)), names


def plot_discovery(data: pd.DataFrame, box: Any, target: np.ndarray,
                   parameters: list[dict[str, Any]], *, title: str = "") -> Figure:
    """The runs over the (up to two) parameters the box names first, green where the outcome
    of interest happened, with the box outlined."""
    from matplotlib.patches import Rectangle

    named = [c.parameter for c in box.conditions]
    order = named + [p["name"] for p in parameters if p["name"] not in named]
    shown = order[:2]
    labels = {p["name"]: p.get("label") or p["name"] for p in parameters}
    fig, ax = _figure(None, (7.0, 5.0))
    rng = np.random.default_rng(0)
    xs, xnames = _axis_values(data, shown[0], rng)
    if len(shown) > 1:
        ys, ynames = _axis_values(data, shown[1], rng)
    else:
        ys, ynames = rng.uniform(-0.4, 0.4, len(xs)), None
    hit = np.asarray(target, dtype=bool)
    ax.scatter(xs[~hit], ys[~hit], s=14, color="0.65", alpha=0.6, lw=0, label="other runs")
    ax.scatter(xs[hit], ys[hit], s=14, color="#2ca02c", alpha=0.7, lw=0,
               label="outcome of interest")

    def extent(parameter: str, values: np.ndarray, names: list[str] | None) -> tuple[float,
                                                                                   float]:
        condition = next((c for c in box.conditions if c.parameter == parameter), None)
        lo, hi = float(np.min(values)), float(np.max(values))
        if condition is None:
            return lo, hi
        if names is not None and condition.values is not None:
            picked = [names.index(v) for v in condition.values if v in names]
            return min(picked) - 0.45, max(picked) + 0.45
        return (condition.low if condition.low is not None else lo,
                condition.high if condition.high is not None else hi)

    x0, x1 = extent(shown[0], xs, xnames)
    y0, y1 = extent(shown[1], ys, ynames) if len(shown) > 1 else (-0.5, 0.5)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="k", lw=1.6,
                           label=f"box: density {box.density:.0%}, coverage {box.coverage:.0%}"))
    if xnames is not None:
        _categorical_ticks(ax, range(len(xnames)), [_short(n) for n in xnames])
    if ynames is not None:
        ax.set_yticks(range(len(ynames)), [_short(n) for n in ynames])
    if len(shown) == 1:
        ax.set_yticks([])
    _labels(ax, labels[shown[0]], labels[shown[1]] if len(shown) > 1 else "",
            title or "Scenario discovery")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


# --------------------------------------------------------------------------- choosing figures


@dataclass(frozen=True)
class FigureSpec:
    """One figure of a sweep: file name, caption and the figure itself."""

    slug: str
    caption: str
    figure: Figure


def _slug(*parts: str) -> str:
    text = "__".join(parts)
    return re.sub(r"[^A-Za-z0-9_.()-]+", "_", text)[:150]


def outcome_columns(runs: pd.DataFrame, parameters: list[str]) -> list[str]:
    """The outcome columns of a runs table."""
    return [c for c in runs.columns if c not in RESERVED and c not in parameters]


def informative(runs: pd.DataFrame, column: str) -> bool:
    """An outcome worth a chart: some successful run has a value, and not all the same."""
    values = _ok(runs)[column].dropna()
    return len(values) > 0 and values.astype(str).nunique() > 1


def headline_outcome(experiment: dict[str, Any], columns: list[str]) -> str | None:
    """The outcome the report leads with: the first of ``[plots] outcomes`` (else of
    ``outcomes``) that has an informative column."""
    chosen = experiment.get("plots", {}).get("outcomes") or experiment.get("outcomes") or []
    for name in chosen:
        for c in columns:
            if c == name or c.startswith((f"{name}.", f"{name} = ")):
                return c
    return columns[0] if columns else None


def sweep_figures(runs: pd.DataFrame, sensitivity: pd.DataFrame | None,
                  experiment: dict[str, Any],
                  base: dict[str, Any] | None = None) -> list[FigureSpec]:
    """The figures of a sweep, chosen by its parameters (as described in the manifest).

    One parameter: mean with a 95% interval (numeric) or box/violin plots (categorical); two:
    a heatmap per outcome and the first numeric parameter's lines per level of the other;
    more: one main-effect figure per parameter. Categorical outcomes get stacked shares.
    Sobol'/Morris designs add the sensitivity indices; ``[plots] scatter`` pairs add scatters.
    """
    name = experiment["name"]
    params = experiment["parameters"]
    pnames = [p["name"] for p in params]
    plot_spec = experiment.get("plots", {})
    labels, units = plot_spec.get("labels", {}), plot_spec.get("units", {})
    columns = ordered_outcomes(runs, experiment)
    chosen = plot_spec.get("outcomes") or []
    data = _ok(runs)
    numeric = [c for c in columns if _numeric(runs[c]) and informative(runs, c)]
    categorical_outcomes = [c for c in columns if not _numeric(runs[c])
                            and not pd.api.types.is_bool_dtype(runs[c].dtype)
                            and informative(runs, c) and data[c].nunique() <= MAX_LEVELS]
    params = [{**p, "label": parameter_label(p, base)} for p in params]

    def plabel(p: dict[str, Any]) -> str:
        return axis_text(p["label"], p.get("units", ""))

    def otext(c: str) -> tuple[str, str]:
        return outcome_text(c, labels, units)

    figures: list[FigureSpec] = []
    kind = plot_spec.get("categorical", "box")
    numeric_params = [p for p in params if p.get("numeric", True)]

    def main_effect(p: dict[str, Any], c: str) -> None:
        label, unit = otext(c)
        title = f"{name}: {label}\nby {p.get('label') or p['name']}"
        if p.get("numeric", True):
            fig = plot_mean_ci(runs, p["name"], c, xlabel=plabel(p),
                               ylabel=axis_text(f"mean {label}", unit), title=title)
            caption = (f"{label}: mean and 95% interval across replications against "
                       f"{p.get('label') or p['name']}.")
            figures.append(FigureSpec(_slug("mean", c, p["name"]), caption, fig))
        else:
            fig = plot_categorical(runs, p["name"], c, kind=kind, xlabel=plabel(p),
                                   ylabel=axis_text(label, unit), title=title)
            caption = (f"{label} by {p.get('label') or p['name']}: {kind} plots of every run, "
                       "with the mean and its 95% interval.")
            figures.append(FigureSpec(_slug(kind, c, p["name"]), caption, fig))

    for c in numeric:
        label, unit = otext(c)
        if len(params) == 2:
            px, py = (numeric_params + [p for p in params if p not in numeric_params])[:2]
            fig = plot_heatmap(runs, px["name"], py["name"], c, xlabel=plabel(px),
                               ylabel=plabel(py), clabel=axis_text(f"mean {label}", unit),
                               title=f"{name}: mean {label}")
            figures.append(FigureSpec(_slug("heatmap", c), f"Mean {label} over "
                                      f"{px.get('label') or px['name']} and "
                                      f"{py.get('label') or py['name']}.", fig))
            if px.get("numeric", True):
                hue_label = py.get("label") or py["name"]
                fig = plot_mean_ci(runs, px["name"], c, hue=py["name"], xlabel=plabel(px),
                                   ylabel=axis_text(f"mean {label}", unit), huelabel=hue_label,
                                   title=f"{name}: {label}\nby "
                                         f"{px.get('label') or px['name']} and {hue_label}")
                figures.append(FigureSpec(
                    _slug("lines", c, px["name"]),
                    f"{label} against {px.get('label') or px['name']}, one line per "
                    f"{hue_label}; bands are 95% intervals across replications.", fig))
            for p in params:
                if not p.get("numeric", True):
                    main_effect(p, c)
        else:
            for p in params:
                main_effect(p, c)
    for c in categorical_outcomes:
        label, _ = otext(c)
        for p in params:
            fig = plot_shares(runs, p["name"], c, xlabel=plabel(p),
                              ylabel=f"share of runs ({label})",
                              title=f"{name}: {label}\nby {p.get('label') or p['name']}")
            figures.append(FigureSpec(_slug("shares", c, p["name"]),
                                      f"Share of runs by {label}, at each level of "
                                      f"{p.get('label') or p['name']}.", fig))
    if sensitivity is not None and len(sensitivity):
        param_labels = {p["name"]: p.get("label") or p["name"] for p in params}
        for c in pd.unique(sensitivity["outcome"]):
            if chosen and not any(c == o or c.startswith(f"{o}.") for o in chosen):
                continue
            label, _ = otext(c)
            method = "Sobol'" if sensitivity["index"].isin(["S1"]).any() else "Morris"
            fig = plot_sensitivity(sensitivity, c, labels=param_labels,
                                   title=f"{name}: {method} sensitivity of {label}")
            figures.append(FigureSpec(_slug("sensitivity", c),
                                      f"{method} sensitivity indices of {label}, with 95% "
                                      "bootstrap intervals.", fig))
    for x, y in plot_spec.get("scatter", []):
        xs = [c for c in columns_of(runs, x)]
        ys = [c for c in columns_of(runs, y)]
        for cx in xs[:1]:
            for cy in ys[:1]:
                lx, ux = otext(cx)
                ly, uy = otext(cy)
                hue = pnames[0] if pnames else None
                fig = plot_outcome_scatter(
                    runs, cx, cy, hue=hue, xlabel=axis_text(lx, ux), ylabel=axis_text(ly, uy),
                    huelabel=plabel(params[0]) if params else None,
                    title=f"{name}: {ly}\nagainst {lx}")
                figures.append(FigureSpec(_slug("scatter", cy, cx),
                                          f"{ly} against {lx}, one dot per run.", fig))
    return figures


def ordered_outcomes(runs: pd.DataFrame, experiment: dict[str, Any]) -> list[str]:
    """The outcome columns to show, in the order the experiment lists them (``[plots]
    outcomes`` if given, else ``outcomes``): the headline first."""
    pnames = [p["name"] for p in experiment["parameters"]]
    columns = outcome_columns(runs, pnames)
    chosen = experiment.get("plots", {}).get("outcomes") or []
    listed = chosen or experiment.get("outcomes") or []
    order = [c for name in listed for c in columns if c == name or c.startswith(f"{name}.")]
    order = list(dict.fromkeys(order))
    if chosen:
        return order
    return order + [c for c in columns if c not in order]


def columns_of(runs: pd.DataFrame, outcome: str) -> list[str]:
    """The columns of an outcome (itself, or its leaves when it was a table)."""
    return [c for c in runs.columns if c == outcome or c.startswith(f"{outcome}.")]


def save_sweep_plots(root: Path) -> list[tuple[Path, str]]:
    """Draw every figure of a results folder into ``plots/``; return (file, caption) pairs."""
    root = Path(root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    runs = pd.read_parquet(root / "runs.parquet")
    sens_path = root / "sensitivity.parquet"
    sensitivity = pd.read_parquet(sens_path) if sens_path.is_file() else None
    out = root / "plots"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    saved = []
    base_path = root / "base.toml"
    base = tomllib.loads(base_path.read_text(encoding="utf-8")) if base_path.is_file() else None
    for spec in sweep_figures(runs, sensitivity, manifest["experiment"], base):
        path = out / f"{spec.slug}.png"
        spec.figure.savefig(path, dpi=110)
        saved.append((path, spec.caption))
    return saved
