"""Load the shipped constituency-level election results into plain arrays.

Four datasets are shipped (gzipped CSV in ``sim/data/india/``, sources in
``sim/data/india/SOURCES.md`` and ``sim/data/ATTRIBUTION.md``):

========================================  =====  ==========================================
dataset                                   level  file / party spelling source
========================================  =====  ==========================================
``"wb_assembly_2016"``                    AC     ``wb_assembly_2016.csv.gz`` / ``"tcpd"``
``"lok_sabha_2019"``                      PC     ``lok_sabha_2019.csv.gz`` / ``"eci"``
``"lok_sabha_2014"``                      PC     ``lok_sabha_2014.csv.gz`` / ``"eci_upper"``
``"wb_lok_sabha_2019_segments"``          AC     ``wb_lok_sabha_2019_ac_segments.csv.gz`` /
                                                 ``"electionlens"``
========================================  =====  ==========================================

:func:`load_results` returns an :class:`ElectionResults`: one row per constituency, one column
per (canonical) party, plus the actual winners computed from the raw candidate rows.

Conventions and known distortions (they matter for a first-past-the-post replay):

* **Constituency ids** are ``"<state code>-<AC|PC>-<number:03d>"``, e.g. ``"WB-AC-001"`` or
  ``"UP-PC-063"``, with the state codes of :data:`STATE_CODES` (ISO 3166-2:IN style). The same
  West Bengal assembly constituency has the same id in ``wb_assembly_2016`` and
  ``wb_lok_sabha_2019_segments``; the same PC has the same id in both Lok Sabha datasets and
  in the ``"india_pc"`` map of :mod:`sim.plots.maps`.
* **Andhra Pradesh in 2014**: the 2014 file numbers undivided Andhra Pradesh's PCs 1-42. The
  constituencies (2008 delimitation) did not change when Telangana was created on 2 June 2014,
  so the loader files PCs 1-17 under Telangana (``TG-PC-001`` .. ``TG-PC-017``, same numbers)
  and PCs 18-42 under Andhra Pradesh as 1-25 (``AP-PC-001`` = Araku). This makes ids agree with
  2019 and with the map; ``state`` then says Telangana for those 17 PCs although the election
  was held in undivided Andhra Pradesh. ``source_number`` keeps the number as in the file.
* **Independents**: the ``IND`` column holds the votes of the *largest* independent candidate in
  the constituency; all other independents' votes are added to ``OTH``. FPTP needs the best
  single independent, not the sum of all of them (summing would make "IND" win seats that no
  independent won).
* **Small parties** are grouped into ``OTH``: a party is kept as its own column only if it has at
  least ``min_state_share`` of the valid votes (candidate votes, NOTA excluded) in at least one
  state of the file (states as in ``constituencies["state"]``, i.e. after the Andhra Pradesh
  split below). Grouping distorts FPTP: ``OTH`` is a sum of several candidates, so it can
  exceed a real candidate's votes, and a seat won by a grouped party (e.g. GJM's 3 seats in West
  Bengal 2016 at the default 1%) shows up as an ``OTH`` win in ``votes``. :attr:`winners`,
  :attr:`margin` and :meth:`ElectionResults.seats_won` are therefore computed from the raw
  candidate rows before any grouping. With ``min_state_share=0`` no party is grouped and the
  arg-max of a row of ``votes`` (over party columns and ``IND``) is the real winner.
* **Electors**: 2014 has none (``electors`` is ``<NA>``, ``turnout`` NaN). The segment file has
  none either: its ``electors`` are taken from the 2016 assembly file by AC number, i.e. the
  **2016 roll** (65.9 M electors against 70.0 M for West Bengal's 42 PCs in 2019), and its votes
  are **EVM votes only** (no postal ballots), so its ``turnout`` is a rough approximation that
  errs upwards.
* ``reserved`` is ``"GEN"``, ``"SC"``, ``"ST"`` or ``""``; a trailing ``"(SC)"``/``"(ST)"`` is
  removed from constituency names.
* Winner ties (none occur in the shipped files) are broken by file order.

Errors in a file raise :class:`sim.data.errors.DataError` naming the file, the 1-based line (the
header is line 1; blank lines count) and the column.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from sim.data.errors import DataError
from sim.data.parties import IND, NOTA, OTH, SPECIAL_IDS, canonical_party, is_mapped

__all__ = [
    "DATASETS",
    "STATE_CODES",
    "DatasetInfo",
    "ElectionResults",
    "available_datasets",
    "constituency_id",
    "known_party_ids",
    "load_results",
    "normalise_state",
    "state_code",
]


@dataclass(frozen=True)
class DatasetInfo:
    """Static description of a shipped dataset.

    Attributes:
        name: dataset name as passed to :func:`load_results`.
        file: file name inside ``sim/data/india/``.
        source: party-spelling source (a key of :data:`sim.data.parties.SOURCES`).
        level: ``"AC"`` (assembly constituency) or ``"PC"`` (parliamentary constituency).
        layout: ``"long"`` (``state, constituency_no, ...``) or ``"segments"``
            (``state, pc_no, pc_name, ac_no, ac_name, ...``).
        description: one line for humans.
        split_andhra: renumber undivided Andhra Pradesh (PCs 1-42) into Telangana 1-17 and
            Andhra Pradesh 1-25.
    """

    name: str
    file: str
    source: str
    level: str
    layout: str
    description: str
    split_andhra: bool = False


DATASETS: Mapping[str, DatasetInfo] = MappingProxyType(
    {
        "wb_assembly_2016": DatasetInfo(
            "wb_assembly_2016",
            "wb_assembly_2016.csv.gz",
            "tcpd",
            "AC",
            "long",
            "West Bengal Vidhan Sabha 2016, 294 ACs (TCPD via ElectionLens)",
        ),
        "lok_sabha_2019": DatasetInfo(
            "lok_sabha_2019",
            "lok_sabha_2019.csv.gz",
            "eci",
            "PC",
            "long",
            "Lok Sabha 2019, 542 PCs (Vellore, Tamil Nadu PC 8, missing)",
        ),
        "lok_sabha_2014": DatasetInfo(
            "lok_sabha_2014",
            "lok_sabha_2014.csv.gz",
            "eci_upper",
            "PC",
            "long",
            "Lok Sabha 2014, 543 PCs (counting-day ECI scrape, no electors)",
            split_andhra=True,
        ),
        "wb_lok_sabha_2019_segments": DatasetInfo(
            "wb_lok_sabha_2019_segments",
            "wb_lok_sabha_2019_ac_segments.csv.gz",
            "electionlens",
            "AC",
            "segments",
            "Lok Sabha 2019 in West Bengal by the 294 assembly segments (EVM votes only)",
        ),
    }
)
"""Dataset name -> :class:`DatasetInfo`."""

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


@dataclass(frozen=True, eq=False)
class ElectionResults:
    """Results of one election, one row per constituency and one column per party.

    All row-aligned fields (``constituencies``, ``votes``, ``winners``, ``margin``) are in the
    same order: by state, then constituency number.

    Attributes:
        dataset: the dataset name.
        source_file: the file that was read (package-relative for shipped data, else the path).
        source: the party-spelling source (key of :data:`sim.data.parties.SOURCES`).
        level: ``"AC"`` or ``"PC"``.
        min_state_share: the grouping threshold used (see module docstring).
        constituencies: DataFrame, one row per constituency, columns ``id`` (str, e.g.
            ``"WB-AC-001"``), ``state``, ``state_code``, ``number`` (int), ``source_number``
            (number as in the file), ``name``, ``reserved`` (``GEN``/``SC``/``ST``/``""``),
            ``district`` (``""`` where unknown), ``pc_id`` (the PC containing an AC, ``""`` if
            unknown; the id itself for PCs), ``electors`` (nullable ``Int64``; ``<NA>`` where the
            source has none), ``votes_total`` (int, all candidates + NOTA) and ``turnout``
            (float, ``votes_total / electors``; NaN where electors are unknown).
        parties: canonical ids of the columns of ``votes``: kept parties by total votes
            (descending), then ``IND``, ``OTH``, ``NOTA``.
        votes: int64 array (n_constituencies x n_parties), read-only.
        winners: canonical (ungrouped) party id of each constituency's winning candidate
            (``"IND"`` for an independent), from the raw candidate rows.
        margin: int64 array, winner's votes minus the runner-up's (the winner's votes if
            unopposed), read-only.
        grouped: canonical ids of the parties that were summed into ``OTH``.
        candidates: DataFrame of the raw candidate rows (NOTA included), columns ``id``
            (constituency id), ``line`` (line in the file), ``state``, ``candidate``,
            ``party_raw`` (as spelled in the file), ``party`` (canonical or derived id, before
            grouping), ``mapped`` (``party_raw`` is in the source's table) and ``votes``.
    """

    dataset: str
    source_file: str
    source: str
    level: str
    min_state_share: float
    constituencies: pd.DataFrame
    parties: tuple[str, ...]
    votes: np.ndarray
    winners: tuple[str, ...]
    margin: np.ndarray
    grouped: tuple[str, ...]
    candidates: pd.DataFrame

    @property
    def ids(self) -> list[str]:
        """Constituency ids in row order."""
        return self.constituencies["id"].tolist()

    @property
    def n_constituencies(self) -> int:
        """Number of constituencies (rows)."""
        return int(self.votes.shape[0])

    def column(self, party: str) -> int:
        """Index of a party's column in :attr:`votes`.

        Args:
            party: canonical id (one of :attr:`parties`).

        Returns:
            The column index.

        Raises:
            KeyError: the party is not a column (it may have been grouped into ``OTH``).
        """
        try:
            return self.parties.index(party)
        except ValueError:
            raise KeyError(f"{party!r} is not a column of {self.dataset}") from None

    def shares(self) -> pd.DataFrame:
        """Vote shares per constituency, NOTA excluded.

        Returns:
            DataFrame indexed by constituency id, one column per party of :attr:`parties`
            except ``NOTA``; every row sums to 1.
        """
        cols = [i for i, p in enumerate(self.parties) if p != NOTA]
        v = self.votes[:, cols].astype(np.float64)
        v /= v.sum(axis=1, keepdims=True)
        return pd.DataFrame(
            v,
            index=pd.Index(self.ids, name="id"),
            columns=[self.parties[i] for i in cols],
        )

    def state_shares(self) -> pd.DataFrame:
        """Vote shares per state, NOTA excluded, from the :attr:`votes` matrix.

        ``IND`` is therefore the sum of the largest independent of each constituency, and
        ``OTH`` includes all other independents.

        Returns:
            DataFrame indexed by state name (sorted), columns as :meth:`shares`; rows sum to 1.
        """
        cols = [i for i, p in enumerate(self.parties) if p != NOTA]
        df = (
            pd.DataFrame(self.votes[:, cols], columns=[self.parties[i] for i in cols])
            .groupby(self.constituencies["state"].to_numpy())
            .sum()
        )
        df.index.name = "state"
        return df.div(df.sum(axis=1), axis=0)

    def seats_won(self) -> dict[str, int]:
        """Seats won per party, from the raw winners (before grouping).

        Returns:
            Party id -> seats, sorted by seats (descending), then id.
        """
        counts: dict[str, int] = {}
        for w in self.winners:
            counts[w] = counts.get(w, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def winner_map(self) -> dict[str, str]:
        """Constituency id -> winning party id (handy for :func:`sim.plots.maps.plot_choropleth`).

        Returns:
            The mapping, in row order.
        """
        return dict(zip(self.ids, self.winners, strict=True))


# --------------------------------------------------------------------------------------------
# parsing

_LONG_REQUIRED = ("state", "constituency_no", "constituency_name", "candidate", "party", "votes")
_LONG_OPTIONAL = ("district", "reserved", "electors")
_SEG_REQUIRED = ("state", "pc_no", "pc_name", "ac_no", "ac_name", "candidate", "party", "votes")

_UINT = re.compile(r"[0-9]{1,15}")  # ASCII digits; 15 digits cannot overflow int64
_RESERVED_SUFFIX = re.compile(r"\s*\((SC|ST)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Parsed:
    """Validated rows of one file, before grouping (cached per file)."""

    info: DatasetInfo
    source_file: str
    constituencies: pd.DataFrame  # without votes_total/turnout
    candidates: pd.DataFrame  # with integer 'row' (constituency row index)
    winners: tuple[str, ...]
    margin: np.ndarray


def _package_file(info: DatasetInfo) -> Path:
    return Path(str(resources.files("sim.data") / "india" / info.file))


def _read_csv(path: Path, shown: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            compression="infer",
            encoding="utf-8-sig",
        )
    except FileNotFoundError:
        raise DataError(shown, "an existing CSV file (file not found)") from None
    except pd.errors.EmptyDataError:
        raise DataError(shown, "a CSV header", line=1, got="empty file") from None
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        raise DataError(shown, "a well-formed CSV row", line=line, got=str(exc)) from None
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise DataError(shown, "a UTF-8 CSV file (plain or gzip)", got=str(exc)) from None
    df.columns = [str(c).strip() for c in df.columns]
    for c in df.columns:
        df[c] = df[c].astype(str).str.strip()
    # drop blank lines at the end of the file (blank lines elsewhere are reported as errors)
    empty = (df == "").all(axis=1).to_numpy()
    n = len(df)
    while n and empty[n - 1]:
        n -= 1
    return df.iloc[:n].reset_index(drop=True) if n < len(df) else df


def _require_columns(df: pd.DataFrame, required: tuple[str, ...], shown: str) -> None:
    for col in required:
        if col not in df.columns:
            raise DataError(
                shown,
                f"a header with a {col!r} column",
                line=1,
                column=col,
                got=",".join(df.columns),
            )


def _first_bad(mask: np.ndarray) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if idx.size else None


def _check_uint(
    df: pd.DataFrame, col: str, shown: str, *, allow_empty: bool = False, positive: bool = False
) -> np.ndarray:
    """Validate a column of non-negative integers; return int64 values (-1 for empty)."""
    s = df[col]
    ok = np.array(s.str.fullmatch(_UINT.pattern), dtype=bool)
    if allow_empty:
        ok = ok | np.array(s == "", dtype=bool)
    bad = _first_bad(~ok)
    if bad is not None:
        what = "a positive integer" if positive else "a non-negative integer"
        if allow_empty:
            what += " or an empty field"
        raise DataError(shown, what, line=bad + 2, column=col, got=s.iloc[bad])
    out = np.where(s == "", "-1", s).astype(np.int64)
    if positive:
        bad = _first_bad(out == 0)
        if bad is not None:
            raise DataError(shown, "a positive integer", line=bad + 2, column=col, got=s.iloc[bad])
    return out


def _check_nonempty(df: pd.DataFrame, col: str, shown: str, what: str) -> None:
    bad = _first_bad((df[col] == "").to_numpy())
    if bad is not None:
        raise DataError(shown, what, line=bad + 2, column=col, got="")


def _check_constant(df: pd.DataFrame, key: np.ndarray, col: str, shown: str, what: str) -> None:
    """Every row of a constituency (same ``key``) must have the same value of ``col``."""
    vals = df[col].to_numpy()
    first_pos = pd.Series(np.arange(len(df))).groupby(key).transform("first").to_numpy()
    bad = _first_bad(vals != vals[first_pos])
    if bad is not None:
        ref = first_pos[bad]
        raise DataError(
            shown,
            f"the same {what} on every row of a constituency ({vals[ref]!r} on line {ref + 2})",
            line=bad + 2,
            column=col,
            got=vals[bad],
        )


def _clean_name(name: str) -> str:
    return _RESERVED_SUFFIX.sub("", name).strip()


@functools.lru_cache(maxsize=8)
def _segment_lookup() -> pd.DataFrame:
    """AC number -> pc_no, pc_name from the shipped segment file (West Bengal)."""
    info = DATASETS["wb_lok_sabha_2019_segments"]
    df = _read_csv(_package_file(info), f"sim/data/india/{info.file}")
    out = df[["ac_no", "pc_no"]].drop_duplicates("ac_no")
    return pd.DataFrame(
        {"pc_no": out["pc_no"].astype(int).to_numpy()}, index=out["ac_no"].astype(int).to_numpy()
    )


@functools.lru_cache(maxsize=8)
def _wb_assembly_lookup() -> pd.DataFrame:
    """AC number -> electors, reserved, district from the shipped 2016 assembly file."""
    res = _parse("wb_assembly_2016", None)
    c = res.constituencies
    return c.set_index("number")[["electors", "reserved", "district"]]


def _parse_frame(info: DatasetInfo, df: pd.DataFrame, shown: str) -> _Parsed:
    """Validate and normalise the rows of one file."""
    if info.layout == "segments":
        _require_columns(df, _SEG_REQUIRED, shown)
        num_col, name_col = "ac_no", "ac_name"
    else:
        _require_columns(df, _LONG_REQUIRED, shown)
        num_col, name_col = "constituency_no", "constituency_name"
        for col in _LONG_OPTIONAL:
            if col not in df.columns:
                df[col] = ""

    n = len(df)
    if n == 0:
        raise DataError(shown, "at least one data row", line=2, got="no rows")

    # --- states
    _check_nonempty(df, "state", shown, "a state name")
    states_raw = df["state"].to_numpy()
    uniq = pd.unique(states_raw)
    canon: dict[str, str] = {}
    for s in uniq:
        try:
            canon[s] = normalise_state(s)
        except KeyError:
            bad = int(np.flatnonzero(states_raw == s)[0])
            raise DataError(
                shown,
                "a known Indian state or union territory",
                line=bad + 2,
                column="state",
                got=s,
            ) from None
    state = np.array([canon[s] for s in states_raw], dtype=object)

    # --- numbers, votes, electors
    number = _check_uint(df, num_col, shown, positive=True)
    votes = _check_uint(df, "votes", shown)
    _check_nonempty(df, "party", shown, "a party name (IND for independents, NOTA for NOTA)")
    _check_nonempty(df, name_col, shown, "a constituency name")
    if info.layout == "segments":
        pc_no = _check_uint(df, "pc_no", shown, positive=True)
        electors = np.full(n, -1, dtype=np.int64)
    else:
        electors = _check_uint(df, "electors", shown, allow_empty=True)
        pc_no = None

    source_number = number.copy()
    if info.split_andhra:
        ap = state == "Andhra Pradesh"
        if ap.any() and number[ap].max() > 25:
            tg = ap & (number <= 17)
            state[tg] = "Telangana"
            number = np.where(ap & (number > 17), number - 17, number)

    keys = pd.DataFrame({"state": state, "number": number})
    codes = keys.groupby(["state", "number"], sort=True).ngroup().to_numpy(dtype=np.int64)
    uniques = keys.drop_duplicates().sort_values(["state", "number"]).to_numpy()
    n_const = len(uniques)

    # per-constituency consistency
    _check_constant(df, codes, name_col, shown, "constituency name")
    if info.layout == "segments":
        _check_constant(df, codes, "pc_no", shown, "pc_no")
    else:
        bad_row = _first_bad(~df["reserved"].isin(["", "GEN", "SC", "ST"]).to_numpy())
        if bad_row is not None:
            raise DataError(
                shown,
                "GEN, SC, ST or an empty field",
                line=bad_row + 2,
                column="reserved",
                got=df["reserved"].iloc[bad_row],
            )
        _check_constant(df, codes, "electors", shown, "electors value")
        _check_constant(df, codes, "reserved", shown, "reserved value")

    # --- parties
    party_raw = df["party"].to_numpy()
    pairs = pd.unique(pd.Series(list(zip(state, party_raw, strict=True))))
    mapping = {
        (s, p): (canonical_party(p, info.source, s), is_mapped(p, info.source, s)) for s, p in pairs
    }
    party = np.array([mapping[(s, p)][0] for s, p in zip(state, party_raw, strict=True)])
    mapped = np.array([mapping[(s, p)][1] for s, p in zip(state, party_raw, strict=True)])
    is_nota = party == NOTA

    # a constituency needs at least one candidate
    has_cand = np.zeros(n_const, dtype=bool)
    has_cand[codes[~is_nota]] = True
    if not has_cand.all():
        c = int(np.flatnonzero(~has_cand)[0])
        row = int(np.flatnonzero(codes == c)[0])
        raise DataError(
            shown,
            f"at least one candidate row (not NOTA) for constituency {df[num_col].iloc[row]} "
            f"{df[name_col].iloc[row]!r}",
            line=row + 2,
            column="party",
            got=party_raw[row],
        )
    valid = np.bincount(codes[~is_nota], weights=votes[~is_nota], minlength=n_const)
    if (valid == 0).any():
        c = int(np.flatnonzero(valid == 0)[0])
        row = int(np.flatnonzero(codes == c)[0])
        raise DataError(
            shown,
            "at least one vote for a candidate in the constituency",
            line=row + 2,
            column="votes",
            got=df["votes"].iloc[row],
        )

    # --- winners and margins from raw candidate rows (ties: file order)
    cand_pos = np.flatnonzero(~is_nota)
    order = cand_pos[np.lexsort((cand_pos, -votes[cand_pos], codes[cand_pos]))]
    oc = codes[order]
    first = np.r_[True, oc[1:] != oc[:-1]]
    top = order[first]
    second_flag = np.r_[False, first[:-1]] & ~first
    winner_votes = votes[top]
    runner = np.zeros(n_const, dtype=np.int64)
    runner[oc[second_flag]] = votes[order[second_flag]]
    margin = winner_votes - runner
    winners = tuple(str(party[i]) for i in top)

    # --- constituency table
    first_row = np.array(pd.Series(np.arange(n)).groupby(codes).first().to_numpy(), dtype=np.int64)
    c_state = [uniques[i][0] for i in range(n_const)]
    c_number = np.array([uniques[i][1] for i in range(n_const)], dtype=np.int64)
    c_codes = [STATE_CODES[s] for s in c_state]
    ids = [constituency_id(cc, info.level, num) for cc, num in zip(c_codes, c_number, strict=True)]
    names = [_clean_name(df[name_col].iloc[r]) for r in first_row]
    cons = pd.DataFrame(
        {
            "id": ids,
            "state": c_state,
            "state_code": c_codes,
            "number": c_number,
            "source_number": source_number[first_row],
            "name": names,
        }
    )
    if info.layout == "segments":
        assert pc_no is not None  # read above for segment files
        pc_ids = [
            constituency_id(cc, "PC", p) for cc, p in zip(c_codes, pc_no[first_row], strict=True)
        ]
        cons["pc_id"] = pc_ids
        lookup = _wb_assembly_lookup()
        wb = np.array([s == "West Bengal" for s in c_state])
        joined = lookup.reindex(c_number)
        cons["reserved"] = np.where(wb, joined["reserved"].fillna("").to_numpy(), "")
        cons["district"] = np.where(wb, joined["district"].fillna("").to_numpy(), "")
        el = joined["electors"].astype("Int64").to_numpy()
        cons["electors"] = pd.array(np.where(wb, el, pd.NA), dtype="Int64")
    else:
        cons["reserved"] = df["reserved"].to_numpy()[first_row]
        cons["district"] = df["district"].to_numpy()[first_row]
        el = electors[first_row]
        cons["electors"] = pd.array(np.where(el < 0, pd.NA, el), dtype="Int64")
        if info.level == "PC":
            cons["pc_id"] = ids
        else:
            cons["pc_id"] = _ac_pc_ids(c_codes, c_number)
    cons = cons[
        [
            "id",
            "state",
            "state_code",
            "number",
            "source_number",
            "name",
            "reserved",
            "district",
            "pc_id",
            "electors",
        ]
    ]

    candidates = pd.DataFrame(
        {
            "id": np.array(ids, dtype=object)[codes],
            "row": codes,
            "line": np.arange(n, dtype=np.int64) + 2,
            "state": state,
            "candidate": df["candidate"].to_numpy(),
            "party_raw": party_raw,
            "party": party,
            "mapped": mapped,
            "votes": votes,
        }
    )
    margin.setflags(write=False)
    return _Parsed(info, shown, cons, candidates, winners, margin)


def _ac_pc_ids(codes: list[str], numbers: np.ndarray) -> list[str]:
    """PC ids of West Bengal ACs (2008 delimitation, from the shipped segment file)."""
    lookup = _segment_lookup()
    out = []
    for cc, num in zip(codes, numbers, strict=True):
        if cc == "WB" and int(num) in lookup.index:
            out.append(constituency_id("WB", "PC", int(lookup.at[int(num), "pc_no"])))
        else:
            out.append("")
    return out


@functools.lru_cache(maxsize=32)
def _parse(dataset: str, path_key: tuple[str, int, int] | None) -> _Parsed:
    info = DATASETS[dataset]
    if path_key is None:
        path = _package_file(info)
        shown = f"sim/data/india/{info.file}"
    else:
        path = Path(path_key[0])
        shown = path_key[0]
    df = _read_csv(path, shown)
    return _parse_frame(info, df, shown)


def _group(parsed: _Parsed, min_state_share: float) -> ElectionResults:
    """Build the party matrix with grouping into OTH."""
    cand = parsed.candidates
    cons = parsed.constituencies.copy()
    n_const = len(cons)
    party = cand["party"].to_numpy()
    votes = cand["votes"].to_numpy()
    rows = cand["row"].to_numpy()
    is_nota = party == NOTA
    is_ind = party == IND

    # which parties are kept: share of valid votes in at least one state
    valid = ~is_nota
    st = pd.DataFrame(
        {"state": cand["state"].to_numpy()[valid], "party": party[valid], "votes": votes[valid]}
    )
    by = st.groupby(["state", "party"], sort=False)["votes"].sum()
    state_tot = by.groupby(level=0).transform("sum")
    share = (by / state_tot).groupby(level=1).max()
    kept = {p for p, s in share.items() if p not in SPECIAL_IDS and s >= min_state_share}
    grouped = tuple(sorted(p for p in share.index if p not in SPECIAL_IDS and p not in kept))

    # largest independent per constituency -> IND, the others -> OTH
    col_of_row = np.empty(len(cand), dtype=object)
    col_of_row[:] = OTH
    for p in kept:
        col_of_row[party == p] = p
    col_of_row[is_nota] = NOTA
    ind_pos = np.flatnonzero(is_ind)
    if ind_pos.size:
        o = ind_pos[np.lexsort((ind_pos, -votes[ind_pos], rows[ind_pos]))]
        first = np.r_[True, rows[o][1:] != rows[o][:-1]]
        col_of_row[o[first]] = IND

    totals: dict[str, int] = {}
    for p in kept:
        totals[p] = int(votes[party == p].sum())
    ordered = sorted(kept, key=lambda p: (-totals[p], p))
    parties = (*ordered, IND, OTH, NOTA)
    col_index = {p: i for i, p in enumerate(parties)}
    cols = np.fromiter((col_index[c] for c in col_of_row), dtype=np.int64, count=len(cand))
    mat = np.zeros((n_const, len(parties)), dtype=np.int64)
    np.add.at(mat, (rows, cols), votes)
    mat.setflags(write=False)

    vt = mat.sum(axis=1)
    cons["votes_total"] = vt
    el = cons["electors"].to_numpy(dtype=np.float64, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        cons["turnout"] = np.where(el > 0, vt / el, np.nan)

    return ElectionResults(
        dataset=parsed.info.name,
        source_file=parsed.source_file,
        source=parsed.info.source,
        level=parsed.info.level,
        min_state_share=min_state_share,
        constituencies=cons,
        parties=parties,
        votes=mat,
        winners=parsed.winners,
        margin=parsed.margin,
        grouped=grouped,
        candidates=cand.drop(columns=["row"]),
    )


@functools.lru_cache(maxsize=64)
def _load_cached(
    dataset: str, min_state_share: float, path_key: tuple[str, int, int] | None
) -> ElectionResults:
    return _group(_parse(dataset, path_key), min_state_share)


def _path_key(path: Path | str | None) -> tuple[str, int, int] | None:
    if path is None:
        return None
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return (str(p), -1, -1)
    return (str(p), st.st_mtime_ns, st.st_size)


def load_results(
    dataset: str, *, min_state_share: float = 0.01, path: Path | str | None = None
) -> ElectionResults:
    """Load one election's results.

    Parsed files are cached (keyed by dataset, threshold and, for ``path``, the file's path,
    modification time and size). Each call returns fresh copies of the DataFrames; the numpy
    arrays are shared and read-only.

    Args:
        dataset: one of :func:`available_datasets`. Also selects the file layout and the
            party-spelling source when ``path`` is given.
        min_state_share: parties below this share of the valid votes (NOTA excluded) in every
            state of the file are grouped into ``OTH``; ``0`` keeps every party.
        path: read this CSV (plain or ``.gz``) instead of the shipped file, e.g. for tests.

    Returns:
        The :class:`ElectionResults`.

    Raises:
        KeyError: unknown dataset.
        ValueError: ``min_state_share`` outside [0, 1].
        DataError: the file is malformed (the message names file, line and column).
    """
    if dataset not in DATASETS:
        raise KeyError(f"unknown dataset {dataset!r}; available: {available_datasets()}")
    share = float(min_state_share)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"min_state_share must be in [0, 1], got {min_state_share!r}")
    res = _load_cached(dataset, share, _path_key(path))
    return dataclasses.replace(
        res, constituencies=res.constituencies.copy(), candidates=res.candidates.copy()
    )


def available_datasets() -> list[str]:
    """Names of the shipped datasets.

    Returns:
        The names accepted by :func:`load_results`, sorted.
    """
    return sorted(DATASETS)


def known_party_ids(dataset: str) -> set[str]:
    """All party ids that occur in a dataset (before grouping), plus ``IND``, ``OTH``, ``NOTA``.

    Use it to check that a configuration only names parties that exist in the data. Derived
    ids of unmapped small parties are included.

    Args:
        dataset: one of :func:`available_datasets`.

    Returns:
        The set of ids.
    """
    if dataset not in DATASETS:
        raise KeyError(f"unknown dataset {dataset!r}; available: {available_datasets()}")
    parsed = _parse(dataset, None)
    return set(parsed.candidates["party"].unique()) | {IND, OTH, NOTA}
