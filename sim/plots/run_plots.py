"""Charts of one run, drawn from its tables (never by running a model), readable from the toy's
four parties to India's 36 parties in 36 states.

Each function takes tables and the run's :class:`~sim.plots.palette.Palette` (so a party or a
bloc has one colour in every chart) and returns a matplotlib ``Figure``:

* :func:`plot_seats`: a hemicycle of the house (parties grouped by bloc, left to right by
  ideology) and the largest parties as sorted bars, the rest summed as "others";
* :func:`plot_negotiation`: seats claimed and offered round by round, the largest partners of
  each alliance;
* :func:`plot_public_response`: allied supporters' transfer willingness and poll support by
  bloc, both weighted by each region's electors (Uttar Pradesh counts for 150 Lakshadweeps);
* :func:`plot_support`: each party's true support (party identification) round by round, as
  persuasion, anti-incumbency and mood move it;
* :func:`plot_seats_by_state`: seats by bloc in each state.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from sim.plots.palette import OTHERS, OTHERS_COLOR, Palette

TOP_PARTIES = 12
TOP_BLOCS = 7
NEGOTIATION_PARTIES_SHOWN = 6


def _figure_of(ax: Axes) -> Figure:
    """The (root) figure an axes is drawn on."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    return fig


def _figure(ax: Axes | None, size: tuple[float, float] = (7.0, 4.0)) -> tuple[Figure, Axes]:
    if ax is not None:
        return _figure_of(ax), ax
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


# --------------------------------------------------------------------------- seats


def top_with_others(counts: Mapping[str, float], top: int) -> list[tuple[str, float]]:
    """The ``top`` largest entries (descending, then by name) and, if any are left, one
    ``("others (k)", sum)`` entry; zero entries are dropped."""
    items = sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0]))
    if len(items) <= top + 1:
        return items
    rest = items[top:]
    return [*items[:top], (f"{OTHERS} ({len(rest)})", float(sum(v for _, v in rest)))]


