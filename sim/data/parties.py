"""Canonical party ids and the mapping from each data source's spelling to them.

Every results file spells parties its own way (see ``sim/data/india/SOURCES.md``):

* ``"tcpd"``: TCPD / Lokdhaba abbreviations, used by every assembly file (``AITC``, ``CPM``,
  ``JD(U)``, ``AAAP`` ...); TCPD's newest files (2021) spell smaller parties by their full ECI
  names, which this source therefore also knows.
* ``"electionlens"``: ElectionLens abbreviations, used by every ``*_lok_sabha_*_segments``
  file; they are TCPD's, plus ``CPIM`` (CPI(M) in 2019) and ``SUCI(C)``.
* ``"eci"``: ECI full names, used by ``lok_sabha_2019`` (``Bharatiya Janata Party``).
* ``"eci_upper"``: ECI full names in upper case, used by ``lok_sabha_2014``; built from the
  ``"eci"`` table plus the spellings that only occur there.

Independents (``IND``, ``Independent``, ``INDEPENDENT``) map to :data:`IND` and ``NOTA`` to
:data:`NOTA`; neither is a party. A spelling that no table knows keeps a *derived* id (upper
case, everything but ``A-Z0-9`` removed, see :func:`derived_id`) so that nothing is silently
lost or merged. Grouping small parties into :data:`OTH` is done by the loader
(:mod:`sim.data.results`), not here. The tables themselves are in :mod:`sim.data.spellings`,
the ids and display names in :mod:`sim.data.party_names`.

How a spelling is resolved (:func:`canonical_party`), first match wins:

1. :data:`ELECTION_OVERRIDES` by (state, election year, spelling), then (any state, year,
   spelling): spellings whose meaning changes between elections. TCPD's ``CPIM`` is CPI(M)
   only in its newest files, which have no ``CPM`` (Bihar and Delhi 2020, Haryana and
   Maharashtra 2019); elsewhere (e.g. West Bengal 2016, 4 rows, 6,302 votes) it is a
   different minor outfit and keeps the derived id ``CPIM``. ElectionLens' ``CPIM`` is CPI(M)
   in 2019 but the minor outfit in 2014 (and in Kerala 2019), where ``CPM`` is CPI(M).
   TCPD's ``AAP`` is the Aam Aadmi Party in the 2018 files only (elsewhere ``AAAP``).
2. :data:`STATE_OVERRIDES` by (state, spelling): abbreviations that name different parties in
   different states (``PDF`` is Hakeem Yasin's front in Jammu & Kashmir but the People's
   Democratic Front in Meghalaya; ECI's ``Peoples Democratic Party`` is the J&K PDP in Srinagar
   but Madani's PDP in Kerala), or that were only verified in one state (``BLSP`` = RLSP in
   Bihar, ``RSSCMJP`` = ISF in West Bengal, ``MUL`` = IUML in Kerala).
3. The source's table (:data:`SOURCES`), by exact spelling, then, for full names (spellings
   with a space), ignoring case, curly apostrophes and repeated spaces.

Harmonisation rules (one canonical id per party in every file, all states and years):

* **Renamings and re-registrations** keep one id: ``AAAP``/``AAP`` -> ``AAP``,
  ``NPEP``/``NPP`` -> ``NPP``, ``JNJP`` -> ``JJP``, ``AUDF`` (Assam United Democratic Front,
  2009) -> ``AIUDF``, ``BOPF`` -> ``BPF``, ``MUL`` (Muslim League Kerala State Committee) ->
  ``IUML``, ``HAMS`` -> ``HAM``, ``VSIP`` -> ``VIP``, ``RaLtP`` -> ``RLTP``, ``HALP``/``HaLP``
  -> ``HALP``; TRS keeps ``TRS`` (the 2022 renaming to BRS is mapped to it too), YSRCP is
  ``YSRCP`` in every file. A party that stood under another party's registration gets the id
  of the party that actually stood: ISF in West Bengal 2021 (``RSSCMJP``) -> ``ISF``.
* **Splits** give the factions their own ids and the pre-split party keeps its own: Apna Dal
  before 2016 is ``AD``, Anupriya Patel's Apna Dal (Soneylal) ``ADS`` (TCPD ``ADAL``). Kerala
  Congress factions follow their registered names (``KEC(M)`` -> ``KCM``, ``KEC`` -> ``KEC``,
  ``KEC(B)``, ``KEC(J)``), so P. J. Joseph is ``KCM`` in 2016 and ``KEC`` in 2021. The Shiv
  Sena, NCP and LJP splits of 2021-23 happened after the last shipped election, so ``SHS``,
  ``NCP`` and ``LJP`` are one party in every file.
* **Symbol sharing** follows the ballot: an ally's candidate who stood on a bigger partner's
  symbol counts for that partner, as the ECI and TCPD record it (e.g. MDMK, KMDK and some VCK
  candidates on the DMK's symbol in 2019 and 2021).
* **Small alliance partners keep their own ids** (``HAM``, ``VIP``, ``RLSP``, ``CPIML`` in
  Bihar; ``VCK``, ``MDMK``, ``IUML``, ``KMDK`` in Tamil Nadu; ``ADS``, ``SBSP``, ``RLD``,
  ``NISHAD`` in Uttar Pradesh; ``SWP`` in Maharashtra; ``AJSU`` in Jharkhand; ``BPF``,
  ``UPPL``, ``AIUDF`` in Assam), so that configurations can name them.

The party colour table :data:`PARTY_COLORS` (used by :mod:`sim.plots.maps`) lives here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from sim.data import spellings
from sim.data.party_names import IND, NOTA, OTH, PARTY_NAMES, SPECIAL_IDS

__all__ = [
    "CANONICAL_IDS",
    "ELECTION_OVERRIDES",
    "IND",
    "NOTA",
    "OTH",
    "PARTY_COLORS",
    "PARTY_NAMES",
    "SOURCES",
    "SPECIAL_IDS",
    "STATE_OVERRIDES",
    "canonical_party",
    "derived_id",
    "display_name",
    "is_mapped",
]

CANONICAL_IDS: frozenset[str] = frozenset(PARTY_NAMES)
"""All canonical ids (parties plus ``IND``, ``NOTA`` and ``OTH``)."""


def _frozen(table: Mapping) -> Mapping:
    return MappingProxyType(dict(table))


_ECI_UPPER = {k.upper(): v for k, v in spellings.ECI.items()} | spellings.ECI_UPPER_EXTRA

SOURCES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "tcpd": _frozen(spellings.ECI | spellings.ABBREVIATIONS),
        "eci": _frozen(spellings.ECI),
        "eci_upper": _frozen(_ECI_UPPER),
        "electionlens": _frozen(spellings.ABBREVIATIONS | spellings.ELECTIONLENS_EXTRA),
    }
)
"""Source name -> {spelling in that source -> canonical id}."""

STATE_OVERRIDES: Mapping[str, Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        "tcpd": _frozen(spellings.STATE_SCOPED),
        "electionlens": _frozen(
            spellings.STATE_SCOPED | {("Jammu & Kashmir", "PDP"): "JKPDP"}  # Srinagar 2019
        ),
        "eci": _frozen({("Jammu & Kashmir", "Peoples Democratic Party"): "JKPDP"}),
        "eci_upper": _frozen({("Jammu & Kashmir", "PEOPLES DEMOCRATIC PARTY"): "JKPDP"}),
    }
)
"""Source name -> {(state, spelling) -> canonical id}; checked before :data:`SOURCES`."""

ELECTION_OVERRIDES: Mapping[str, Mapping[tuple[str | None, int, str], str | None]] = (
    MappingProxyType({s: _frozen(t) for s, t in spellings.ELECTION_OVERRIDES.items()})
)
"""Source name -> {(state or ``None``, year, spelling) -> canonical id, or ``None`` for "not
that party in this election"}; checked first (see the module docstring)."""

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_SPACES = re.compile(r"\s+")


def _loose(spelling: str) -> str:
    """A full name compared ignoring case, curly apostrophes and repeated spaces."""
    return _SPACES.sub(" ", spelling.replace("\u2019", "'")).strip().casefold()


_LOOSE: dict[str, dict[str, str]] = {
    source: {_loose(k): v for k, v in table.items() if " " in k}
    for source, table in SOURCES.items()
}


def derived_id(spelling: str) -> str:
    """The id of a party that is not in a source's table.

    Upper case with every character other than ``A-Z`` and ``0-9`` removed. If the result would
    collide with a canonical id (e.g. an unknown spelling ``"B.J.P."``), it is prefixed with
    ``X`` so that an unmapped outfit is never merged with a mapped party by accident. An empty
    result becomes ``"UNKNOWN"``.

    Args:
        spelling: the party name as spelled in the source.

    Returns:
        The derived id, e.g. ``"CPI(ML) Red Star"`` -> ``"CPIMLREDSTAR"``.
    """
    base = _NON_ALNUM.sub("", spelling.upper()) or "UNKNOWN"
    while base in CANONICAL_IDS:
        base = "X" + base
    return base


def _resolve(spelling: str, source: str, state: str | None, year: int | None) -> str | None:
    """Canonical id of a spelling, or ``None`` if it is unmapped (see the module docstring)."""
    table = SOURCES[source]
    key = spelling.strip()
    if year is not None:
        overrides = ELECTION_OVERRIDES.get(source, {})
        for where in (state, None):
            if (where, year, key) in overrides:
                return overrides[(where, year, key)]
    if state is not None:
        found = STATE_OVERRIDES.get(source, {}).get((state, key))
        if found is not None:
            return found
    found = table.get(key)
    if found is None and " " in key:
        found = _LOOSE[source].get(_loose(key))
    return found


def canonical_party(
    spelling: str, source: str, state: str | None = None, year: int | None = None
) -> str:
    """Map one source spelling to its canonical id (or a derived id).

    Args:
        spelling: the party as spelled in the source (surrounding whitespace is ignored).
        source: one of :data:`SOURCES` (``"tcpd"``, ``"eci"``, ``"eci_upper"``,
            ``"electionlens"``).
        state: the state of the row, used for :data:`STATE_OVERRIDES` and
            :data:`ELECTION_OVERRIDES`.
        year: the election year, used for :data:`ELECTION_OVERRIDES`.

    Returns:
        The canonical id, or :func:`derived_id` of the spelling when it is not mapped.

    Raises:
        KeyError: ``source`` is unknown.
    """
    found = _resolve(spelling, source, state, year)
    return found if found is not None else derived_id(spelling.strip())


def is_mapped(
    spelling: str, source: str, state: str | None = None, year: int | None = None
) -> bool:
    """Whether a spelling resolves to a canonical id (i.e. is not given a derived id).

    Args:
        spelling: the party as spelled in the source.
        source: one of :data:`SOURCES`.
        state: the row's state, for :data:`STATE_OVERRIDES` and :data:`ELECTION_OVERRIDES`.
        year: the election year, for :data:`ELECTION_OVERRIDES`.

    Returns:
        ``True`` if the spelling maps to a canonical id.
    """
    return _resolve(spelling, source, state, year) is not None


def display_name(party_id: str) -> str:
    """Human-readable name of a canonical id; derived ids are returned unchanged.

    Args:
        party_id: a canonical or derived id.

    Returns:
        The display name.
    """
    return PARTY_NAMES.get(party_id, party_id)


PARTY_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "BJP": "#FF9933",  # saffron
        "INC": "#19AAED",  # sky blue
        "AITC": "#20C646",  # green
        "CPM": "#DE0000",  # red
        "CPI": "#EF9A9A",
        "CPIML": "#B3001B",
        "RSP": "#C2185B",
        "AIFB": "#A50021",
        "SUCI": "#8B1A1A",
        "GJM": "#2E7D32",
        "BSP": "#22409A",  # blue
        "SP": "#FF5252",
        "RLD": "#0C8A3C",
        "ADS": "#6A1B9A",
        "JDU": "#66BB6A",
        "RJD": "#008000",
        "LJP": "#F06292",
        "RLSP": "#8E24AA",
        "HAM": "#6D4C41",
        "JMM": "#827717",
        "JVM": "#C0CA33",
        "AJSU": "#A1887F",
        "INLD": "#1B5E20",
        "JJP": "#FBC02D",
        "AAP": "#0066A4",
        "SAD": "#0F204A",
        "SHS": "#F26F21",
        "NCP": "#00B2B2",
        "MNS": "#AB47BC",
        "VBA": "#1565C0",
        "DMK": "#7A0C12",  # black-red (the flag), apart from CPM's red
        "ADMK": "#138808",
        "PMK": "#FFEB3B",
        "DMDK": "#B8860B",
        "MDMK": "#AD1457",
        "VCK": "#283593",
        "AINRC": "#DAA520",
        "YSRCP": "#1569C7",
        "TDP": "#FFED00",
        "TRS": "#F84996",
        "JSP": "#B71C1C",
        "AIMIM": "#136B4D",
        "JDS": "#034D03",
        "IUML": "#00796B",
        "KCM": "#5D4037",
        "BJD": "#006400",
        "AGP": "#00ACC1",
        "AIUDF": "#2E7D32",
        "BPF": "#8D6E63",
        "NPF": "#7B1FA2",
        "NDPP": "#E65100",
        "NPP": "#AD1457",
        "UDP": "#3949AB",
        "MNF": "#1E88E5",
        "SKM": "#C62828",
        "SDF": "#FDD835",
        "JKNC": "#D32F2F",
        "JKPDP": "#00897B",
        "JKPC": "#4E342E",
        "ISF": "#00695C",
        IND: "#7F7F7F",
        OTH: "#BDBDBD",
        NOTA: "#000000",
    }
)
"""Canonical id -> matplotlib colour (hex). BJP saffron, INC sky blue, AITC green, CPM red..."""
