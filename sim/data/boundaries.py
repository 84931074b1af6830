"""Constituency boundaries: the shipped maps as polygons keyed by constituency id.

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

Both use the 2008 delimitation. Each polygon part keeps its exterior ring and its holes (an
enclave such as Bardhaman Dakshin sits in a hole of Bardhaman Uttar; 38 holes on the India map,
1 on the West Bengal one). Each map also names its *insets*: dense cities whose constituencies
are too small to see at the map's scale (Kolkata on the West Bengal map; Delhi, Mumbai, Chennai
and Kolkata on the India map), as lon/lat boxes. Drawing (projection, insets) lives in
:mod:`sim.plots.maps`.

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
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from sim.data.errors import DataError
from sim.data.results import constituency_id, normalise_state, state_code

__all__ = [
    "MAPS",
    "ConstituencyMap",
    "Inset",
    "MapInfo",
    "Shape",
    "available_maps",
    "load_map",
    "map_for_dataset",
]

@dataclass(frozen=True)
class Inset:
    """A dense city drawn enlarged beside a map.

    Attributes:
        name: the city, e.g. ``"Kolkata"``.
        box: (min lon, min lat, max lon, max lat) of the area shown.
    """

    name: str
    box: tuple[float, float, float, float]

@dataclass(frozen=True)
class MapInfo:
    """Static description of a shipped map.

    Attributes:
        name: map name as passed to :func:`load_map`.
        file: file name inside ``sim/data/maps/``.
        level: ``"AC"`` or ``"PC"``.
        datasets: results datasets whose constituency ids this map uses.
        insets: dense cities to draw enlarged.
    """

    name: str
    file: str
    level: str
    datasets: tuple[str, ...]
    insets: tuple[Inset, ...] = ()

MAPS: Mapping[str, MapInfo] = MappingProxyType(
    {
        "wb_ac": MapInfo(
            "wb_ac",
            "westbengal_ac_2008delim.geojson.gz",
            "AC",
            ("wb_assembly_2016", "wb_lok_sabha_2019_segments"),
            (Inset("Kolkata", (88.24, 22.45, 88.45, 22.66)),),
        ),
        "india_pc": MapInfo(
            "india_pc",
            "india_pc_2008delim_simplified.geojson.gz",
            "PC",
            ("lok_sabha_2019", "lok_sabha_2014"),
            (
                Inset("Delhi", (76.83, 28.40, 77.35, 28.89)),
                Inset("Mumbai", (72.76, 18.88, 73.06, 19.30)),
                Inset("Chennai", (80.10, 12.84, 80.36, 13.25)),
                Inset("Kolkata", (88.15, 22.40, 88.55, 22.80)),
            ),
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
        holes: the holes of each polygon part (same order as ``rings``; mostly empty).
    """

    id: str
    name: str
    state: str
    number: int
    pc_id: str
    rings: tuple[np.ndarray, ...]
    properties: Mapping[str, Any]
    holes: tuple[tuple[np.ndarray, ...], ...] = ()

    @property
    def polygons(self) -> list[tuple[np.ndarray, tuple[np.ndarray, ...]]]:
        """(exterior, holes) of each polygon part."""
        holes = self.holes or tuple(() for _ in self.rings)
        return list(zip(self.rings, holes, strict=True))

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

def _polygons(geometry: Mapping[str, Any]) -> list[tuple[np.ndarray, tuple[np.ndarray, ...]]]:
    """(exterior, holes) of each polygon part, as read-only (k, 2) lon/lat arrays."""
    kind = geometry.get("type")
    coords: Any = geometry.get("coordinates")
    polys: list[Any]
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = list(coords)
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    out = []
    for poly in polys:
        rings = []
        for coords in poly:
            ring = np.asarray(coords, dtype=np.float64)[:, :2]
            ring.setflags(write=False)
            rings.append(ring)
        out.append((rings[0], tuple(rings[1:])))
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
            parts = _polygons(feat["geometry"])
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
                rings=tuple(exterior for exterior, _ in parts),
                properties=MappingProxyType(dict(props)),
                holes=tuple(holes for _, holes in parts),
            )
        )
    return ConstituencyMap(name=name, level=info.level, source_file=shown, shapes=tuple(shapes))