def hemicycle_positions(n: int, rows: int | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """(x, y) of ``n`` seats on concentric half-circles (radius 0.4 to 1), ordered left to
    right, and the number of rows; seats per row are proportional to the row's radius."""
    if n <= 0:
        return np.empty(0), np.empty(0), 0
    rows = rows or max(1, min(n, round(math.sqrt(n / 4.0))))
    radii = np.linspace(0.4, 1.0, rows) if rows > 1 else np.array([1.0])
    per_row = np.floor(n * radii / radii.sum()).astype(int)
    per_row[-1] += n - per_row.sum()
    angles, dist = [], []
    for r, k in zip(radii, per_row, strict=True):
        theta = np.linspace(math.pi, 0.0, k) if k > 1 else np.full(k, math.pi / 2)
        angles.append(theta)
        dist.append(np.full(k, r))
    theta, radius = np.concatenate(angles), np.concatenate(dist)
    order = np.lexsort((-radius, -theta))  # left to right, outer first on ties
    return radius[order] * np.cos(theta[order]), radius[order] * np.sin(theta[order]), rows


def house_order(seats: Mapping[str, int], palette: Palette,
                ideology: Mapping[str, float] | None = None) -> list[tuple[str, str, int]]:
    """(bloc, party, seats) in the hemicycle's left-to-right order: blocs by their seat-weighted
    ideology (left first), parties within a bloc by ideology, then by seats."""
    ideology = ideology or {}
    by_bloc: dict[str, list[str]] = {}
    for party, n in seats.items():
        if n:
            by_bloc.setdefault(palette.bloc_of(party), []).append(party)

    def position(parties: list[str]) -> float:
        total = sum(seats[p] for p in parties)
        return sum(ideology.get(p, 0.0) * seats[p] for p in parties) / max(total, 1)

    out = []
    for bloc in sorted(by_bloc, key=lambda b: (position(by_bloc[b]), -len(b))):
        for party in sorted(by_bloc[bloc], key=lambda p: (ideology.get(p, 0.0), -seats[p], p)):
            out.append((bloc, party, int(seats[party])))
    return out


def plot_seats(summary: Mapping[str, Any], palette: Palette,
               ideology: Mapping[str, float] | None = None, title: str = "") -> Figure:
    """The house as a hemicycle (each dot a seat, grouped by bloc) beside the largest parties
    as sorted bars (the rest summed as "others"), with the majority mark."""
    seats = {p: int(n) for p, n in summary["seats_by_party"].items()}
    total = int(summary["n_constituencies"])
    majority = total // 2 + 1
    fig = Figure(figsize=(12.0, 5.2), layout="constrained")
    ax_house, ax_bars = fig.subplots(1, 2, width_ratios=[1.25, 1.0])
    order = house_order(seats, palette, ideology)
    n = sum(s for _, _, s in order)
    x, y, rows = hemicycle_positions(n)
    colors = [palette[party] for _, party, s in order for _ in range(s)]
    dot = 5200.0 / max(rows, 1) ** 2 / max(1.0, n / (rows * 30.0))
    ax_house.scatter(x, y, s=min(dot, 180.0), c=colors, linewidths=0)
    ax_house.set_aspect("equal")
    ax_house.set_xlim(-1.08, 1.08)
    ax_house.set_ylim(-0.32, 1.08)
    ax_house.set_axis_off()
    blocs = summary.get("seats_by_alliance") or {}
    shown = top_with_others(blocs, TOP_BLOCS)
    handles = [Patch(color=palette[b] if not b.startswith(OTHERS) else OTHERS_COLOR,
                     label=f"{b}: {int(v)}") for b, v in shown]
    ax_house.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.06),
                    ncols=min(4, max(1, len(handles))), frameon=False, fontsize=9,
                    title="seats by alliance / bloc", title_fontsize=8)
    ax_house.text(0.0, 0.05, f"{total}\nseats", ha="center", va="bottom", fontsize=13,
                  color="0.25")
    ax_house.text(0.0, -0.02, f"majority {majority}", ha="center", va="top", fontsize=8,
                  color="0.35")
    ax_house.set_title(title or f"Simulated seats ({total} constituencies)")

    bars = top_with_others(seats, TOP_PARTIES)
    labels = [p if p.startswith(OTHERS) else (f"{p} ({palette.bloc_of(p)})"
                                              if palette.bloc_of(p) != p else p)
              for p, _ in bars]
    values = [v for _, v in bars]
    ypos = np.arange(len(bars))[::-1]
    rects = ax_bars.barh(ypos, values, color=[OTHERS_COLOR if p.startswith(OTHERS)
                                              else palette[p] for p, _ in bars])
    ax_bars.bar_label(rects, labels=[str(int(v)) for v in values], padding=2, fontsize=8)
    ax_bars.set_yticks(ypos, labels, fontsize=8)
    ax_bars.set_xlabel("seats won")
    ax_bars.axvline(majority, color="0.4", lw=0.8, ls="--")
    ax_bars.text(majority, ypos.max() + 0.6, f" majority {majority}", fontsize=7, color="0.3",
                 va="bottom")
    ax_bars.set_xlim(0, max(max(values, default=0), majority) * 1.12)
    ax_bars.set_ylim(-0.6, ypos.max() + 1.3 if len(ypos) else 1)
    hidden = len([v for v in seats.values() if v]) - len([p for p, _ in bars
                                                           if not p.startswith(OTHERS)])
    ax_bars.set_title("Seats by party" + (f" (largest {TOP_PARTIES}; {hidden} more in "
                                           "'others')" if hidden > 0 else ""), fontsize=10)
    ax_bars.spines[["top", "right"]].set_visible(False)
    return fig


# --------------------------------------------------------------------------- negotiation


def negotiation_table(rounds: pd.DataFrame) -> pd.DataFrame:
    """Per (bloc, party, round): seats claimed and offered summed over a party's tables (one
    per region when an alliance negotiates region by region) and the share of its tables
    that accepted."""
    party = rounds[(rounds["level"] == "party")
                   & rounds["variable"].isin(["seats_claimed", "seats_offered", "accepted"])]
    if party.empty:
        return pd.DataFrame(columns=["bloc", "party", "round", "seats_claimed", "seats_offered",
                                     "accepted"])
    seats = party[party["variable"] != "accepted"].pivot_table(
        index=["bloc", "party", "round"], columns="variable", values="value", aggfunc="sum")
    accepted = party[party["variable"] == "accepted"].groupby(
        ["bloc", "party", "round"])["value"].mean().rename("accepted")
    return seats.join(accepted).reset_index()


def largest_partners(table: pd.DataFrame, bloc: str, shown: int) -> list[str]:
    """The partners of ``bloc`` with the most seats claimed or offered in any round (a partner
    that walked out early still counts by what it negotiated for)."""
    rows = table[table["bloc"] == bloc]
    size = rows[["seats_claimed", "seats_offered"]].max(axis=1).groupby(rows["party"]).max()
    return sorted(size.index, key=lambda p: (-size[p], p))[:shown]


