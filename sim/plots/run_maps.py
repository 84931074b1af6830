"""Maps of one run on real results: simulated winners, each alliance's allocation, margins,
and the reference election's actual winners for comparison (same palette, titles say which)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from sim.data.boundaries import load_map, map_for_dataset
from sim.plots.maps import plot_choropleth
from sim.plots.palette import Palette


def _map_values(table: pd.DataFrame, column: str, map_name: str) -> dict[str, Any]:
    known = set(load_map(map_name).ids)
    return {cid: v for cid, v in zip(table["id"], table[column], strict=True) if cid in known}


def _run_label(info: Any) -> str:
    return f"{info.name}, seed {info.seed}"


def plot_winner_map(table: pd.DataFrame, map_name: str, palette: Palette, info: Any) -> Figure:
    """Choropleth of each constituency's simulated winner."""
    return plot_choropleth(_map_values(table, "winner", map_name), map_name,
                           title=f"Simulated winners ({_run_label(info)})",
                           legend_title="party (seats)", colors=dict(palette.colors),
                           zoom=list(table["id"]))


def plot_actual_map(table: pd.DataFrame, map_name: str, palette: Palette,
                    dataset: str) -> Figure:
    """The reference election's recorded winners, over the constituencies simulated."""
    from sim.data.results import load_results

    results = load_results(dataset)
    kept = set(table["id"])
    winners = {c: w for c, w in results.winner_map().items() if c in kept}
    return plot_choropleth(winners, map_name, colors=dict(palette.colors),
                           title=f"Actual winners: {dataset} (the reference election)",
                           legend_title="party (seats)", zoom=list(table["id"]))


def plot_allocation_map(table: pd.DataFrame, map_name: str, palette: Palette,
                        info: Any) -> Figure:
    """One choropleth per alliance: the partner allocated each constituency, ``disputed``, or
    ``not allied`` where the alliance fielded no joint candidate (it did not form there)."""
    columns = [c for c in table.columns if c.startswith("allocated:")]
    if not columns:
        fig = Figure(figsize=(6.0, 3.0), layout="constrained")
        ax = fig.add_subplot()
        ax.text(0.5, 0.5, "no alliance in this run", ha="center", va="center")
        ax.set_axis_off()
        return fig
    figures = []
    colors = {**palette.colors, "not allied": "#eeeeee", "disputed": "#000000"}
    for column in columns:
        labels = table[column].fillna("").astype(str).replace("", "not allied")
        values = _map_values(table.assign(**{column: labels}), column, map_name)
        figures.append(plot_choropleth(
            values, map_name, colors=colors, legend_title="partner (seats)",
            title=f"{column.split(':', 1)[1]}: simulated allocation ({_run_label(info)})",
            zoom=list(table["id"])))
    return figures[0] if len(figures) == 1 else _side_by_side(figures)


def _side_by_side(figures: list[Figure]) -> Figure:
    """Several map figures in one (as images, so each keeps its insets and legend)."""
    import io

    import matplotlib.image as mpimg

    images = []
    for fig in figures:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        buffer.seek(0)
        images.append(mpimg.imread(buffer, format="png"))
    height = max(im.shape[0] for im in images) / 110
    width = sum(im.shape[1] for im in images) / 110
    out = Figure(figsize=(width, height))
    axes = out.subplots(1, len(images), width_ratios=[im.shape[1] for im in images])
    out.subplots_adjust(0, 0, 1, 1, 0, 0)
    for ax, im in zip(axes, images, strict=True):
        ax.imshow(im)
        ax.set_axis_off()
    return out


def plot_margin_map(table: pd.DataFrame, map_name: str, info: Any) -> Figure:
    """Choropleth of the simulated winning margin (winner − runner-up, % of votes cast)."""
    return plot_choropleth(_map_values(table, "margin_pct", map_name), map_name,
                           kind="continuous", cmap="magma_r",
                           title=f"Simulated winning margin ({_run_label(info)})",
                           legend_title="margin, % of votes cast", zoom=list(table["id"]))


def map_figures(table: pd.DataFrame, palette: Palette, info: Any) -> dict[str, Figure]:
    """Every map of a run on real results (empty for synthetic and explicit scenarios)."""
    if info.source != "results" or not info.dataset:
        return {}
    map_name = map_for_dataset(info.dataset)
    return {
        "map_winners.png": plot_winner_map(table, map_name, palette, info),
        "map_actual.png": plot_actual_map(table, map_name, palette, info.dataset),
        "map_allocation.png": plot_allocation_map(table, map_name, palette, info),
        "map_margin.png": plot_margin_map(table, map_name, info),
    }


__all__ = ["map_figures", "plot_actual_map", "plot_allocation_map", "plot_margin_map",
           "plot_winner_map"]
