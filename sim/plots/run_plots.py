"""Figures of one run, drawn from its tables (never by running a model).

Each function takes a table (and optionally an ``Axes``) and returns a matplotlib ``Figure``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.plots.style import party_color


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


def plot_seats(summary: dict[str, Any], ax: Axes | None = None) -> Figure:
    """Seats won by party (bars coloured by party) and by alliance (bars on the right)."""
    if ax is None:
        fig = Figure(figsize=(9.0, 4.0), layout="constrained")
        ax_party, ax_bloc = fig.subplots(1, 2, width_ratios=[3, 2])
    else:
        fig, ax_party, ax_bloc = _figure_of(ax), ax, None
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
    return fig


NEGOTIATION_PARTIES_SHOWN = 6


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


def plot_negotiation(rounds: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Seats claimed (solid) and offered (dashed) to each negotiating party, round by round;
    one panel per alliance, its largest partners only."""
    table = negotiation_table(rounds)
    blocs = sorted(table["bloc"].unique())
    if ax is not None or len(blocs) <= 1:
        fig, axes = _figure(ax)
        axes_list = [axes]
    else:
        fig = Figure(figsize=(6.0 * len(blocs), 4.0), layout="constrained")
        axes_list = list(np.atleast_1d(fig.subplots(1, len(blocs))))
    if table.empty:
        axes_list[0].text(0.5, 0.5, "no alliance negotiated", ha="center", va="center",
                          transform=axes_list[0].transAxes)
        axes_list[0].set_title("Negotiation")
        return fig
    for panel, bloc in zip(axes_list, blocs, strict=False):
        rows = table[table["bloc"] == bloc]
        final = rows[rows["round"] == rows["round"].max()]
        order = final.sort_values("seats_offered", ascending=False)["party"].tolist()
        shown = order[:NEGOTIATION_PARTIES_SHOWN]
        for pid in shown:
            mine = rows[rows["party"] == pid].sort_values("round")
            color = party_color(pid)
            panel.plot(mine["round"], mine["seats_claimed"], color=color, marker="o", label=pid)
            panel.plot(mine["round"], mine["seats_offered"], color=color, ls="--", marker="s")
            agreed = mine[mine["accepted"] >= 1.0]
            panel.scatter(agreed["round"], agreed["seats_offered"], s=120, facecolors="none",
                          edgecolors=color, linewidths=1.5)
        hidden = len(order) - len(shown)
        note = f" (+{hidden} smaller partners)" if hidden > 0 else ""
        panel.set_title(f"{bloc}: claimed (solid) vs offered (dashed){note}", fontsize=10)
        panel.set_xlabel("round")
        panel.set_ylabel("constituencies (summed over tables)")
        panel.legend(fontsize=8, title="circled: accepted", title_fontsize=7)
    return fig


def plot_public_response(rounds: pd.DataFrame) -> Figure:
    """Mean transfer willingness of allied supporters by region, and poll support by bloc."""
    fig = Figure(figsize=(10.0, 4.0), layout="constrained")
    ax_t, ax_p = fig.subplots(1, 2)
    region = rounds[rounds["level"] == "region"]
    transfer = region[region["variable"] == "mean_transfer"]
    groups = transfer.groupby(["bloc", "region"])
    many = groups.ngroups > 12  # e.g. two alliances in 36 states: no legend per line
    for (bloc, reg), rows in groups:
        ax_t.plot(rows["round"], rows["value"], lw=1, alpha=0.35 if many else 0.6,
                  color=party_color(str(bloc)) if many else None,
                  label="_" if many else f"{bloc} · {reg}")
    if not transfer.empty:
        mean = transfer.groupby("round")["value"].mean()
        ax_t.plot(mean.index, mean.values, color="k", lw=2.5, label="mean")
        if many:
            for bloc in transfer["bloc"].unique():
                ax_t.plot([], [], color=party_color(str(bloc)), label=f"{bloc} (one line "
                          "per region)")
        ax_t.legend(fontsize=7, ncols=1 if many else 2)
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
        if polls["bloc"].nunique() > 8:
            ax_p.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        else:
            ax_p.legend(fontsize=8)
    return fig