def plot_negotiation(rounds: pd.DataFrame, palette: Palette,
                     shown: int = NEGOTIATION_PARTIES_SHOWN) -> Figure:
    """Seats claimed (solid) and offered (dashed) to each alliance's largest partners, round by
    round; circled: the party accepted the offer (at all its tables)."""
    table = negotiation_table(rounds)
    blocs = sorted(table["bloc"].unique(), key=lambda b: -table.loc[table["bloc"] == b,
                                                                    "seats_offered"].max())
    fig = Figure(figsize=(6.2 * max(1, len(blocs)), 4.2), layout="constrained")
    axes = list(np.atleast_1d(fig.subplots(1, max(1, len(blocs)))))
    if table.empty:
        axes[0].text(0.5, 0.5, "no alliance negotiated", ha="center", va="center",
                     transform=axes[0].transAxes)
        axes[0].set_title("Negotiation")
        axes[0].set_axis_off()
        return fig
    for panel, bloc in zip(axes, blocs, strict=True):
        rows = table[table["bloc"] == bloc]
        partners = largest_partners(table, bloc, shown)
        for pid in partners:
            mine = rows[rows["party"] == pid].sort_values("round")
            color = palette[pid]
            panel.plot(mine["round"], mine["seats_claimed"], color=color, marker="o", ms=4,
                       label=pid)
            panel.plot(mine["round"], mine["seats_offered"], color=color, ls="--", marker="s",
                       ms=3)
            agreed = mine[mine["accepted"] >= 1.0]
            panel.scatter(agreed["round"], agreed["seats_offered"], s=110, facecolors="none",
                          edgecolors=color, linewidths=1.3)
        hidden = rows["party"].nunique() - len(partners)
        note = f"; +{hidden} smaller partners not shown" if hidden > 0 else ""
        panel.set_title(f"{bloc}: claimed (solid) vs offered (dashed){note}", fontsize=10)
        panel.set_xlabel("round")
        panel.xaxis.set_major_locator(MaxNLocator(integer=True))
        panel.set_ylabel("constituencies (summed over its tables)")
        panel.set_ylim(bottom=0)
        panel.legend(fontsize=8, title="circled: accepted", title_fontsize=7,
                     loc="upper right", ncols=2 if len(partners) > 4 else 1)
        panel.grid(alpha=0.25)
    return fig


# --------------------------------------------------------------------------- public response


def region_electors(constituencies: pd.DataFrame) -> pd.Series:
    """Electors per region (the weights of regional averages)."""
    return constituencies.groupby("region")["electors"].sum().astype(float)


