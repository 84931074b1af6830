"""Constituency maps and choropleths (plain ``json`` + matplotlib, no geopandas/shapely).

Two maps are shipped (gzipped GeoJSON in ``sim/data/maps/``, sources and licences in
``sim/data/maps/SOURCES.md`` and ``sim/data/ATTRIBUTION.md``):

* ``"wb_ac"``: the 294 West Bengal assembly constituencies (Hindustan Times Labs, MIT; ECI /
  DataMeet boundaries). Ids ``WB-AC-001`` .. ``WB-AC-294`` as in the ``wb_assembly_2016`` and
  ``wb_lok_sabha_2019_segments`` datasets.
* ``"india_pc"``: the 543 Lok Sabha constituencies (DataMeet, CC0). Ids ``XX-PC-NNN`` as in the
  ``lok_sabha_2014`` and ``lok_sabha_2019`` datasets; the map's state names are normalised with
  :func:`sim.data.results.normalise_state` ('Orissa' -> Odisha, 'Delhi' -> NCT of Delhi,
  'Andaman & Nicobar' -> Andaman & Nicobar Islands; Ladakh's PC is Jammu & Kashmir PC 4;
  Daman & Diu and Dadra & Nagar Haveli stay separate; Telangana is its own state). ``pc_no`` is
  ECI's number within the state (2008 delimitation).

Both use the 2008 delimitation. Only the exterior ring of each polygon part is drawn (holes are
ignored); parts are drawn largest first, so an enclave drawn on top of the constituency that
surrounds it stays visible. Plots use an equal-area-looking lon/lat aspect (``1 / cos(latitude)``
at the map's mid-latitude).

A data problem worth knowing: in the West Bengal AC file, ``PC_NO`` of AC 84 (Nabadwip) and AC 85
(Krishnanagar Dakshin) are swapped (12 and 13). The 2008 delimitation order, ECI's Form-20 segment
results and the shipped segment file put Nabadwip in Ranaghat (PC 13) and Krishnanagar Dakshin in
Krishnanagar (PC 12). ``Shape.pc_id`` uses the corrected numbers; the raw properties are
unchanged. (DataMeet's PC polygons for Krishnanagar and Ranaghat follow the same swapped
assignment, so the boundary between those two PCs on the ``india_pc`` map is off.)
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sim.data.errors import DataError
from sim.data.parties import PARTY_COLORS
from sim.data.results import ElectionResults, constituency_id, normalise_state, state_code

__all__ = [
    "MAPS",
    "PARTY_COLORS",
    "ConstituencyMap",
    "MapInfo",
    "Shape",
    "available_maps",
    "load_map",
    "map_for_dataset",
    "plot_choropleth",
    "plot_winners",
]


@dataclass(frozen=True)
class MapInfo:
    """Static description of a shipped map.

    Attributes:
        name: map name as passed to :func:`load_map`.
        file: file name inside ``sim/data/maps/``.
        level: ``"AC"`` or ``"PC"``.
        datasets: results datasets whose constituency ids this map uses.
    """

    name: str
    file: str
    level: str
    datasets: tuple[str, ...]


MAPS: Mapping[str, MapInfo] = MappingProxyType(
    {
        "wb_ac": MapInfo(
            "wb_ac",
            "westbengal_ac_2008delim.geojson.gz",
            "AC",
            ("wb_assembly_2016", "wb_lok_sabha_2019_segments"),
        ),
        "india_pc": MapInfo(
            "india_pc",
            "india_pc_2008delim_simplified.geojson.gz",
            "PC",
            ("lok_sabha_2019", "lok_sabha_2014"),
        ),
    }
)
"""Map name -> :class:`MapInfo`."""

# AC_NO -> corrected PC_NO for the West Bengal AC map (see module docstring).
_WB_AC_PC_FIXES: Mapping[int, int] = MappingProxyType({84: 13, 85: 12})


@dataclass(frozen=True, eq=False)
class Shape:
    """One constituency of a map.

    Attributes:
        id: constituency id, e.g. ``"WB-AC-001"`` or ``"UP-PC-063"``.
        name: constituency name as spelled by the map (reservation suffix removed).
        state: canonical state name.
        number: constituency number within the state.
        pc_id: id of the PC containing an AC (corrected, see module docstring); the id itself for
            a PC.
        rings: exterior ring of each polygon part, float arrays of shape (k, 2) holding
            (lon, lat), read-only.
        properties: the feature's original GeoJSON properties.
    """

    id: str
    name: str
    state: str
    number: int
    pc_id: str
    rings: tuple[np.ndarray, ...]
    properties: Mapping[str, Any]


@dataclass(frozen=True, eq=False)
class ConstituencyMap:
    """A loaded map: its shapes in file order plus lookups.

    Attributes:
        name: map name.
        level: ``"AC"`` or ``"PC"``.
        source_file: package-relative path of the GeoJSON file.
        shapes: one :class:`Shape` per feature.
    """

    name: str
    level: str
    source_file: str
    shapes: tuple[Shape, ...]

    @property
    def ids(self) -> list[str]:
        """Constituency ids in file order."""
        return [s.id for s in self.shapes]

    @property
    def n_rings(self) -> int:
        """Total number of polygon parts (= paths drawn by :func:`plot_choropleth`)."""
        return sum(len(s.rings) for s in self.shapes)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) over all rings."""
        pts = np.concatenate([r for s in self.shapes for r in s.rings])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def shape(self, cid: str) -> Shape:
        """The shape with a given id.

        Args:
            cid: constituency id.

        Returns:
            The :class:`Shape`.

        Raises:
            KeyError: no such id.
        """
        for s in self.shapes:
            if s.id == cid:
                return s
        raise KeyError(f"{cid!r} is not in map {self.name!r}")

    def __len__(self) -> int:
        return len(self.shapes)


