"""Indian states and union territories: canonical names, two-letter codes, constituency ids.

The codes are ISO 3166-2:IN as of 2023 (``CG``, ``OD``, ``TG``, ``UK``). The corpus's file names
use the common two-letter codes, which agree with these except Telangana (``TS`` in file names,
``TG`` here); :data:`FILE_CODE_ALIASES` records the difference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "FILE_CODE_ALIASES",
    "STATE_CODES",
    "STATE_NAMES",
    "constituency_id",
    "normalise_state",
    "state_code",
    "state_from_code",
]

STATE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "Andaman & Nicobar Islands": "AN",
        "Andhra Pradesh": "AP",
        "Arunachal Pradesh": "AR",
        "Assam": "AS",
        "Bihar": "BR",
        "Chandigarh": "CH",
        "Chhattisgarh": "CG",
        "Dadra & Nagar Haveli": "DN",
        "Daman & Diu": "DD",
        "NCT of Delhi": "DL",
        "Goa": "GA",
        "Gujarat": "GJ",
        "Haryana": "HR",
        "Himachal Pradesh": "HP",
        "Jammu & Kashmir": "JK",
        "Jharkhand": "JH",
        "Karnataka": "KA",
        "Kerala": "KL",
        "Ladakh": "LA",
        "Lakshadweep": "LD",
        "Madhya Pradesh": "MP",
        "Maharashtra": "MH",
        "Manipur": "MN",
        "Meghalaya": "ML",
        "Mizoram": "MZ",
        "Nagaland": "NL",
        "Odisha": "OD",
        "Puducherry": "PY",
        "Punjab": "PB",
        "Rajasthan": "RJ",
        "Sikkim": "SK",
        "Tamil Nadu": "TN",
        "Telangana": "TG",
        "Tripura": "TR",
        "Uttar Pradesh": "UP",
        "Uttarakhand": "UK",
        "West Bengal": "WB",
    }
)
"""Canonical state/UT name -> two-letter code (ISO 3166-2:IN as of 2023: ``CG``, ``OD``,
``TG``, ``UK``). Daman & Diu (``DD``) and Dadra & Nagar Haveli (``DN``) are kept separate, as
they were at the 2014 and 2019 elections (merged in 2020 as ISO ``DH``). Ladakh's PC is part of
Jammu & Kashmir in all shipped data (the UT was created after the 2019 election)."""

_STATE_ALIASES: dict[str, str] = {
    "orissa": "Odisha",
    "delhi": "NCT of Delhi",
    "nct delhi": "NCT of Delhi",
    "andaman and nicobar": "Andaman & Nicobar Islands",
    "pondicherry": "Puducherry",
    "uttaranchal": "Uttarakhand",
    "chattisgarh": "Chhattisgarh",
    "telengana": "Telangana",
}


def _state_key(name: str) -> str:
    key = name.strip().lower().replace("&", " and ")
    return re.sub(r"\s+", " ", key).strip()


_STATE_LOOKUP: dict[str, str] = {_state_key(n): n for n in STATE_CODES} | {
    _state_key(k): v for k, v in _STATE_ALIASES.items()
}


def normalise_state(name: str) -> str:
    """Canonical state name for a spelling used by a data file or map.

    Matching ignores case, surrounding whitespace and ``&`` vs ``and``; known variants
    (``Orissa``, ``Delhi``, ``Andaman & Nicobar``, ``WEST BENGAL`` ...) are resolved.

    Args:
        name: the state as spelled in a source.

    Returns:
        A key of :data:`STATE_CODES`.

    Raises:
        KeyError: the state is not known.
    """
    try:
        return _STATE_LOOKUP[_state_key(name)]
    except KeyError:
        raise KeyError(f"unknown state {name!r}") from None


def state_code(name: str) -> str:
    """Two-letter code of a state (any spelling accepted by :func:`normalise_state`).

    Args:
        name: state name.

    Returns:
        The code, e.g. ``"WB"``.
    """
    return STATE_CODES[normalise_state(name)]


def constituency_id(code: str, level: str, number: int) -> str:
    """The constituency key used everywhere in coalition-sim.

    Args:
        code: two-letter state code (see :data:`STATE_CODES`).
        level: ``"AC"`` or ``"PC"``.
        number: constituency number within the state (2008 delimitation).

    Returns:
        E.g. ``constituency_id("WB", "AC", 1) == "WB-AC-001"``.
    """
    return f"{code}-{level}-{int(number):03d}"


STATE_NAMES: Mapping[str, str] = MappingProxyType({v: k for k, v in STATE_CODES.items()})
"""Two-letter code -> canonical state name (the inverse of :data:`STATE_CODES`)."""

FILE_CODE_ALIASES: Mapping[str, str] = MappingProxyType({"TS": "TG"})
"""Code used in a corpus file name -> code of :data:`STATE_CODES` where they differ."""


def state_from_code(code: str) -> str:
    """Canonical state name of a two-letter code, in any case; file-name codes (``TS``) accepted.

    Args:
        code: e.g. ``"wb"``, ``"UP"``, ``"TS"``.

    Returns:
        The canonical name, e.g. ``"West Bengal"``.

    Raises:
        KeyError: not a known code.
    """
    key = code.strip().upper()
    key = FILE_CODE_ALIASES.get(key, key)
    try:
        return STATE_NAMES[key]
    except KeyError:
        raise KeyError(f"unknown state code {code!r}") from None