def weighted_by_region(values: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Per round: the mean of ``values`` (columns ``round, region, value``) over regions,
    weighted by ``weights`` (electors by region); regions without a weight count 0."""
    w = values["region"].map(weights).fillna(0.0)
    num = (values["value"] * w).groupby(values["round"]).sum()
    den = w.groupby(values["round"]).sum()
    return (num / den.replace(0.0, np.nan)).dropna()


def plot_public_response(rounds: pd.DataFrame, constituencies: pd.DataFrame,
                         palette: Palette, top: int = TOP_BLOCS) -> Figure:
    """Allied supporters' transfer willingness (thin: one line per region; bold: the
    electors-weighted mean of each alliance) and poll support by bloc (electors-weighted over
    regions; the largest blocs, the rest summed as "others")."""
    fig = Figure(figsize=(11.0, 4.2), layout="constrained")
    ax_t, ax_p = fig.subplots(1, 2)
    weights = region_electors(constituencies)
    region = rounds[rounds["level"] == "region"]
    transfer = region[region["variable"] == "mean_transfer"]
    for (bloc, _reg), rows in transfer.groupby(["bloc", "region"]):
        ax_t.plot(rows["round"], rows["value"], lw=0.8, alpha=0.25, color=palette[str(bloc)])
    for bloc, rows in transfer.groupby("bloc"):
        mean = weighted_by_region(rows, weights)
        ax_t.plot(mean.index, mean.values, lw=2.5, color=palette[str(bloc)],
                  label=f"{bloc} (mean, weighted by electors)")
    if not transfer.empty:
        ax_t.plot([], [], lw=0.8, color="0.5", alpha=0.5, label="one line per region")
        ax_t.legend(fontsize=7, loc="best")
    ax_t.set_ylim(0, 1)
    ax_t.set_xlabel("round")
    ax_t.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_t.set_ylabel("transfer willingness (0–1)")
    ax_t.set_title("Allied supporters' willingness to transfer", fontsize=10)
    polls = region[region["variable"] == "poll_support"]
    national = {str(b): weighted_by_region(rows, weights) for b, rows in polls.groupby("bloc")}
    final = {b: float(s.iloc[-1]) for b, s in national.items() if len(s)}
    shown = [b for b, _ in top_with_others(final, top) if not b.startswith(OTHERS)]
    for bloc in shown:
        series = national[bloc]
        ax_p.plot(series.index, 100 * series.values, marker="o", ms=3, label=bloc,
                  color=palette[bloc])
    rest = [b for b in national if b not in shown]
    if rest:
        others = sum(national[b] for b in rest)
        ax_p.plot(others.index, 100 * others.values, marker="o", ms=3, color="0.55",
                  ls=":", label=f"{OTHERS} ({len(rest)} blocs)")
    ax_p.set_xlabel("round")
    ax_p.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_p.set_ylabel("poll support, % (weighted by electors)")
    ax_p.set_ylim(bottom=0)
    ax_p.set_title("Poll support by bloc", fontsize=10)
    if not polls.empty:
        ax_p.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


# --------------------------------------------------------------------------- support


def plot_support(rounds: pd.DataFrame, palette: Palette, top: int = 10,
                 ax: Axes | None = None) -> Figure:
    """Each party's true support (share of the electorate identifying with it) round by round,
    the ``top`` largest at the last round (the rest summed as "others"), and the non-partisans'
    share."""
    fig, ax = _figure(ax, (7.5, 4.2))
    party = rounds[(rounds["level"] == "party") & (rounds["variable"] == "support")]
    table = party.pivot_table(index="round", columns="party", values="value")
    if not table.empty:
        final = {str(p): float(v) for p, v in table.iloc[-1].items()}
        shown = [p for p, _ in top_with_others(final, top) if not p.startswith(OTHERS)]
        for pid in shown:
            ax.plot(table.index, 100 * table[pid], marker="o", ms=3, label=pid,
                    color=palette[pid])
        rest = [p for p in table.columns if p not in shown]
        if rest:
            ax.plot(table.index, 100 * table[rest].sum(axis=1), color="0.55", ls=":",
                    label=f"{OTHERS} ({len(rest)} parties)")
    none = rounds[rounds["variable"] == "nonpartisan_support"]
    if not none.empty:
        ax.plot(none["round"], 100 * none["value"], color="0.3", ls="--", label="no party")
    ax.set_xlabel("round")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("% of the electorate")
    ax.set_ylim(bottom=0)
    ax.set_title("Party support by round (party identification)", fontsize=10)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


# --------------------------------------------------------------------------- states


def plot_seats_by_state(seats: pd.DataFrame, palette: Palette, top: int = TOP_BLOCS,
                        ax: Axes | None = None) -> Figure:
    """Horizontal stacked bars: seats won by each bloc in each state (``seats_by_state``);
    blocs beyond the ``top`` largest are summed as "others"."""
    blocs = [c for c in seats.columns if c not in ("state", "total")]
    totals = {b: float(seats[b].sum()) for b in blocs}
    kept = [b for b, _ in top_with_others(totals, top) if not b.startswith(OTHERS)]
    rest = [b for b in blocs if b not in kept]
    height = max(3.0, 0.28 * len(seats) + 1.5)
    fig, ax = _figure(ax, (10.0, height))
    order = seats.iloc[::-1].reset_index(drop=True)
    left = np.zeros(len(order))
    columns: list[tuple[str, np.ndarray, str]] = [
        (b, order[b].to_numpy(dtype=float), palette[b]) for b in kept]
    if rest:
        columns.append((f"{OTHERS} ({len(rest)})",
                        order[rest].sum(axis=1).to_numpy(dtype=float), OTHERS_COLOR))
    for label, values, color in columns:
        ax.barh(order["state"], values, left=left, label=label, color=color)
        left += values
    for y, total in enumerate(order["total"]):
        ax.text(total + 0.3, y, str(int(total)), va="center", fontsize=7, color="0.3")
    ax.set_xlabel("seats won (simulated)")
    ax.set_title("Simulated seats by alliance / bloc in each state")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def ideology_of(config: Mapping[str, Any]) -> dict[str, float]:
    """Party id -> ideology, from a config document."""
    return {p["id"]: float(p.get("ideology", 0.0)) for p in config.get("parties", [])}


__all__: Sequence[str] = [
    "hemicycle_positions",
    "house_order",
    "ideology_of",
    "largest_partners",
    "negotiation_table",
    "plot_negotiation",
    "plot_public_response",
    "plot_seats",
    "plot_seats_by_state",
    "plot_support",
    "top_with_others",
    "weighted_by_region",
]
