"""Choropleths of constituency maps (matplotlib; the polygons come from
:mod:`sim.data.boundaries`).

Parts are drawn largest first, so an enclave drawn on top of the constituency that surrounds it
stays visible. Plots use an equal-area-looking lon/lat aspect (``1 / cos(latitude)`` at the
map's mid-latitude).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Literal

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sim.data.boundaries import load_map, map_for_dataset
from sim.data.parties import PARTY_COLORS
from sim.data.results import ElectionResults

__all__ = ["plot_choropleth", "plot_winners"]

# --------------------------------------------------------------------------------------------
# plotting

_FALLBACK_COLORS: tuple[str, ...] = tuple(
    to_hex(c)
    for c in (*mpl.colormaps["tab20"].colors, *mpl.colormaps["tab20b"].colors)  # type: ignore[attr-defined]
)


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


def _category_colors(categories: list[str], colors: Mapping[str, str] | None) -> dict[str, str]:
    used: set[str] = set()
    out: dict[str, str] = {}
    pending = []
    for cat in categories:
        if colors is not None and cat in colors:
            out[cat] = colors[cat]
        elif cat in PARTY_COLORS:
            out[cat] = PARTY_COLORS[cat]
        else:
            pending.append(cat)
            continue
        used.add(to_hex(out[cat]))
    free = [c for c in _FALLBACK_COLORS if c not in used] or list(_FALLBACK_COLORS)
    for k, cat in enumerate(pending):
        out[cat] = free[k % len(free)]
    return out


def plot_choropleth(
    values: Mapping[str, str | float],
    map_name: str,
    *,
    kind: Literal["categorical", "continuous"] = "categorical",
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str | None = None,
    colors: Mapping[str, str] | None = None,
    legend_title: str | None = None,
    missing_color: str = "#dddddd",
) -> Figure:
    """Draw a choropleth of per-constituency values.

    Every constituency of the map is drawn (one path per polygon part, in a single
    :class:`~matplotlib.collections.PolyCollection` with ``gid="choropleth"``); those without a
    value (or with NaN in continuous mode) get ``missing_color``.

    Args:
        values: constituency id -> category (categorical) or number (continuous). Every id must
            belong to the map.
        map_name: ``"wb_ac"`` or ``"india_pc"``.
        kind: ``"categorical"`` (legend with the count of constituencies per category, sorted by
            count) or ``"continuous"`` (colorbar).
        ax: draw into this Axes; by default a new :class:`~matplotlib.figure.Figure` is created
            (no pyplot state is touched).
        title: axes title.
        cmap: colormap name for continuous values (default ``"viridis"``).
        colors: category -> colour, overriding :data:`PARTY_COLORS`; categories in neither get
            colours from a fixed fallback palette.
        legend_title: title of the legend or label of the colorbar.
        missing_color: colour of constituencies without a value.

    Returns:
        The figure that holds the axes.

    Raises:
        KeyError: unknown map, or ids in ``values`` that are not in the map.
        ValueError: unknown ``kind``, or non-numeric values in continuous mode.
    """
    if kind not in ("categorical", "continuous"):
        raise ValueError(f"kind must be 'categorical' or 'continuous', got {kind!r}")
    cmap_ = load_map(map_name)
    ids = set(cmap_.ids)
    unknown = sorted(set(values) - ids)
    if unknown:
        raise KeyError(f"{len(unknown)} ids are not in map {map_name!r}, e.g. {unknown[:5]}")

    x0, y0, x1, y1 = cmap_.bounds
    aspect = 1.0 / math.cos(math.radians(0.5 * (y0 + y1)))
    if ax is None:
        height = 8.0
        width = height * (x1 - x0) / ((y1 - y0) * aspect)
        fig = Figure(figsize=(max(width, 3.0) + 3.0, height), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.get_figure()  # type: ignore[assignment]

    face: dict[str, str] = {}
    handles: list[Patch] = []
    n_missing = 0
    if kind == "categorical":
        cats = {cid: str(v) for cid, v in values.items()}
        counts = Counter(cats.values())
        order = sorted(counts, key=lambda c: (-counts[c], c))
        palette = _category_colors(order, colors)
        face = {cid: palette[c] for cid, c in cats.items()}
        n_missing = len(ids) - len(face)
        handles = [
            Patch(facecolor=palette[c], edgecolor="none", label=f"{c} ({counts[c]})") for c in order
        ]
        if n_missing:
            handles.append(
                Patch(facecolor=missing_color, edgecolor="none", label=f"no data ({n_missing})")
            )
        mappable = None
    else:
        try:
            nums = {cid: float(v) for cid, v in values.items()}
        except (TypeError, ValueError):
            raise ValueError("continuous choropleth needs numeric values") from None
        finite = [v for v in nums.values() if math.isfinite(v)]
        vmin, vmax = (min(finite), max(finite)) if finite else (0.0, 1.0)
        if vmin == vmax:
            vmin, vmax = vmin - 0.5, vmax + 0.5
        norm = Normalize(vmin=vmin, vmax=vmax)
        colormap = mpl.colormaps[cmap or "viridis"]
        face = {cid: to_hex(colormap(norm(v))) for cid, v in nums.items() if math.isfinite(v)}
        mappable = ScalarMappable(norm=norm, cmap=colormap)

    parts: list[tuple[float, np.ndarray, str]] = []
    for shape in cmap_.shapes:
        color = face.get(shape.id, missing_color)
        parts.extend((_ring_area(r), r, color) for r in shape.rings)
    parts.sort(key=lambda t: -t[0])
    linewidth = 0.15 if len(cmap_) > 300 else 0.3
    coll = PolyCollection(
        [p[1] for p in parts],
        facecolors=[p[2] for p in parts],
        edgecolors="white",
        linewidths=linewidth,
        gid="choropleth",
    )
    ax.add_collection(coll)
    pad_x, pad_y = 0.02 * (x1 - x0), 0.02 * (y1 - y0)
    ax.set_xlim(x0 - pad_x, x1 + pad_x)
    ax.set_ylim(y0 - pad_y, y1 + pad_y)
    ax.set_aspect(aspect)
    ax.set_axis_off()
    if title:
        ax.set_title(title)

    if kind == "categorical":
        ax.legend(
            handles=handles,
            title=legend_title,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize="small",
            ncols=2 if len(handles) > 24 else 1,
        )
    elif mappable is not None:
        fig.colorbar(mappable, ax=ax, shrink=0.6, label=legend_title or "")
    return fig


def plot_winners(
    results: ElectionResults,
    *,
    map_name: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Choropleth of the actual winners of an :class:`sim.data.results.ElectionResults`.

    Args:
        results: the loaded results.
        map_name: defaults to :func:`map_for_dataset` of the results' dataset.
        ax: optional Axes to draw into.
        title: defaults to the dataset name.

    Returns:
        The figure.
    """
    name = map_name or map_for_dataset(results.dataset)
    return plot_choropleth(
        results.winner_map(),
        name,
        kind="categorical",
        ax=ax,
        title=title if title is not None else f"{results.dataset}: winners",
        legend_title="party (seats)",
    )
