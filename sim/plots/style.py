"""Colours for parties and blocs, consistent across every figure.

Real parties take their customary colours from :data:`sim.data.parties.PARTY_COLORS` (the one
table); anything else (synthetic parties, bloc names) gets a stable colour from a palette.
"""

from __future__ import annotations

import zlib

from sim.data.parties import PARTY_COLORS

SYNTHETIC_COLORS = {"RUL": "#20c646", "RGT": "#f97d09", "LFT": "#de0000", "CON": "#19aaed"}
_CYCLE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
          "#ff9da7", "#9c755f", "#bab0ac"]


def party_color(party_id: str) -> str:
    """A stable colour for a party or bloc id (known parties get their customary colour)."""
    if party_id in PARTY_COLORS:
        return PARTY_COLORS[party_id]
    if party_id in SYNTHETIC_COLORS:
        return SYNTHETIC_COLORS[party_id]
    return _CYCLE[zlib.crc32(party_id.encode()) % len(_CYCLE)]
