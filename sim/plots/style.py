"""Colours for parties and blocs, consistent across every figure."""

from __future__ import annotations

import zlib

KNOWN_COLORS = {
    "BJP": "#f97d09", "INC": "#19aaed", "AITC": "#20c646", "CPM": "#de0000", "CPI": "#e34234",
    "SP": "#ff2222", "BSP": "#22409a", "JDU": "#003366", "RJD": "#008000", "DMK": "#dd1100",
    "ADMK": "#2e8b57", "SHS": "#f26522", "NCP": "#00b2b2", "AAP": "#0066a4", "YSRCP": "#1569c7",
    "BJD": "#006400", "TRS": "#ff69b4", "TDP": "#ffed00", "JMM": "#215b30", "ISF": "#5a9e6f",
    "IND": "#9e9e9e", "OTH": "#bdbdbd", "NOTA": "#e0e0e0",
    # the synthetic toy's parties
    "RUL": "#20c646", "RGT": "#f97d09", "LFT": "#de0000", "CON": "#19aaed",
}
_CYCLE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
          "#ff9da7", "#9c755f", "#bab0ac"]


def party_color(party_id: str) -> str:
    """A stable colour for a party or bloc id (known parties get their customary colour)."""
    if party_id in KNOWN_COLORS:
        return KNOWN_COLORS[party_id]
    return _CYCLE[zlib.crc32(party_id.encode()) % len(_CYCLE)]