def plot_support(rounds: pd.DataFrame, ax: Axes | None = None, top: int = 10) -> Figure:
    """Each party's true support (share of the electorate identifying with it) round by round,
    and the non-partisans' (the ``top`` largest parties; the others are summed)."""
    fig, ax = _figure(ax, (7.0, 4.0))
    party = rounds[(rounds["level"] == "party") & (rounds["variable"] == "support")]
    table = party.pivot_table(index="round", columns="party", values="value")
    if not table.empty:
        order = list(table.iloc[-1].sort_values(ascending=False).index)
        for pid in order[:top]:
            ax.plot(table.index, 100 * table[pid], marker="o", ms=3, label=pid,
                    color=party_color(str(pid)))
        if len(order) > top:
            ax.plot(table.index, 100 * table[order[top:]].sum(axis=1), color="0.6", ls=":",
                    label=f"{len(order) - top} others")
    none = rounds[rounds["variable"] == "nonpartisan_support"]
    if not none.empty:
        ax.plot(none["round"], 100 * none["value"], color="0.3", ls="--", label="no party")
    ax.set_xlabel("round")
    ax.set_ylabel("% of the electorate")
    ax.set_title("Party support by round (party identification)")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


# --------------------------------------------------------------------------- real scenarios


def _zoom_to(ax: Axes, map_name: str, ids: list[str]) -> None:
    """Limit the axes to the constituencies drawn (a state of an all-India map)."""
    import math

    import numpy as np

    from sim.data.boundaries import load_map

    cmap = load_map(map_name)
    if len(set(ids)) >= len(cmap):
        return
    wanted = set(ids)
    rings = [r for s in cmap.shapes if s.id in wanted for r in s.rings]
    if not rings:
        return
    pts = np.concatenate(rings)
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    pad_x, pad_y = 0.03 * (x1 - x0) + 0.05, 0.03 * (y1 - y0) + 0.05
    ax.set_xlim(x0 - pad_x, x1 + pad_x)
    ax.set_ylim(y0 - pad_y, y1 + pad_y)
    ax.set_aspect(1.0 / math.cos(math.radians(0.5 * (y0 + y1))))


def _map_values(table: pd.DataFrame, column: str, map_name: str) -> dict[str, Any]:
    from sim.data.boundaries import load_map

    known = set(load_map(map_name).ids)
    return {cid: v for cid, v in zip(table["id"], table[column], strict=True) if cid in known}


def plot_winner_map(table: pd.DataFrame, map_name: str, ax: Axes | None = None,
                    title: str = "Winner per constituency") -> Figure:
    """Choropleth of each constituency's simulated winner (a run's ``constituencies`` table)."""
    from sim.plots.maps import plot_choropleth

    fig = plot_choropleth(_map_values(table, "winner", map_name), map_name, ax=ax,
                          title=title, legend_title="party (seats)")
    _zoom_to(fig.axes[0] if ax is None else ax, map_name, list(table["id"]))
    return fig


def plot_allocation_map(table: pd.DataFrame, map_name: str) -> Figure:
    """One choropleth per alliance: the partner allocated each constituency, ``disputed``, or
    ``not allied`` where the alliance fielded no joint candidate (it did not form there)."""
    from sim.plots.maps import plot_choropleth

    columns = [c for c in table.columns if c.startswith("allocated:")]
    n = max(1, len(columns))
    fig = Figure(figsize=(8.0 * n, 8.0), layout="constrained")
    axes = fig.subplots(1, n, squeeze=False)[0]
    if not columns:
        axes[0].text(0.5, 0.5, "no alliance in this run", ha="center", va="center")
        axes[0].set_axis_off()
        return fig
    for ax, column in zip(axes, columns, strict=True):
        labels = table[column].fillna("").replace("", "not allied")
        values = _map_values(table.assign(**{column: labels}), column, map_name)
        plot_choropleth(values, map_name, ax=ax, title=f"{column.split(':', 1)[1]}: "
                        "partner allocated each seat", legend_title="partner (seats)",
                        colors={"not allied": "#eeeeee", "disputed": "#000000"})
        _zoom_to(ax, map_name, list(table["id"]))
    return fig


