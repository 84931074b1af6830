"""Canonical party ids and the mapping from each data source's spelling to them.

Every results file spells parties its own way (see ``sim/data/india/SOURCES.md``):

* ``"tcpd"``: TCPD / Lokdhaba abbreviations, used by ``wb_assembly_2016``
  (``AITC``, ``CPM``, ``JD(U)``, ``AAAP`` ...). Careful: in that file ``CPIM`` (4 rows,
  6,302 votes) is a *different minor outfit*, not CPI(M); it is deliberately not mapped to
  ``CPM`` and keeps the derived id ``CPIM``.
* ``"eci"``: ECI full names, used by ``lok_sabha_2019`` (``Bharatiya Janata Party``).
* ``"eci_upper"``: ECI full names in upper case, used by ``lok_sabha_2014``; built from the
  ``"eci"`` table plus the spellings that only occur there.
* ``"electionlens"``: ElectionLens abbreviations, used by ``wb_lok_sabha_2019_segments``;
  there ``CPIM`` *is* CPI(M) and ``SUCI(C)`` is SUCI.

Independents (``IND``, ``Independent``, ``INDEPENDENT``) map to :data:`IND` and ``NOTA`` to
:data:`NOTA`; neither is a party. A spelling that is not in a source's table keeps a *derived*
id (upper case, everything but ``A-Z0-9`` removed, see :func:`derived_id`) so that nothing is
silently lost or merged. Grouping small parties into :data:`OTH` is done by the loader
(:mod:`sim.data.results`), not here.

One spelling is ambiguous within a source: ECI's ``Peoples Democratic Party`` is the Jammu &
Kashmir PDP in Srinagar (the other J&K PCs spell it ``Jammu & Kashmir Peoples Democratic
Party``) but Abdul Nasser Madani's PDP in Kerala. :data:`STATE_OVERRIDES` resolves such cases by
(state, spelling).

The party colour table :data:`PARTY_COLORS` (used by :mod:`sim.plots.maps`) lives here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

IND = "IND"
"""Canonical id of independent candidates (not a party)."""
NOTA = "NOTA"
"""Canonical id of "None of the Above"."""
OTH = "OTH"
"""Canonical id of the group of small parties (and of non-leading independents)."""

SPECIAL_IDS: frozenset[str] = frozenset({IND, NOTA, OTH})
"""Ids that are not parties."""

#: Canonical party id -> display name. Order is by family/region, not significance.
_PARTY_NAMES: dict[str, str] = {
    # national parties
    "BJP": "Bharatiya Janata Party",
    "INC": "Indian National Congress",
    "BSP": "Bahujan Samaj Party",
    "NCP": "Nationalist Congress Party",
    "NPP": "National People's Party",
    "AITC": "All India Trinamool Congress",
    # Left
    "CPM": "Communist Party of India (Marxist)",
    "CPI": "Communist Party of India",
    "CPIML": "Communist Party of India (Marxist-Leninist) Liberation",
    "RSP": "Revolutionary Socialist Party",
    "AIFB": "All India Forward Bloc",
    "SUCI": "Socialist Unity Centre of India (Communist)",
    # West Bengal
    "GJM": "Gorkha Janmukti Morcha",
    "ISF": "Indian Secular Front",
    "PDS": "Party for Democratic Socialism",
    "AMB": "Amra Bangalee",
    "KPPU": "Kamatapur People's Party (United)",
    "WPOI": "Welfare Party of India",
    "SDPI": "Social Democratic Party of India",
    "BMUP": "Bahujan Mukti Party",
    "RPIA": "Republican Party of India (Athawale)",
    # Hindi belt
    "SP": "Samajwadi Party",
    "RLD": "Rashtriya Lok Dal",
    "ADS": "Apna Dal (Soneylal)",
    "AD": "Apna Dal",
    "JDU": "Janata Dal (United)",
    "RJD": "Rashtriya Janata Dal",
    "LJP": "Lok Janshakti Party",
    "RLSP": "Rashtriya Lok Samta Party",
    "HAM": "Hindustani Awam Morcha (Secular)",
    "VIP": "Vikassheel Insaan Party",
    "JMM": "Jharkhand Mukti Morcha",
    "JVM": "Jharkhand Vikas Morcha (Prajatantrik)",
    "AJSU": "AJSU Party",
    "JHP": "Jharkhand Party",
    "JBSP": "Jai Bharat Samanta Party",
    "INLD": "Indian National Lok Dal",
    "JJP": "Jannayak Janta Party",
    "HJC": "Haryana Janhit Congress (BL)",
    "RLTP": "Rashtriya Loktantrik Party",
    "AAP": "Aam Aadmi Party",
    # Punjab
    "SAD": "Shiromani Akali Dal",
    "LIP": "Lok Insaaf Party",
    "PEP": "Punjab Ekta Party",
    "NWPP": "Nawan Punjab Party",
    # West
    "SHS": "Shiv Sena",
    "MNS": "Maharashtra Navnirman Sena",
    "VBA": "Vanchit Bahujan Aaghadi",
    "SWP": "Swabhimani Paksha",
    "PWPI": "Peasants and Workers Party of India",
    # South
    "DMK": "Dravida Munnetra Kazhagam",
    "ADMK": "All India Anna Dravida Munnetra Kazhagam",
    "PMK": "Pattali Makkal Katchi",
    "DMDK": "Desiya Murpokku Dravida Kazhagam",
    "MDMK": "Marumalarchi Dravida Munnetra Kazhagam",
    "VCK": "Viduthalai Chiruthaigal Katchi",
    "NTK": "Naam Tamilar Katchi",
    "MNM": "Makkal Needhi Maiam",
    "AINRC": "All India N.R. Congress",
    "YSRCP": "Yuvajana Sramika Rythu Congress Party",
    "TDP": "Telugu Desam Party",
    "TRS": "Telangana Rashtra Samithi",
    "JSP": "Janasena Party",
    "AIMIM": "All India Majlis-e-Ittehadul Muslimeen",
    "JDS": "Janata Dal (Secular)",
    "IUML": "Indian Union Muslim League",
    "KCM": "Kerala Congress (M)",
    "SJD": "Socialist Janata (Democratic)",
    "BDJS": "Bharath Dharma Jana Sena",
    "PDP": "People's Democratic Party (Kerala)",
    # East and North-East
    "BJD": "Biju Janata Dal",
    "AGP": "Asom Gana Parishad",
    "AIUDF": "All India United Democratic Front",
    "BPF": "Bodoland People's Front",
    "UPPL": "United People's Party Liberal",
    "NPF": "Naga People's Front",
    "NDPP": "Nationalist Democratic Progressive Party",
    "UDP": "United Democratic Party",
    "PPA": "People's Party of Arunachal",
    "IPFT": "Indigenous People's Front of Tripura",
    "MNF": "Mizo National Front",
    "PRISM": "People's Representation for Identity and Status of Mizoram",
    "NEIDP": "North East India Development Party",
    "SKM": "Sikkim Krantikari Morcha",
    "SDF": "Sikkim Democratic Front",
    # Jammu & Kashmir
    "JKNC": "Jammu & Kashmir National Conference",
    "JKPDP": "Jammu & Kashmir Peoples Democratic Party",
    "JKPC": "Jammu & Kashmir People's Conference",
    "JKNPP": "Jammu & Kashmir National Panthers Party",
    # not parties
    IND: "Independent",
    NOTA: "None of the Above",
    OTH: "Others",
}

PARTY_NAMES: Mapping[str, str] = MappingProxyType(_PARTY_NAMES)
"""Canonical id -> display name, for every canonical id (including ``IND``, ``NOTA``, ``OTH``)."""

CANONICAL_IDS: frozenset[str] = frozenset(_PARTY_NAMES)
"""All canonical ids (parties plus ``IND``, ``NOTA`` and ``OTH``)."""

_TCPD: dict[str, str] = {
    "AITC": "AITC",
    "BJP": "BJP",
    "INC": "INC",
    "CPM": "CPM",
    # NB: "CPIM" in the TCPD 2016 file is NOT CPI(M) (see SOURCES.md); left unmapped on purpose.
    "CPI": "CPI",
    "CPI(ML)(L)": "CPIML",
    "RSP": "RSP",
    "AIFB": "AIFB",
    "SUCI": "SUCI",
    "GOJAM": "GJM",
    "PDS": "PDS",
    "AMB": "AMB",
    "KPPU": "KPPU",
    "WPOI": "WPOI",
    "SDPI": "SDPI",
    "BMUP": "BMUP",
    "RPI(A)": "RPIA",
    "BSP": "BSP",
    "SP": "SP",
    "NCP": "NCP",
    "SHS": "SHS",
    "JD(U)": "JDU",
    "JD(S)": "JDS",
    "RJD": "RJD",
    "LJP": "LJP",
    "JMM": "JMM",
    "AJSUP": "AJSU",
    "IUML": "IUML",
    "RLD": "RLD",
    "AAAP": "AAP",
    "IND": IND,
    "NOTA": NOTA,
}

_ELECTIONLENS: dict[str, str] = {
    "AITC": "AITC",
    "BJP": "BJP",
    "INC": "INC",
    "CPIM": "CPM",  # here CPIM *is* CPI(M)
    "CPI": "CPI",
    "CPI(ML)(L)": "CPIML",
    "RSP": "RSP",
    "AIFB": "AIFB",
    "SUCI(C)": "SUCI",
    "PDS": "PDS",
    "AMB": "AMB",
    "KPPU": "KPPU",
    "WPOI": "WPOI",
    "SDPI": "SDPI",
    "BMUP": "BMUP",
    "RPI(A)": "RPIA",
    "BSP": "BSP",
    "SHS": "SHS",
    "JMM": "JMM",
    "IND": IND,
    "NOTA": NOTA,
}

_ECI: dict[str, str] = {
    "Bharatiya Janata Party": "BJP",
    "Indian National Congress": "INC",
    "Bahujan Samaj Party": "BSP",
    "Nationalist Congress Party": "NCP",
    "National People's Party": "NPP",
    "All India Trinamool Congress": "AITC",
    "Communist Party of India (Marxist)": "CPM",
    "Communist Party of India": "CPI",
    "Communist Party of India (Marxist-Leninist) (Liberation)": "CPIML",
    "Revolutionary Socialist Party": "RSP",
    "All India Forward Bloc": "AIFB",
    "SOCIALIST UNITY CENTRE OF INDIA (COMMUNIST)": "SUCI",
    "Socialist Unity Centre of India (Communist)": "SUCI",
    "Amra Bangalee": "AMB",
    "SOCIAL DEMOCRATIC PARTY OF INDIA": "SDPI",
    "Social Democratic Party of India": "SDPI",
    "Welfare Party of India": "WPOI",
    "Bahujan Mukti Party": "BMUP",
    "Party for Democratic Socialism": "PDS",
    "Republican Party of India (A)": "RPIA",
    "Samajwadi Party": "SP",
    "Rashtriya Lok Dal": "RLD",
    "Apna Dal (Soneylal)": "ADS",
    "Apna Dal": "AD",
    "Janata Dal (United)": "JDU",
    "Rashtriya Janata Dal": "RJD",
    "Lok Jan Shakti Party": "LJP",
    "Rashtriya Lok Samta Party": "RLSP",
    "Hindustani Awam Morcha (Secular)": "HAM",
    "Vikassheel Insaan Party": "VIP",
    "Jharkhand Mukti Morcha": "JMM",
    "Jharkhand Vikas Morcha (Prajatantrik)": "JVM",
    "AJSU Party": "AJSU",
    "Jharkhand Party": "JHP",
    "Jai Bharat Samanta Party": "JBSP",
    "Indian National Lok Dal": "INLD",
    "Jannayak Janta Party": "JJP",
    "Haryana Janhit Congress (BL)": "HJC",
    "Rashtriya Loktantrik Party": "RLTP",
    "Aam Aadmi Party": "AAP",
    "Shiromani Akali Dal": "SAD",
    "Lok Insaaf Party": "LIP",
    "Punjab Ekta Party": "PEP",
    "Nawan Punjab Party": "NWPP",
    "Shivsena": "SHS",
    "Maharashtra Navnirman Sena": "MNS",
    "Vanchit Bahujan Aaghadi": "VBA",
    "Swabhimani Paksha": "SWP",
    "Peasants And Workers Party of India": "PWPI",
    "Dravida Munnetra Kazhagam": "DMK",
    "All India Anna Dravida Munnetra Kazhagam": "ADMK",
    "Pattali Makkal Katchi": "PMK",
    "Desiya Murpokku Dravida Kazhagam": "DMDK",
    "Marumalarchi Dravida Munnetra Kazhagam": "MDMK",
    "Viduthalai Chiruthaigal Katchi": "VCK",
    "Naam Tamilar Katchi": "NTK",
    "Makkal Needhi Maiam": "MNM",
    "All India N.R. Congress": "AINRC",
    "Yuvajana Sramika Rythu Congress Party": "YSRCP",
    "Telugu Desam": "TDP",
    "Telangana Rashtra Samithi": "TRS",
    "Janasena Party": "JSP",
    "All India Majlis-E-Ittehadul Muslimeen": "AIMIM",
    "Janata Dal (Secular)": "JDS",
    "Indian Union Muslim League": "IUML",
    "Kerala Congress (M)": "KCM",
    "Socialist Janata (Democratic)": "SJD",
    "Bharath Dharma Jana Sena": "BDJS",
    "Peoples Democratic Party": "PDP",  # Kerala; the J&K use is fixed by STATE_OVERRIDES
    "Biju Janata Dal": "BJD",
    "Asom Gana Parishad": "AGP",
    "All India United Democratic Front": "AIUDF",
    "Bodoland Peoples Front": "BPF",
    "United People’s Party, Liberal": "UPPL",
    "United People's Party, Liberal": "UPPL",
    "Naga Peoples Front": "NPF",
    "Nationalist Democratic Progressive Party": "NDPP",
    "United Democratic Party": "UDP",
    "People's Party of Arunachal": "PPA",
    "Indigenous People's Front of Tripura": "IPFT",
    "Mizo National Front": "MNF",
    "Peoples Representation for Identity and Status of Mizoram (PRISM) Party": "PRISM",
    "North East India Development Party": "NEIDP",
    "Sikkim Krantikari Morcha": "SKM",
    "Sikkim Democratic Front": "SDF",
    "Jammu & Kashmir National Conference": "JKNC",
    "Jammu & Kashmir Peoples Democratic Party": "JKPDP",
    "Jammu & Kashmir People Conference": "JKPC",
    "Jammu & Kashmir National Panthers Party": "JKNPP",
    "Independent": IND,
    "NOTA": NOTA,
}

# Spellings that only occur in the upper-case 2014 file (typos and older names included).
_ECI_UPPER_EXTRA: dict[str, str] = {
    "NATIONAL PEOPLES PARTY": "NPP",
    "INDIGENOUSN PEOPLE'S FRONT OF TRIPURA": "IPFT",
    "INDEPENDENT": IND,
}

_ECI_UPPER: dict[str, str] = {k.upper(): v for k, v in _ECI.items()} | _ECI_UPPER_EXTRA

SOURCES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "tcpd": MappingProxyType(_TCPD),
        "eci": MappingProxyType(_ECI),
        "eci_upper": MappingProxyType(_ECI_UPPER),
        "electionlens": MappingProxyType(_ELECTIONLENS),
    }
)
"""Source name -> {spelling in that source -> canonical id}."""

STATE_OVERRIDES: Mapping[str, Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        "eci": MappingProxyType({("Jammu & Kashmir", "Peoples Democratic Party"): "JKPDP"}),
        "eci_upper": MappingProxyType({("Jammu & Kashmir", "PEOPLES DEMOCRATIC PARTY"): "JKPDP"}),
    }
)
"""Source name -> {(state, spelling) -> canonical id}; checked before :data:`SOURCES`."""

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


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


def canonical_party(spelling: str, source: str, state: str | None = None) -> str:
    """Map one source spelling to its canonical id (or a derived id).

    Args:
        spelling: the party as spelled in the source (surrounding whitespace is ignored).
        source: one of :data:`SOURCES` (``"tcpd"``, ``"eci"``, ``"eci_upper"``,
            ``"electionlens"``).
        state: the state of the row, used for :data:`STATE_OVERRIDES`.

    Returns:
        The canonical id, or :func:`derived_id` of the spelling when it is not mapped.

    Raises:
        KeyError: ``source`` is unknown.
    """
    table = SOURCES[source]
    key = spelling.strip()
    if state is not None:
        override = STATE_OVERRIDES.get(source, {}).get((state, key))
        if override is not None:
            return override
    found = table.get(key)
    return found if found is not None else derived_id(key)


def is_mapped(spelling: str, source: str, state: str | None = None) -> bool:
    """Whether a spelling is in the source's table (i.e. not given a derived id).

    Args:
        spelling: the party as spelled in the source.
        source: one of :data:`SOURCES`.
        state: the row's state, for :data:`STATE_OVERRIDES`.

    Returns:
        ``True`` if the spelling maps to a canonical id.
    """
    key = spelling.strip()
    if state is not None and (state, key) in STATE_OVERRIDES.get(source, {}):
        return True
    return key in SOURCES[source]


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
        "CPI": "#FF4A4A",
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
        "JMM": "#215B30",
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
        "NPP": "#DB7093",
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
