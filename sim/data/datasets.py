"""The registry of shipped datasets: one :class:`DatasetInfo` per results file.

Names (the keys of :data:`DATASETS`):

* ``<code>_assembly_<year>``: a state's Vidhan Sabha election, file
  ``assembly/<CODE>_<YEAR>.csv.gz`` (TCPD party abbreviations), e.g. ``up_assembly_2017``;
* ``<code>_lok_sabha_<year>_segments``: a Lok Sabha election counted by the assembly segments
  of one state, file ``ls_segments/<CODE>_<YEAR>.csv.gz`` (ElectionLens abbreviations), e.g.
  ``up_lok_sabha_2019_segments``;
* ``lok_sabha_2019`` and ``lok_sabha_2014``: the whole Lok Sabha by parliamentary constituency.

``<code>`` is the lower-case state code of :data:`sim.data.states.STATE_CODES` (Telangana is
``tg``, although its files are named ``TS_...``). Four names predate the corpus and keep their
files: ``wb_assembly_2016`` (``wb_assembly_2016.csv.gz``; the corpus's ``WB_2016.csv.gz`` is the
same rows with AC 146 spelled ``BISHNUPURSC``, so it is not shipped twice),
``wb_lok_sabha_2019_segments`` (``wb_lok_sabha_2019_ac_segments.csv.gz``; the corpus's
``WB_2019.csv.gz`` is the same rows in another order), ``lok_sabha_2019`` and ``lok_sabha_2014``.

Undivided Andhra Pradesh: ``ap_assembly_2009``, ``ap_lok_sabha_2009_segments`` and
``ap_lok_sabha_2014_segments`` number the 294 constituencies of the undivided state. The 2008
delimitation did not change when Telangana was created (June 2014), so the loader files ACs
1-119 under Telangana (``TG-AC-001`` ..) and ACs 120-294 under Andhra Pradesh as 1-175
(``AP-AC-001`` = Ichchapuram), exactly as ``lok_sabha_2014`` does with PCs 1-17 / 18-42. These
datasets therefore *cover* two states (:attr:`DatasetInfo.covers`); their :attr:`state` is
Andhra Pradesh.

Segment files have no electors. Each row borrows ``electors``, ``reserved`` and ``district``
from the assembly election of its state nearest in time (ties: the earlier one), named in
:attr:`DatasetInfo.electors_from`; ``wb_lok_sabha_2019_segments`` keeps the 2016 roll it has
always used. Assembly files take each AC's PC from the segment file of their state nearest in
time (:attr:`DatasetInfo.pcs_from`; the AC-to-PC map is that of the 2008 delimitation in every
shipped file).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from sim.data.states import STATE_CODES, state_from_code

__all__ = [
    "ASSEMBLY_SEATS",
    "DATASETS",
    "KINDS",
    "DatasetInfo",
    "dataset_name",
]

KINDS: tuple[str, ...] = ("assembly", "lok_sabha", "lok_sabha_segments")
"""The kinds of election a dataset can hold."""


@dataclass(frozen=True)
class DatasetInfo:
    """Static description of a shipped dataset.

    Attributes:
        name: dataset name as passed to :func:`sim.data.results.load_results`.
        file: file path inside ``sim/data/india/`` (e.g. ``"assembly/UP_2017.csv.gz"``).
        source: party-spelling source (a key of :data:`sim.data.parties.SOURCES`).
        level: ``"AC"`` (assembly constituency) or ``"PC"`` (parliamentary constituency).
        layout: ``"long"`` (``state, constituency_no, ...``) or ``"segments"``
            (``state, pc_no, pc_name, ac_no, ac_name, ...``).
        description: one line for humans.
        state: canonical state name, ``None`` for an all-India file.
        year: election year.
        kind: one of :data:`KINDS`.
        split_andhra: renumber undivided Andhra Pradesh into Telangana and Andhra Pradesh
            (PCs 1-17 / 18-42, ACs 1-119 / 120-294) when the file numbers the undivided state.
        covers: states whose constituencies the file holds after that split (empty for an
            all-India file).
        electors_from: segment files: the assembly datasets whose electors, reservation and
            district are borrowed (one per covered state).
        pcs_from: assembly files: the segment dataset that gives each AC's PC.
        excluded: segment numbers that are not assembly constituencies (left out by the
            loader, see :attr:`note`).
        note: known gaps and quirks, one line.
    """

    name: str
    file: str
    source: str
    level: str
    layout: str
    description: str
    state: str | None
    year: int
    kind: str
    split_andhra: bool = False
    covers: tuple[str, ...] = ()
    electors_from: tuple[str, ...] = ()
    pcs_from: str | None = None
    excluded: tuple[int, ...] = ()
    note: str = ""


ASSEMBLY_SEATS: Mapping[str, int] = MappingProxyType(
    {
        "AP": 175, "AR": 60, "AS": 126, "BR": 243, "CG": 90, "DL": 70, "GA": 40, "GJ": 182,
        "HP": 68, "HR": 90, "JH": 81, "JK": 87, "KA": 224, "KL": 140, "MH": 288, "ML": 60,
        "MN": 60, "MP": 230, "MZ": 40, "NL": 60, "OD": 147, "PB": 117, "PY": 30, "RJ": 200,
        "SK": 32, "TN": 234, "TG": 119, "TR": 60, "UK": 70, "UP": 403, "WB": 294,
    }
)  # fmt: skip
"""State code -> seats of its legislative assembly (2008 delimitation; Jammu & Kashmir before
the 2022 one). Undivided Andhra Pradesh had 294 = 175 + 119."""

# file code -> election years of the shipped files
_ASSEMBLY_YEARS: dict[str, tuple[int, ...]] = {
    "AP": (2009, 2014, 2019), "AR": (2009, 2014, 2019), "AS": (2011, 2016, 2021),
    "BR": (2010, 2015, 2020), "CG": (2008, 2013, 2018), "DL": (2008, 2013, 2015, 2020),
    "GA": (2012, 2017), "GJ": (2012, 2017), "HP": (2012, 2017), "HR": (2009, 2014, 2019),
    "JH": (2009, 2014, 2019), "JK": (2008, 2014), "KA": (2008, 2013, 2018),
    "KL": (2011, 2016, 2021), "MH": (2009, 2014, 2019), "ML": (2013, 2018),
    "MN": (2012, 2017), "MP": (2008, 2013, 2018), "MZ": (2008, 2013, 2018),
    "NL": (2008, 2013, 2018), "OD": (2009, 2014, 2019), "PB": (2012, 2017),
    "PY": (2011, 2016, 2021), "RJ": (2008, 2013, 2018), "SK": (2009, 2014, 2019),
    "TN": (2011, 2016, 2021), "TR": (2013, 2018), "TS": (2014, 2018), "UK": (2012, 2017),
    "UP": (2012, 2017), "WB": (2011, 2021),  # WB 2016: the older file, see the docstring
}  # fmt: skip
_LS_YEARS = (2009, 2014, 2019)
_SEGMENT_YEARS: dict[str, tuple[int, ...]] = {
    code: _LS_YEARS for code in _ASSEMBLY_YEARS if code not in ("TS", "WB")
} | {"TS": (2019,), "WB": (2009, 2014)}  # WB 2019: the older file

_UNDIVIDED_AP = ("Andhra Pradesh", "Telangana")
_ANDHRA_NOTE = (
    "undivided Andhra Pradesh: ACs 1-119 filed under Telangana, 120-294 as Andhra Pradesh 1-175"
)

_NOTES: dict[str, str] = {
    "ap_assembly_2009": _ANDHRA_NOTE + "; 292 of 294 ACs: Prathipadu (155 = AP 36) and "
    "Gannavaram (165 = AP 46) are missing from the source",
    "ap_assembly_2014": "173 of 175 ACs: Prathipadu (36) and Gannavaram (46) are missing "
    "from the source (names shared with other ACs)",
    "ap_assembly_2019": "174 of 175 ACs: Gannavaram (46) is missing from the source",
    "ap_lok_sabha_2009_segments": _ANDHRA_NOTE,
    "ap_lok_sabha_2014_segments": _ANDHRA_NOTE + " (the election was held before the split)",
    "gj_assembly_2012": "181 of 182 ACs: Kalol (38, Gandhinagar) is missing from the source",
    "gj_assembly_2017": "181 of 182 ACs: Kalol (38, Gandhinagar) is missing from the source",
    "jk_assembly_2008": "87 ACs (before the 2022 delimitation)",
    "jk_assembly_2014": "87 ACs (before the 2022 delimitation)",
    "mz_assembly_2018": "no electors in the source",
    "od_assembly_2019": "146 of 147 ACs: Patkura (96) polled later",
    "rj_assembly_2018": "199 of 200 ACs: Ramgarh (67) polled later",
    "tn_assembly_2011": "233 of 234 ACs: Tirupattur (50) is missing from the source",
    "tn_assembly_2016": "231 of 234 ACs: Aravakurichi (134) and Thanjavur (174) polled later; "
    "Tirupattur (50) is missing from the source",
    "tn_assembly_2021": "AC 50 (Tirupattur) from ElectionLens' later layout",
    "wb_assembly_2021": "includes the two constituencies that polled later",
    "tn_lok_sabha_2019_segments": "228 segments: Vellore PC (ACs 43-48) polled later",
    "sk_lok_sabha_2009_segments": "31 segments: Sangha (32, monastic electorate) not counted "
    "by segment",
    "sk_lok_sabha_2014_segments": "31 segments: Sangha (32) has only zero rows (its votes "
    "are not counted by segment) and is left out",
    "sk_lok_sabha_2019_segments": "31 segments: Sangha (32, monastic electorate) not counted "
    "by segment",
}
for _y in _LS_YEARS:
    _NOTES[f"jk_lok_sabha_{_y}_segments"] = (
        "87 segments; the source's segments 88-90 (Kashmiri migrants' votes cast in Delhi, "
        "Udhampur and Jammu, one per valley PC) are left out"
    )


def dataset_name(code: str, year: int, kind: str) -> str:
    """Name of a corpus dataset.

    Args:
        code: state code (file or ISO spelling, any case: ``"TS"`` and ``"tg"`` both work).
        year: election year.
        kind: ``"assembly"`` or ``"lok_sabha_segments"``.

    Returns:
        E.g. ``dataset_name("UP", 2019, "lok_sabha_segments") == "up_lok_sabha_2019_segments"``.

    Raises:
        ValueError: another kind.
        KeyError: unknown state code.
    """
    iso = _iso(code).lower()
    if kind == "assembly":
        return f"{iso}_assembly_{year}"
    if kind == "lok_sabha_segments":
        return f"{iso}_lok_sabha_{year}_segments"
    raise ValueError(f"kind must be 'assembly' or 'lok_sabha_segments', got {kind!r}")


def _iso(code: str) -> str:
    return STATE_CODES[state_from_code(code)]


def _covers(code: str, year: int, kind: str) -> tuple[str, ...]:
    undivided = code == "AP" and (year < 2014 or (year == 2014 and kind == "lok_sabha_segments"))
    return _UNDIVIDED_AP if undivided else (state_from_code(code),)


def _nearest(candidates: list[DatasetInfo], year: int) -> DatasetInfo:
    return min(candidates, key=lambda info: (abs(info.year - year), info.year))


_EXCLUDED: dict[str, tuple[int, ...]] = {"JK": (88, 89, 90), "SK": (32,)}
"""Segment numbers that are not assembly constituencies (migrants' votes; Sangha)."""


def _corpus_info(code: str, year: int, kind: str) -> DatasetInfo:
    """The entry of one corpus file (``code`` as in its file name)."""
    state = "Andhra Pradesh" if code == "AP" else state_from_code(code)
    name = dataset_name(code, year, kind)
    if kind == "assembly":
        folder, source, layout = "assembly", "tcpd", "long"
        description = f"{state} Vidhan Sabha {year} (TCPD via ElectionLens)"
    else:
        folder, source, layout = "ls_segments", "electionlens", "segments"
        description = f"Lok Sabha {year} in {state} by assembly segment (EVM votes only)"
    return DatasetInfo(
        name,
        f"{folder}/{code}_{year}.csv.gz",
        source,
        "AC",
        layout,
        description,
        state,
        year,
        kind,
        split_andhra=code == "AP",
        covers=_covers(code, year, kind),
        excluded=_EXCLUDED.get(code, ()) if kind == "lok_sabha_segments" else (),
        note=_NOTES.get(name, ""),
    )


def _build() -> dict[str, DatasetInfo]:
    legacy_wb16 = DatasetInfo(
        "wb_assembly_2016",
        "wb_assembly_2016.csv.gz",
        "tcpd",
        "AC",
        "long",
        "West Bengal Vidhan Sabha 2016, 294 ACs (TCPD via ElectionLens)",
        "West Bengal",
        2016,
        "assembly",
        covers=("West Bengal",),
        pcs_from="wb_lok_sabha_2019_segments",
        note="the package's original file (with NOTA rows); 294 ACs",
    )
    legacy_wb19 = DatasetInfo(
        "wb_lok_sabha_2019_segments",
        "wb_lok_sabha_2019_ac_segments.csv.gz",
        "electionlens",
        "AC",
        "segments",
        "Lok Sabha 2019 in West Bengal by the 294 assembly segments (EVM votes only)",
        "West Bengal",
        2019,
        "lok_sabha_segments",
        covers=("West Bengal",),
        electors_from=("wb_assembly_2016",),
        note="electors from the 2016 roll (the package's original convention)",
    )
    assembly = [legacy_wb16] + [
        _corpus_info(code, year, "assembly") for code, ys in _ASSEMBLY_YEARS.items() for year in ys
    ]
    segments = [legacy_wb19] + [
        _corpus_info(code, year, "lok_sabha_segments")
        for code, ys in _SEGMENT_YEARS.items()
        for year in ys
    ]
    # borrowed electors and PCs: the nearest election of the other kind covering each state
    out: dict[str, DatasetInfo] = {}
    for info in segments:
        if info.electors_from:
            out[info.name] = info
            continue
        sources = []
        for state in info.covers:
            near = _nearest([a for a in assembly if state in a.covers], info.year).name
            if near not in sources:
                sources.append(near)
        out[info.name] = replace(info, electors_from=tuple(sources))
    for info in assembly:
        if info.pcs_from is None:
            pcs = _nearest([s for s in segments if set(info.covers) <= set(s.covers)], info.year)
            info = replace(info, pcs_from=pcs.name)
        out[info.name] = info
    out["lok_sabha_2019"] = DatasetInfo(
        "lok_sabha_2019",
        "lok_sabha_2019.csv.gz",
        "eci",
        "PC",
        "long",
        "Lok Sabha 2019, 542 PCs (Vellore, Tamil Nadu PC 8, missing)",
        None,
        2019,
        "lok_sabha",
        note="Vellore (Tamil Nadu PC 8) polled later and is missing",
    )
    out["lok_sabha_2014"] = DatasetInfo(
        "lok_sabha_2014",
        "lok_sabha_2014.csv.gz",
        "eci_upper",
        "PC",
        "long",
        "Lok Sabha 2014, 543 PCs (counting-day ECI scrape, no electors)",
        None,
        2014,
        "lok_sabha",
        split_andhra=True,
        note="counting-day scrape, no electors; undivided Andhra Pradesh split into "
        "Telangana PCs 1-17 and Andhra Pradesh 1-25",
    )
    return dict(sorted(out.items()))


DATASETS: Mapping[str, DatasetInfo] = MappingProxyType(_build())
"""Dataset name -> :class:`DatasetInfo`, sorted by name."""