def plot_margin_map(table: pd.DataFrame, map_name: str, ax: Axes | None = None) -> Figure:
    """Choropleth of the winning margin (winner − runner-up, % of votes cast)."""
    from sim.plots.maps import plot_choropleth

    fig = plot_choropleth(_map_values(table, "margin_pct", map_name), map_name,
                          kind="continuous", ax=ax, cmap="magma_r",
                          title="Winning margin", legend_title="margin, % of votes cast")
    _zoom_to(fig.axes[0] if ax is None else ax, map_name, list(table["id"]))
    return fig


def bloc_colors(config: Any, blocs: list[str]) -> dict[str, str]:
    """A colour per bloc: an alliance takes its first member's colour, a party its own."""
    first = {a.name: a.members[0] for a in config.alliances}
    return {b: party_color(first.get(b, b)) for b in blocs}


def plot_seats_by_state(seats: pd.DataFrame, colors: dict[str, str] | None = None,
                        ax: Axes | None = None) -> Figure:
    """Horizontal stacked bars: seats won by each bloc in each state (``seats_by_state``)."""
    blocs = [c for c in seats.columns if c not in ("state", "total")]
    height = max(3.0, 0.28 * len(seats) + 1.5)
    fig, ax = _figure(ax, (10.0, height))
    order = seats.iloc[::-1]
    left = pd.Series(0, index=order.index, dtype=float)
    colors = colors or {}
    for bloc in blocs:
        ax.barh(order["state"], order[bloc], left=left, label=bloc,
                color=colors.get(bloc, party_color(bloc)))
        left += order[bloc]
    for y, total in enumerate(order["total"]):
        ax.text(total + 0.3, y, str(int(total)), va="center", fontsize=7, color="0.3")
    ax.set_xlabel("seats won")
    ax.set_title("Seats by alliance / bloc in each state")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=8, loc="lower right", ncols=2 if len(blocs) > 8 else 1)
    return fig


def real_figures(result: Any) -> dict[str, Figure]:
    """The map figures of a run on real results, plus the per-state chart when several
    states are simulated (empty for synthetic and explicit scenarios)."""
    config = result.config
    if config.scenario.source != "results":
        return {}
    from sim.data.boundaries import map_for_dataset
    from sim.run.summary import seats_by_state
    from sim.world.results import dataset_of

    map_name = map_for_dataset(dataset_of(config))
    table = result.constituencies
    figures = {
        "map_winners.png": plot_winner_map(table, map_name),
        "map_allocation.png": plot_allocation_map(table, map_name),
        "map_margin.png": plot_margin_map(table, map_name),
    }
    seats = seats_by_state(table)
    if len(seats) > 1:
        blocs = [c for c in seats.columns if c not in ("state", "total")]
        figures["seats_by_state.png"] = plot_seats_by_state(seats, bloc_colors(config, blocs))
    return figures


def save_run_plots(result: Any, folder: Path) -> list[Path]:
    """Draw every figure of a run into ``folder`` as PNG; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figures = {
        "seats.png": plot_seats(result.summary),
        "negotiation.png": plot_negotiation(result.rounds),
        "public_response.png": plot_public_response(result.rounds),
        "support.png": plot_support(result.rounds),
        **real_figures(result),
    }
    paths = []
    for name, fig in figures.items():
        path = folder / name
        fig.savefig(path, dpi=110)
        paths.append(path)
    return paths


__all__ = [
    "bloc_colors",
    "plot_allocation_map",
    "plot_margin_map",
    "plot_negotiation",
    "plot_public_response",
    "plot_seats",
    "plot_seats_by_state",
    "plot_support",
    "plot_winner_map",
    "real_figures",
    "save_run_plots",
]
