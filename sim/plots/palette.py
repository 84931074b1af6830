"""One palette per run: a colour for every party and bloc, the same in every chart and map.

A party keeps its customary colour (:data:`sim.data.parties.PARTY_COLORS`: BJP saffron, INC sky
blue, AITC green, CPM red ...) unless a more important party it shares a state with already has
a colour within :data:`MIN_DELTA_E` of it (CIEDE2000, :mod:`sim.plots.colour`); then it takes
the candidate colour farthest from its neighbours'. A bloc (alliance) takes its leading
member's colour (INDIA = INC's blue, NDA = BJP's saffron), so it is the same colour in the seat
chart, the poll chart, the per-state chart and the maps; a party outside every alliance is its
own bloc. Independents and the pooled small parties are greys.

The palette of a run is a pure function of its tables (:func:`run_palette`), so redrawing a
run folder gives the same colours.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.data.ids import state_of_id
from sim.data.parties import IND, OTH, PARTY_COLORS
from sim.plots.colour import ciede2000, lab_of

MIN_DELTA_E = 12.0
"""Smallest CIEDE2000 difference between two parties that share a state (10+ reads as a
different category on a chart; the shipped table keeps every such pair above 12)."""

SHARE_TO_MEET = 0.01
"""Two parties are neighbours when both reach this share of the votes in some state (region)."""

OTHERS = "others"
OTHERS_COLOR = "#d9d9d9"
SYNTHETIC_COLORS = {"RUL": "#20c646", "RGT": "#f97d09", "LFT": "#de0000", "CON": "#19aaed"}
GREYS = {IND: "#7f7f7f", OTH: "#bdbdbd", OTHERS: OTHERS_COLOR, "no data": "#eeeeee"}

#: Colours a party may take when its customary colour clashes or it has none (no greys).
CANDIDATES: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
    "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
    "#dbdb8d", "#9edae5", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#5254a3",
    "#8ca252", "#bd9e39", "#ad494a", "#a55194", "#6b6ecf", "#b5cf6b", "#e7ba52", "#d6616b",
    "#ce6dbd", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#fd8d3c", "#74c476",
)
_CANDIDATE_LAB = np.array([lab_of(c) for c in CANDIDATES])


def customary_color(party_id: str) -> str | None:
    """A party's customary colour, or None if it has none."""
    return GREYS.get(party_id) or PARTY_COLORS.get(party_id) or SYNTHETIC_COLORS.get(party_id)


def fallback_color(key: str) -> str:
    """A stable colour for an id the palette was not built with."""
    return customary_color(key) or CANDIDATES[zlib.crc32(key.encode()) % len(CANDIDATES)]


@dataclass(frozen=True)
class Palette:
    """Party and bloc colours of one run (or one figure).

    Attributes:
        colors: party or bloc id -> hex colour.
        blocs: bloc name -> its members (leader first).
    """

    colors: Mapping[str, str]
    blocs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.colors.get(key) or fallback_color(key)

    def many(self, keys: Iterable[str]) -> list[str]:
        return [self[k] for k in keys]

    def bloc_of(self, party: str) -> str:
        """The bloc a party belongs to (its own id outside every alliance)."""
        return next((b for b, members in self.blocs.items() if party in members), party)


def build_palette(parties: Sequence[str], blocs: Mapping[str, Sequence[str]] | None = None,
                  neighbours: Mapping[str, set[str]] | None = None,
                  min_delta_e: float = MIN_DELTA_E) -> Palette:
    """Colours for ``parties`` (most important first), their ``blocs`` (name -> members,
    leader first) and nothing else.

    Args:
        parties: party ids in order of priority: an earlier party keeps its customary colour
            when a later one clashes with it.
        blocs: alliance name -> member ids; a bloc takes its leader's colour.
        neighbours: party -> the parties it must be told apart from (default: all of them).
        min_delta_e: the CIEDE2000 difference a party keeps from its neighbours' colours.
    """
    chosen: dict[str, str] = {}
    labs: dict[str, np.ndarray] = {}
    everyone = set(parties)
    # parties with a customary colour first, so a party without one never takes a colour
    # next to a customary colour that a later neighbour would then have to give up
    ordered = ([p for p in parties if customary_color(p) is not None]
               + [p for p in parties if customary_color(p) is None])
    for pid in ordered:
        near = [q for q in (neighbours.get(pid, set()) if neighbours is not None else everyone)
                if q in labs and q != pid]
        own = customary_color(pid)
        if pid in GREYS:
            color = GREYS[pid]
        elif own is not None and _far_enough(lab_of(own), [labs[q] for q in near], min_delta_e):
            color = own
        else:
            color = _farthest(np.array([labs[q] for q in near]), avoid=set(chosen.values()))
        chosen[pid] = color
        labs[pid] = lab_of(color)
    out = {p: chosen[p] for p in parties}
    members = {b: tuple(m) for b, m in (blocs or {}).items()}
    for bloc, ms in members.items():
        out[bloc] = chosen[ms[0]] if ms and ms[0] in chosen else fallback_color(ms[0] if ms
                                                                               else bloc)
    return Palette(out, members)


def _far_enough(lab: np.ndarray, others: list[np.ndarray], limit: float) -> bool:
    return not others or float(ciede2000(lab, np.array(others)).min()) >= limit


def _farthest(others: np.ndarray, avoid: set[str]) -> str:
    """The candidate colour whose nearest neighbour colour is farthest (first on ties)."""
    free = [i for i, c in enumerate(CANDIDATES) if c not in avoid] or list(range(len(CANDIDATES)))
    if others.size == 0:
        return CANDIDATES[free[0]]
    dist = ciede2000(_CANDIDATE_LAB[free][:, None, :], others[None, :, :]).min(axis=1)
    return CANDIDATES[free[int(np.argmax(dist))]]


def neighbours_from_shares(shares_by_area: Mapping[str, Mapping[str, float]],
                           threshold: float = SHARE_TO_MEET) -> dict[str, set[str]]:
    """Party -> the parties that reach ``threshold`` of the vote in an area where it does."""
    out: dict[str, set[str]] = {}
    for shares in shares_by_area.values():
        present = [p for p, s in shares.items() if s >= threshold]
        for p in present:
            out.setdefault(p, set()).update(q for q in present if q != p)
    return out


def run_palette(summary: Mapping[str, Any], constituencies: Any,
                blocs: Mapping[str, Sequence[str]], *, by_state: bool) -> Palette:
    """The palette of one run, from its tables: parties by votes (alliance leaders first, then
    largest first), the alliances as blocs, neighbours = parties meeting in a state
    (``by_state``, real results) or a region (synthetic and explicit scenarios)."""
    votes = summary.get("votes_by_party", {})
    leaders = [m[0] for m in blocs.values() if m and m[0] in votes]
    parties = leaders + sorted((p for p in votes if p not in leaders), key=lambda p: -votes[p])
    area = (constituencies["id"].map(state_of_id) if by_state else constituencies["region"])
    columns = [c for c in constituencies.columns if c.startswith("votes:")]
    by_area = constituencies[columns].groupby(area.to_numpy()).sum()
    totals = by_area.sum(axis=1).replace(0, 1)
    shares = {str(a): {c.split(":", 1)[1]: float(v) for c, v in (row / totals[a]).items()}
              for a, row in by_area.iterrows()}
    return build_palette(parties, blocs, neighbours_from_shares(shares))


def party_color(party_id: str) -> str:
    """A stable colour for one id, outside any run (customary, else a fixed candidate)."""
    return fallback_color(party_id)
