"""Tests of the constituency maps and choropleths (sim.plots.maps)."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from sim.data.boundaries import available_maps, load_map, map_for_dataset
from sim.data.parties import PARTY_COLORS
from sim.data.results import load_results
from sim.plots.maps import plot_choropleth, plot_winners, projected_map

# PCs whose map name and results name differ beyond spelling (renamed or shortened)
RENAMED = {
    "KA-PC-002": ("BELGAUM", "BELAGAVI"),
    "TG-PC-014": ("BHONGIR", "BHUVANAGIRI"),
    "CG-PC-003": ("JANJGIR-CHAMPA", "JANJGIR"),
    "WB-PC-039": ("BURDWAN", "BARDHAMAN-DURGAPUR"),
    "MH-PC-011": ("BHANDARA", "BHANDARA-GONDIYA"),
    "MH-PC-046": ("RATNAGIRI", "RATNAGIRI-SINDHUDURG"),
}


def _norm(name: str) -> str:
    name = re.sub(r"\((SC|ST)\)", "", name.upper())
    return re.sub(r"[^A-Z]", "", name)


def _similar(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return a[:3] == b[:3] or SequenceMatcher(None, a, b).ratio() >= 0.6


def test_maps_load() -> None:
    assert available_maps() == ["india_pc", "wb_ac"]
    wb, india = load_map("wb_ac"), load_map("india_pc")
    assert len(wb) == 294 and len(india) == 543
    assert len(set(wb.ids)) == 294 and len(set(india.ids)) == 543
    assert wb.n_rings >= 294 and india.n_rings >= 543
    x0, y0, x1, y1 = india.bounds
    assert 68 < x0 < x1 < 98 and 6 < y0 < y1 < 38
    x0, y0, x1, y1 = wb.bounds
    assert 85 < x0 < x1 < 90 and 21 < y0 < y1 < 28
    for shape in (*wb.shapes, *india.shapes):
        for ring in shape.rings:
            assert ring.ndim == 2 and ring.shape[1] == 2 and len(ring) >= 4
    with pytest.raises(KeyError):
        load_map("mars")
    assert map_for_dataset("wb_lok_sabha_2019_segments") == "wb_ac"
    assert map_for_dataset("lok_sabha_2014") == "india_pc"


@pytest.mark.parametrize(
    ("map_name", "dataset", "unmatched"),
    [
        ("wb_ac", "wb_assembly_2016", set()),
        ("wb_ac", "wb_lok_sabha_2019_segments", set()),
        ("india_pc", "lok_sabha_2014", set()),
        ("india_pc", "lok_sabha_2019", {"TN-PC-008"}),
    ],
)
def test_map_joins_dataset(map_name: str, dataset: str, unmatched: set[str]) -> None:
    m = load_map(map_name)
    res = load_results(dataset)
    data_ids = res.ids
    map_ids = m.ids
    # every constituency of the data has exactly one feature, and back
    counts = Counter(map_ids)
    assert all(counts[i] == 1 for i in data_ids)
    assert set(data_ids) <= set(map_ids)
    assert set(map_ids) - set(data_ids) == unmatched
    assert len(map_ids) == len(set(map_ids)) and len(data_ids) == len(set(data_ids))
    # ... and it is the same place: names agree (2008 numbering, AP/TG split of 2014)
    names = dict(zip(res.ids, res.constituencies["name"], strict=True))
    bad = []
    for shape in m.shapes:
        if (
            shape.id in names
            and shape.id not in RENAMED
            and not _similar(shape.name, names[shape.id])
        ):
            bad.append((shape.id, shape.name, names[shape.id]))
    assert bad == []


def test_wb_map_pc_ids_match_segment_file() -> None:
    m = load_map("wb_ac")
    seg = load_results("wb_lok_sabha_2019_segments").constituencies.set_index("id")["pc_id"]
    assert {s.id: s.pc_id for s in m.shapes} == seg.to_dict()
    # the raw map swaps PC_NO of AC 84 and 85; the loaded shapes are corrected
    assert m.shape("WB-AC-084").properties["PC_NO"] == 12
    assert m.shape("WB-AC-084").pc_id == "WB-PC-013"
    assert m.shape("WB-AC-085").pc_id == "WB-PC-012"


def _collection(fig: Figure) -> PathCollection:
    colls = [c for ax in fig.axes for c in ax.collections if c.get_gid() == "choropleth"]
    assert len(colls) == 1
    return colls[0]


def _face(fig: Figure, map_name: str) -> dict[str, str]:
    """Constituency id -> the facecolour it was drawn with."""
    coll = _collection(fig)
    ids = projected_map(map_name).ids
    return {cid: to_hex(c) for cid, c in zip(ids, coll.get_facecolor(), strict=True)}


def test_categorical_choropleth(tmp_path: Path) -> None:
    m = load_map("wb_ac")
    values = {"WB-AC-001": "AITC", "WB-AC-002": "AITC", "WB-AC-003": "BJP", "WB-AC-150": "XYZ"}
    fig = plot_choropleth(
        values, "wb_ac", title="test", legend_title="party", colors={"XYZ": "#123456"}
    )
    assert isinstance(fig, Figure)
    coll = _collection(fig)
    assert len(coll.get_paths()) == len(m)  # one compound path per constituency
    face = _face(fig, "wb_ac")
    assert face["WB-AC-001"] == face["WB-AC-002"] == PARTY_COLORS["AITC"].lower()
    assert face["WB-AC-003"] == PARTY_COLORS["BJP"].lower()
    assert face["WB-AC-150"] == "#123456"
    assert sum(c == "#dddddd" for c in face.values()) == len(m) - len(values)
    ax = fig.axes[0]
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["AITC (2)", "BJP (1)", "XYZ (1)", "no data (290)"]
    assert legend.get_title().get_text() == "party"
    assert ax.get_title() == "test"
    assert ax.get_aspect() == 1.0  # projected km: equal aspect
    # the Kolkata inset: a second axes showing the same collection, titled, and its box
    insets = [a for a in fig.axes[1:] if "Kolkata" in a.get_title()]
    assert len(insets) == 1
    x0, x1 = insets[0].get_xlim()
    assert 0 < x1 - x0 < 40  # km: a city, not the state
    out = tmp_path / "cat.png"
    fig.savefig(out, dpi=40)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_projection_is_lambert_conformal_conic_in_km() -> None:
    india = projected_map("india_pc")
    assert india.crs == "EPSG:7755"
    x0, y0, x1, y1 = india.bounds
    assert 2800 < x1 - x0 < 3400 and 3000 < y1 - y0 < 3500  # India is ~3,000 km each way
    wb = projected_map("wb_ac")
    assert "+proj=lcc" in wb.crs
    # West Bengal is ~88,750 km²; the polygons, projected, agree within 3%
    assert sum(wb.areas.values()) == pytest.approx(88_750, rel=0.03)
    # north stays up: Darjeeling (AC 23) lies above Kolkata Port (AC 158), same x roughly
    darjeeling = wb.paths["WB-AC-023"].vertices.mean(axis=0)
    kolkata = wb.paths["WB-AC-158"].vertices.mean(axis=0)
    assert darjeeling[1] - kolkata[1] > 400


def test_holes_are_drawn() -> None:
    """Bardhaman Uttar (AC 266) has a hole where Bardhaman Dakshin (AC 260) lies: drawn alone,
    the hole stays empty (the winding rule: exterior counter-clockwise, hole clockwise)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from pyproj import Transformer

    m = load_map("wb_ac")
    holder = m.shape("WB-AC-266")
    hole = next(hs[0] for _, hs in holder.polygons if hs)
    pmap = projected_map("wb_ac")
    to_xy = Transformer.from_crs("EPSG:4326", pmap.crs, always_xy=True)
    hole_xy = np.column_stack(to_xy.transform(hole[:, 0], hole[:, 1]))
    path = pmap.paths["WB-AC-266"]
    assert len(path.vertices) == sum(len(e) + sum(len(h) for h in hs)
                                     for e, hs in holder.polygons)

    def pixel(point: np.ndarray) -> tuple[float, ...]:
        fig = Figure(figsize=(4, 4), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.add_collection(PathCollection([path], facecolors=["#ff0000"], edgecolors="none"))
        x0, y0 = path.vertices.min(axis=0)
        x1, y1 = path.vertices.max(axis=0)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        image = np.asarray(canvas.buffer_rgba())
        px, py = ax.transData.transform(point)
        return tuple(image[int(image.shape[0] - py), int(px), :3])

    assert pixel(hole_xy.mean(axis=0)) == (255, 255, 255)  # the hole: background
    outside_hole = hole_xy.mean(axis=0) + np.array([0.0, 1.05]) * np.ptp(hole_xy[:, 1])
    assert pixel(outside_hole) == (255, 0, 0)  # the constituency around it: filled
    assert "WB-AC-260" in pmap.paths  # and the enclave is drawn in its own right


def test_continuous_choropleth(tmp_path: Path) -> None:
    m = load_map("india_pc")
    res = load_results("lok_sabha_2019")
    values = dict(zip(res.ids, res.constituencies["turnout"], strict=True))
    fig = plot_choropleth(
        values,
        "india_pc",
        kind="continuous",
        cmap="magma",
        legend_title="turnout",
        missing_color="#ff00ff",
    )
    coll = _collection(fig)
    assert len(coll.get_paths()) == len(m)
    # Vellore (no result) is the only missing PC
    face = _face(fig, "india_pc")
    assert [c for c, col in face.items() if col == "#ff00ff"] == ["TN-PC-008"]
    colorbars = [a for a in fig.axes if a.get_ylabel() == "turnout"]
    assert len(colorbars) == 1
    assert {a.get_title() for a in fig.axes} >= {"Delhi (enlarged)", "Mumbai (enlarged)",
                                                 "Chennai (enlarged)", "Kolkata (enlarged)"}
    colors = {to_hex(c) for c in coll.get_facecolor()}
    assert len(colors) > 100  # a real gradient, not one colour
    out = tmp_path / "cont.png"
    fig.savefig(out, dpi=30)
    assert out.stat().st_size > 1000


def test_zoom_to_a_state_keeps_only_its_insets() -> None:
    res = load_results("lok_sabha_2019")
    wb = [c for c in res.ids if c.startswith("WB-")]
    fig = plot_choropleth({c: "AITC" for c in wb}, "india_pc", zoom=wb)
    titles = {a.get_title() for a in fig.axes}
    assert "Kolkata (enlarged)" in titles and "Delhi (enlarged)" not in titles


def test_plot_into_given_axes_and_errors(tmp_path: Path) -> None:
    fig = Figure(figsize=(8, 4))
    ax1, ax2 = fig.subplots(1, 2)
    res = load_results("wb_assembly_2016")
    assert plot_winners(res, ax=ax1) is fig
    assert ax1.get_title() == "Actual winners: wb_assembly_2016 (recorded results)"
    assert (
        plot_choropleth(
            {"WB-AC-001": 0.5, "WB-AC-002": float("nan")}, "wb_ac", kind="continuous", ax=ax2
        )
        is fig
    )
    labels = [t.get_text() for t in ax1.get_legend().get_texts()]
    assert labels[0] == "AITC (211)" and "GJM (3)" in labels
    fig.savefig(tmp_path / "two.png", dpi=30)
    with pytest.raises(KeyError, match="not in map"):
        plot_choropleth({"UP-PC-001": "BJP"}, "wb_ac")
    with pytest.raises(ValueError, match="kind"):
        plot_choropleth({}, "wb_ac", kind="pie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="numeric"):
        plot_choropleth({"WB-AC-001": "BJP"}, "wb_ac", kind="continuous")
