"""Choropleths of constituency maps (matplotlib; the polygons come from
:mod:`sim.data.boundaries`).

* **Projection** (pyproj): the India map is drawn in the Survey of India's national Lambert
  conformal conic (EPSG:7755, "WGS 84 / India NSF LCC", standard parallels 12.47° and 35.17° N),
  which keeps shapes and keeps areas within a few per cent over the whole country; a state map
  is drawn in a Lambert conformal conic centred on the state (standard parallels at 1/6 and 5/6
  of its latitude range, Snyder's rule), so north stays up. Coordinates are kilometres.
* **Holes**: each constituency is one compound path (every polygon part with its holes, the
  exterior counter-clockwise and holes clockwise), so an enclave shows through its neighbour's
  hole and a true gap stays empty. Matplotlib's paths draw holes by the winding rule; shapely or
  geopandas would add a GEOS dependency for nothing this needs.
* **Insets**: the map's dense cities (:attr:`sim.data.boundaries.MapInfo.insets`) are drawn
  enlarged beside it, their boxes outlined on the main map.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import matplotlib as mpl
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PathCollection
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.patches import Patch, Rectangle
from matplotlib.path import Path as MplPath

from sim.data.boundaries import MAPS, load_map, map_for_dataset
from sim.data.results import ElectionResults
from sim.plots.palette import CANDIDATES, customary_color

__all__ = ["ProjectedMap", "plot_choropleth", "plot_winners", "projected_map"]

NATIONAL_CRS = {"india_pc": "EPSG:7755"}
LEGEND_MAX = 30  # categories listed one by one; the rest are summed into one legend line


@dataclass(frozen=True, eq=False)
class ProjectedMap:
    """A shipped map in projected coordinates (km), ready to draw.

    Attributes:
        name: the map name.
        crs: the projection (an EPSG code or a PROJ string).
        ids: constituency ids, largest area first.
        paths: id -> one compound path (all parts and holes).
        areas: id -> area in km².
        bounds: (x0, y0, x1, y1) of the whole map.
        insets: (city, (x0, y0, x1, y1)) boxes, projected.
    """

    name: str
    crs: str
    ids: tuple[str, ...]
    paths: Mapping[str, MplPath]
    areas: Mapping[str, float]
    bounds: tuple[float, float, float, float]
    insets: tuple[tuple[str, tuple[float, float, float, float]], ...]


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _oriented(ring: np.ndarray, ccw: bool) -> np.ndarray:
    return ring if (_signed_area(ring) > 0) == ccw else ring[::-1]


def _compound(polygons: list[tuple[np.ndarray, tuple[np.ndarray, ...]]]) -> MplPath:
    vertices, codes = [], []
    for exterior, holes in polygons:
        for ring, ccw in ((exterior, True), *((h, False) for h in holes)):
            ring = _oriented(ring, ccw)
            vertices.append(ring)
            part = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
            part[0] = MplPath.MOVETO
            codes.append(part)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _state_crs(bounds: tuple[float, float, float, float]) -> str:
    x0, y0, x1, y1 = bounds
    span = y1 - y0
    return (f"+proj=lcc +lat_1={y0 + span / 6:.4f} +lat_2={y1 - span / 6:.4f} "
            f"+lat_0={0.5 * (y0 + y1):.4f} +lon_0={0.5 * (x0 + x1):.4f} +datum=WGS84 +units=km")


@functools.lru_cache(maxsize=4)
def projected_map(map_name: str) -> ProjectedMap:
    """A shipped map projected for drawing (cached)."""
    from pyproj import Transformer

    cmap = load_map(map_name)
    crs = NATIONAL_CRS.get(map_name) or _state_crs(cmap.bounds)
    to_xy = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    scale = 1000.0 if crs.startswith("EPSG:") else 1.0  # EPSG:7755 is in metres

    def project(ring: np.ndarray) -> np.ndarray:
        x, y = to_xy.transform(ring[:, 0], ring[:, 1])
        return np.column_stack([x, y]) / scale

    paths: dict[str, MplPath] = {}
    areas: dict[str, float] = {}
    for shape in cmap.shapes:
        polygons = [(project(ext), tuple(project(h) for h in holes))
                    for ext, holes in shape.polygons]
        paths[shape.id] = _compound(polygons)
        areas[shape.id] = sum(abs(_signed_area(e)) - sum(abs(_signed_area(h)) for h in hs)
                              for e, hs in polygons)
    pts = np.concatenate([p.vertices for p in paths.values()])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    insets = []
    for inset in MAPS[map_name].insets:
        lon0, lat0, lon1, lat1 = inset.box
        xs, ys = to_xy.transform([lon0, lon1, lon0, lon1], [lat0, lat0, lat1, lat1])
        insets.append((inset.name, (min(xs) / scale, min(ys) / scale, max(xs) / scale,
                                    max(ys) / scale)))
    order = tuple(sorted(paths, key=lambda cid: -areas[cid]))
    return ProjectedMap(map_name, crs, order, paths, areas,
                        (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])), tuple(insets))


def _category_colors(categories: list[str], colors: Mapping[str, str] | None) -> dict[str, str]:
    used: set[str] = set()
    out: dict[str, str] = {}
    pending = []
    for cat in categories:
        color = (colors or {}).get(cat) or customary_color(cat)
        if color is None:
            pending.append(cat)
            continue
        out[cat] = color
        used.add(to_hex(color))
    free = [c for c in CANDIDATES if c not in used] or list(CANDIDATES)
    for k, cat in enumerate(pending):
        out[cat] = free[k % len(free)]
    return out


def _draw(ax: Axes, pmap: ProjectedMap, face: Mapping[str, str], missing_color: str,
          linewidth: float, gid: str | None) -> PathCollection:
    coll = PathCollection([pmap.paths[c] for c in pmap.ids],
                          facecolors=[face.get(c, missing_color) for c in pmap.ids],
                          edgecolors="white", linewidths=linewidth)
    if gid:
        coll.set_gid(gid)
    ax.add_collection(coll)
    return coll


def _frame(ax: Axes, box: tuple[float, float, float, float], pad: float) -> None:
    x0, y0, x1, y1 = box
    ax.set_xlim(x0 - pad * (x1 - x0), x1 + pad * (x1 - x0))
    ax.set_ylim(y0 - pad * (y1 - y0), y1 + pad * (y1 - y0))
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


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
    zoom: list[str] | None = None,
    insets: bool = True,
) -> Figure:
    """Draw a choropleth of per-constituency values, projected, with the map's city insets.

    Every constituency of the map is drawn (one compound path per constituency, holes
    included, in a :class:`~matplotlib.collections.PathCollection` with ``gid="choropleth"``);
    those without a value (or with NaN in continuous mode) get ``missing_color``.

    Args:
        values: constituency id -> category (categorical) or number (continuous). Every id must
            belong to the map.
        map_name: ``"wb_ac"`` or ``"india_pc"``.
        kind: ``"categorical"`` (legend with the count of constituencies per category, sorted by
            count) or ``"continuous"`` (colorbar).
        ax: draw into this Axes (then no insets are added); by default a new
            :class:`~matplotlib.figure.Figure` is created (no pyplot state is touched).
        title: axes title (say whether the map is simulated or actual).
        cmap: colormap name for continuous values (default ``"viridis"``).
        colors: category -> colour (e.g. a run palette's colours); other categories take their
            customary colour, else one from a fixed palette.
        legend_title: title of the legend or label of the colorbar.
        missing_color: colour of constituencies without a value.
        zoom: frame only these constituencies (a state of the India map); insets whose city
            lies outside them are left out.
        insets: draw the map's dense-city insets (new figures only).

    Returns:
        The figure that holds the axes.

    Raises:
        KeyError: unknown map, or ids in ``values`` that are not in the map.
        ValueError: unknown ``kind``, or non-numeric values in continuous mode.
    """
    if kind not in ("categorical", "continuous"):
        raise ValueError(f"kind must be 'categorical' or 'continuous', got {kind!r}")
    pmap = projected_map(map_name)
    unknown = sorted(set(values) - set(pmap.paths))
    if unknown:
        raise KeyError(f"{len(unknown)} ids are not in map {map_name!r}, e.g. {unknown[:5]}")
    box = pmap.bounds
    if zoom and len(set(zoom) & set(pmap.paths)) < len(pmap.paths):
        pts = np.concatenate([pmap.paths[c].vertices for c in zoom if c in pmap.paths])
        box = (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()),
               float(pts[:, 1].max()))
    shown_insets = [(name, b) for name, b in pmap.insets
                    if _inside(b, box) and _small_enough(b, box)] if insets and ax is None else []

    face: dict[str, str] = {}
    handles: list[Patch] = []
    mappable = None
    if kind == "categorical":
        cats = {cid: str(v) for cid, v in values.items()}
        counts = Counter(cats.values())
        order = sorted(counts, key=lambda c: (-counts[c], c))
        palette = _category_colors(order, colors)
        face = {cid: palette[c] for cid, c in cats.items()}
        handles = [Patch(facecolor=palette[c], edgecolor="none", label=f"{c} ({counts[c]})")
                   for c in order[:LEGEND_MAX]]
        rest = order[LEGEND_MAX:]
        if rest:
            handles.append(Patch(facecolor="none", edgecolor="none",
                                 label=f"+{len(rest)} more ({sum(counts[c] for c in rest)})"))
        n_missing = len(pmap.paths) - len(face)
        if n_missing:
            handles.append(Patch(facecolor=missing_color, edgecolor="none",
                                 label=f"no data ({n_missing})"))
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

    grid: GridSpec | None = None
    if ax is None:
        height = 8.0
        x0, y0, x1, y1 = box
        width = height * (x1 - x0) / max(y1 - y0, 1e-9)
        extra = 3.2 + (2.6 if shown_insets else 0.0)
        fig = Figure(figsize=(min(max(width, 3.0), 11.0) + extra, height), layout="constrained")
        if shown_insets:
            grid = fig.add_gridspec(max(2, len(shown_insets)), 2, width_ratios=[4.0, 1.25])
            ax = fig.add_subplot(grid[:, 0])
        else:
            ax = fig.add_subplot()
    else:
        fig = ax.get_figure(root=True)  # type: ignore[assignment]
    linewidth = 0.15 if len(pmap.paths) > 300 else 0.3
    _draw(ax, pmap, face, missing_color, linewidth, "choropleth")
    _frame(ax, box, 0.02)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title)
    for k, (city, (x0, y0, x1, y1)) in enumerate(shown_insets):
        assert grid is not None
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=0.8, ec="0.2"))
        ax.annotate(city, (x1, y1), fontsize=7, color="0.1", xytext=(2, 2),
                    textcoords="offset points",
                    path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])
        inset = fig.add_subplot(grid[k, 1])
        _draw(inset, pmap, face, missing_color, 0.5, None)
        _frame(inset, (x0, y0, x1, y1), 0.0)
        inset.set_title(f"{city} (enlarged)", fontsize=8)
        for spine in inset.spines.values():
            spine.set_edgecolor("0.4")
    if kind == "categorical":
        ax.legend(handles=handles, title=legend_title, loc="upper left",
                  bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small",
                  ncols=2 if len(handles) > 18 else 1)
    elif mappable is not None:
        fig.colorbar(mappable, ax=ax, shrink=0.6, label=legend_title or "")
    return fig


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    """The inset's centre lies within the frame."""
    cx, cy = 0.5 * (inner[0] + inner[2]), 0.5 * (inner[1] + inner[3])
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _small_enough(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    """An inset is worth drawing only if its city is small at the frame's scale."""
    return (inner[2] - inner[0]) < 0.25 * (outer[2] - outer[0])


def plot_winners(
    results: ElectionResults,
    *,
    map_name: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
) -> Figure:
    """Choropleth of the actual (recorded) winners of an
    :class:`sim.data.results.ElectionResults`.

    Args:
        results: the loaded results.
        map_name: defaults to :func:`map_for_dataset` of the results' dataset.
        ax: optional Axes to draw into.
        title: defaults to "Actual winners: <dataset> (recorded results)".
        colors: party -> colour (e.g. a run's palette, to compare with its simulated map).

    Returns:
        The figure.
    """
    name = map_name or map_for_dataset(results.dataset)
    return plot_choropleth(
        results.winner_map(),
        name,
        kind="categorical",
        ax=ax,
        title=title if title is not None else f"Actual winners: {results.dataset} "
                                              "(recorded results)",
        legend_title="party (seats)",
        colors=colors,
    )
