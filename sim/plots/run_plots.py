"""Figures of one run, drawn from its tables (never by running a model).

Each function takes a table (and optionally an ``Axes``) and returns a matplotlib ``Figure``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.plots.style import party_color


def _figure(ax: Axes | None, size: tuple[float, float] = (7.0, 4.0)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def plot_seats(summary: dict[str, Any], ax: Axes | None = None) -> Figure:
    """Seats won by party (bars coloured by party) and by alliance (bars on the right)."""
    if ax is None:
        fig = Figure(figsize=(9.0, 4.0), layout="constrained")
        ax_party, ax_bloc = fig.subplots(1, 2, width_ratios=[3, 2])
    else:
        fig, ax_party, ax_bloc = ax.figure, ax, None
    parties = summary["seats_by_party"]
    names = sorted(parties, key=lambda p: -parties[p])
    bars = ax_party.bar(names, [parties[p] for p in names],
                        color=[party_color(p) for p in names])
    ax_party.bar_label(bars)
    ax_party.set_ylabel("seats won")
    ax_party.set_title(f"Seats by party ({summary['n_constituencies']} constituencies)")
    majority = summary["n_constituencies"] // 2 + 1
    ax_party.axhline(majority, color="0.4", lw=0.8, ls="--")
    ax_party.text(len(names) - 0.5, majority, f" majority {majority}", va="bottom", ha="right",
                  fontsize=8, color="0.3")
    if ax_bloc is not None:
        blocs = summary["seats_by_alliance"]
        order = sorted(blocs, key=lambda b: -blocs[b])
        bars = ax_bloc.bar(order, [blocs[b] for b in order], color="0.55")
        ax_bloc.bar_label(bars)
        ax_bloc.set_title("Seats by alliance / bloc")
        ax_bloc.axhline(majority, color="0.4", lw=0.8, ls="--")
        ax_bloc.tick_params(axis="x", labelrotation=20)
    return fig  # type: ignore[return-value]


def plot_negotiation(rounds: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Seats claimed (solid) and offered (dashed) to each negotiating party, round by round."""
    fig, ax = _figure(ax)
    party = rounds[rounds["level"] == "party"]
    table = party.pivot_table(index="round", columns=["party", "variable"], values="value")
    drawn = False
    for pid in sorted(party["party"].unique()):
        if (pid, "seats_offered") not in table.columns:
            continue
        color = party_color(pid)
        ax.plot(table.index, table[(pid, "seats_claimed")], color=color, marker="o",
                label=f"{pid} claimed")
        ax.plot(table.index, table[(pid, "seats_offered")], color=color, ls="--", marker="s",
                label=f"{pid} offered")
        accepted = table[(pid, "accepted")] > 0
        ax.scatter(table.index[accepted], table[(pid, "seats_offered")][accepted], s=120,
                   facecolors="none", edgecolors=color, linewidths=1.5)
        drawn = True
    ax.set_xlabel("round")
    ax.set_ylabel("constituencies")
    ax.set_title("Negotiation: seats claimed vs offered (circled: accepted)")
    if drawn:
        ax.legend(fontsize=8, ncols=2)
    else:
        ax.text(0.5, 0.5, "no alliance negotiated", ha="center", va="center",
                transform=ax.transAxes)
    return fig


def plot_public_response(rounds: pd.DataFrame) -> Figure:
    """Mean transfer willingness of allied supporters by region, and poll support by bloc."""
    fig = Figure(figsize=(10.0, 4.0), layout="constrained")
    ax_t, ax_p = fig.subplots(1, 2)
    region = rounds[rounds["level"] == "region"]
    transfer = region[region["variable"] == "mean_transfer"]
    for (bloc, reg), rows in transfer.groupby(["bloc", "region"]):
        ax_t.plot(rows["round"], rows["value"], lw=1, alpha=0.6, label=f"{bloc} · {reg}")
    if not transfer.empty:
        mean = transfer.groupby("round")["value"].mean()
        ax_t.plot(mean.index, mean.values, color="k", lw=2.5, label="mean")
        ax_t.legend(fontsize=7, ncols=2)
    ax_t.set_ylim(0, 1)
    ax_t.set_xlabel("round")
    ax_t.set_ylabel("transfer willingness (0–1)")
    ax_t.set_title("Allied supporters' willingness to transfer")
    polls = region[region["variable"] == "poll_support"]
    for bloc, rows in polls.groupby("bloc"):
        by_round = rows.groupby("round")["value"].mean()
        ax_p.plot(by_round.index, 100 * by_round.values, marker="o", label=bloc,
                  color=party_color(str(bloc)))
    ax_p.set_xlabel("round")
    ax_p.set_ylabel("poll support, % of sample (mean over regions)")
    ax_p.set_title("Poll support by bloc")
    if not polls.empty:
        ax_p.legend(fontsize=8)
    return fig


def save_run_plots(result: Any, folder: Path) -> list[Path]:
    """Draw every figure of a run into ``folder`` as PNG; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figures = {
        "seats.png": plot_seats(result.summary),
        "negotiation.png": plot_negotiation(result.rounds),
        "public_response.png": plot_public_response(result.rounds),
    }
    paths = []
    for name, fig in figures.items():
        path = folder / name
        fig.savefig(path, dpi=110)
        paths.append(path)
    return paths


__all__ = ["plot_negotiation", "plot_public_response", "plot_seats", "save_run_plots"]
