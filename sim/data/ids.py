"""Constituency ids and the states they belong to."""

from __future__ import annotations

from sim.data.results import STATE_CODES

STATE_NAMES: dict[str, str] = {code: name for name, code in STATE_CODES.items()}
"""Two-letter state code -> canonical state name."""


def state_of_id(constituency_id: str) -> str:
    """Canonical state name from a constituency id (``"WB-AC-072"`` -> ``"West Bengal"``)."""
    code = str(constituency_id).split("-", 1)[0]
    return STATE_NAMES.get(code, code)