def available_maps() -> list[str]:
    """Names of the shipped maps, sorted."""
    return sorted(MAPS)


def map_for_dataset(dataset: str) -> str:
    """The map whose ids match a results dataset.

    Args:
        dataset: a results dataset name (see :func:`sim.data.results.available_datasets`).

    Returns:
        The map name.

    Raises:
        KeyError: no map for that dataset.
    """
    for info in MAPS.values():
        if dataset in info.datasets:
            return info.name
    raise KeyError(f"no map for dataset {dataset!r}")


def _exteriors(geometry: Mapping[str, Any]) -> list[np.ndarray]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    out = []
    for poly in polys:
        ring = np.asarray(poly[0], dtype=np.float64)[:, :2]
        ring.setflags(write=False)
        out.append(ring)
    return out


def _clean_name(name: str) -> str:
    name = name.strip()
    for suffix in ("(SC)", "(ST)"):
        if name.upper().endswith(suffix):
            name = name[: -len(suffix)].strip()
    return name


@functools.lru_cache(maxsize=4)
def load_map(name: str) -> ConstituencyMap:
    """Load a shipped map (cached).

    Args:
        name: ``"wb_ac"`` or ``"india_pc"``.

    Returns:
        The :class:`ConstituencyMap`, with each feature's constituency id.

    Raises:
        KeyError: unknown map.
        DataError: the file cannot be read, a feature has no usable state/number, or two
            features get the same id.
    """
    if name not in MAPS:
        raise KeyError(f"unknown map {name!r}; available: {available_maps()}")
    info = MAPS[name]
    shown = f"sim/data/maps/{info.file}"
    path = Path(str(resources.files("sim.data") / "maps" / info.file))
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, EOFError, json.JSONDecodeError) as exc:
        raise DataError(shown, "a gzipped GeoJSON FeatureCollection", got=str(exc)) from None

    shapes: list[Shape] = []
    seen: dict[str, int] = {}
    for i, feat in enumerate(doc.get("features", [])):
        props = feat.get("properties") or {}
        try:
            if info.level == "AC":
                state = normalise_state(str(props["ST_NAME"]))
                number = int(props["AC_NO"])
                pc_no = _WB_AC_PC_FIXES.get(number, int(props["PC_NO"]))
                pc_id = constituency_id(state_code(state), "PC", pc_no)
                label = str(props.get("AC_NAME", ""))
            else:
                state = normalise_state(str(props["st_name"]))
                number = int(props["pc_no"])
                pc_id = ""
                label = str(props.get("pc_name", ""))
            cid = constituency_id(state_code(state), info.level, number)
            rings = tuple(_exteriors(feat["geometry"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(
                shown,
                "a feature with a known state, a number and a polygon",
                got=f"feature {i}: {exc}",
            ) from None
        if cid in seen:
            raise DataError(
                shown, "one feature per constituency", got=f"features {seen[cid]} and {i} are {cid}"
            )
        seen[cid] = i
        shapes.append(
            Shape(
                id=cid,
                name=_clean_name(label),
                state=state,
                number=number,
                pc_id=pc_id or cid,
                rings=rings,
                properties=MappingProxyType(dict(props)),
            )
        )
    return ConstituencyMap(name=name, level=info.level, source_file=shown, shapes=tuple(shapes))


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
    else:
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
