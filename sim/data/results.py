"""Load the shipped constituency-level election results into plain arrays.

176 datasets are shipped (gzipped CSV in ``sim/data/india/``, sources in
``sim/data/india/SOURCES.md`` and ``sim/data/ATTRIBUTION.md``); :mod:`sim.data.datasets` names
them and :mod:`sim.data.catalog` lists them:

==========================================  =====  ========================================
dataset                                     level  file / party spelling source
==========================================  =====  ========================================
``"<code>_assembly_<year>"`` (83)           AC     ``assembly/<CODE>_<YEAR>.csv.gz`` /
                                                   ``"tcpd"`` (``wb_assembly_2016``:
                                                   ``wb_assembly_2016.csv.gz``)
``"<code>_lok_sabha_<year>_segments"`` (91) AC     ``ls_segments/<CODE>_<YEAR>.csv.gz`` /
                                                   ``"electionlens"``
                                                   (``wb_lok_sabha_2019_segments``:
                                                   ``wb_lok_sabha_2019_ac_segments.csv.gz``)
``"lok_sabha_2019"``                        PC     ``lok_sabha_2019.csv.gz`` / ``"eci"``
``"lok_sabha_2014"``                        PC     ``lok_sabha_2014.csv.gz`` / ``"eci_upper"``
==========================================  =====  ========================================

:func:`load_results` returns an :class:`ElectionResults`: one row per constituency, one column
per (canonical) party, plus the actual winners computed from the raw candidate rows. Files are
read lazily, the first time a dataset is loaded, and the parse is cached per file.

Conventions and known distortions (they matter for a first-past-the-post replay):

* **Constituency ids** are ``"<state code>-<AC|PC>-<number:03d>"``, e.g. ``"WB-AC-001"`` or
  ``"UP-PC-063"``, with the state codes of :data:`STATE_CODES` (ISO 3166-2:IN style). Every
  assembly election and every segment file of a state share ids (all use the 2008
  delimitation); the same PC has the same id in both Lok Sabha datasets and in the
  ``"india_pc"`` map of :mod:`sim.plots.maps`.
* **Undivided Andhra Pradesh** (``lok_sabha_2014``; ``ap_assembly_2009``,
  ``ap_lok_sabha_2009_segments``, ``ap_lok_sabha_2014_segments``): the constituencies did not
  change when Telangana was created on 2 June 2014, so the loader files PCs 1-17 under
  Telangana (``TG-PC-001`` .. ``TG-PC-017``) and PCs 18-42 under Andhra Pradesh as 1-25
  (``AP-PC-001`` = Araku), and likewise ACs 1-119 under Telangana and ACs 120-294 as Andhra
  Pradesh 1-175. This makes ids agree with the later elections and with the map; ``state``
  then says Telangana for those rows although the election was held in undivided Andhra
  Pradesh. ``source_number`` keeps the number as in the file.
* **Independents**: the ``IND`` column holds the votes of the *largest* independent candidate in
  the constituency; all other independents' votes are added to ``OTH``. FPTP needs the best
  single independent, not the sum of all of them (summing would make "IND" win seats that no
  independent won).
* **Small parties** are grouped into ``OTH``: a party is kept as its own column only if it has at
  least ``min_state_share`` of the valid votes (candidate votes, NOTA excluded) in at least one
  state of the file (states as in ``constituencies["state"]``, i.e. after the Andhra Pradesh
  split above). Grouping distorts FPTP: ``OTH`` is a sum of several candidates, so it can
  exceed a real candidate's votes, and a seat won by a grouped party (e.g. GJM's 3 seats in West
  Bengal 2016 at the default 1%) shows up as an ``OTH`` win in ``votes``. :attr:`winners`,
  :attr:`margin` and :meth:`ElectionResults.seats_won` are therefore computed from the raw
  candidate rows before any grouping. With ``min_state_share=0`` no party is grouped and the
  arg-max of a row of ``votes`` (over party columns and ``IND``) is the real winner.
* **Electors**: ``lok_sabha_2014`` has none (``electors`` is ``<NA>``, ``turnout`` NaN), nor has
  Mizoram 2018. Segment files have none either: each row takes ``electors``, ``reserved`` and
  ``district`` from the assembly election of its state nearest in time
  (:attr:`sim.data.datasets.DatasetInfo.electors_from`; ``wb_lok_sabha_2019_segments`` uses the
  **2016 roll**, 65.9 M electors against 70.0 M for West Bengal's 42 PCs in 2019), and their
  votes are **EVM votes only** (no postal ballots), so their ``turnout`` is a rough
  approximation. A segment the borrowed election lacks (e.g. Gujarat's Kalol) has ``<NA>``.
* **Segments that are not constituencies** are left out (``DatasetInfo.excluded``): Jammu &
  Kashmir's migrant "segments" 88-90 and Sikkim's Sangha (32), whose votes are not counted
  by segment.
* ``reserved`` is ``"GEN"``, ``"SC"``, ``"ST"``, ``"BL"`` (Sikkim's Bhutia-Lepcha seats) or
  ``""``; a trailing ``"(SC)"``/``"(ST)"`` is removed from constituency names.
* Winner ties (none occur in the shipped files) are broken by file order.

Errors in a file raise :class:`sim.data.errors.DataError` naming the file, the 1-based line (the
header is line 1; blank lines count) and the column.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from sim.data.datasets import DATASETS, DatasetInfo
from sim.data.errors import DataError
from sim.data.parties import IND, NOTA, OTH, SPECIAL_IDS, canonical_party, is_mapped
from sim.data.states import STATE_CODES, constituency_id, normalise_state, state_code

__all__ = [
    "DATASETS",
    "STATE_CODES",
    "DatasetInfo",
    "ElectionResults",
    "available_datasets",
    "clear_caches",
    "constituency_id",
    "known_party_ids",
    "load_results",
    "normalise_state",
    "state_code",
]



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
            (number as in the file), ``name``, ``reserved`` (``GEN``/``SC``/``ST``/``BL``/``""``),
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
            except ``NOTA``; every row sums to 1. A candidate returned unopposed (no poll,
            no votes: see :attr:`unopposed`) has a share of 1.
        """
        cols = [i for i, p in enumerate(self.parties) if p != NOTA]
        names = [self.parties[i] for i in cols]
        v = self.votes[:, cols].astype(np.float64)
        total = v.sum(axis=1, keepdims=True)
        for r in np.flatnonzero(total[:, 0] == 0):  # unopposed: the winner has it all
            w = self.winners[r]
            v[r, names.index(w if w in names else OTH)] = total[r, 0] = 1.0
        v /= total
        return pd.DataFrame(
            v,
            index=pd.Index(self.ids, name="id"),
            columns=[self.parties[i] for i in cols],
        )

    @property
    def unopposed(self) -> np.ndarray:
        """Boolean per constituency: the winner was returned unopposed (no poll, no votes)."""
        cols = [i for i, p in enumerate(self.parties) if p != NOTA]
        return self.votes[:, cols].sum(axis=1) == 0

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

_RESERVED = ("", "GEN", "SC", "ST", "BL")  # BL: Sikkim's Bhutia-Lepcha seats
_UINT = re.compile(r"[0-9]{1,15}")  # ASCII digits; 15 digits cannot overflow int64
_RESERVED_SUFFIX = re.compile(r"\s*\((SC|ST|GEN|S\.C\.|S\.T\.)\)\s*$", re.IGNORECASE)


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
    return Path(str(resources.files("sim.data").joinpath("india", *info.file.split("/"))))


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


def _line(df: pd.DataFrame, pos: int) -> int:
    """1-based line in the file of row ``pos`` of ``df`` (the header is line 1)."""
    return int(df.index[pos]) + 2


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
        raise DataError(shown, what, line=_line(df, bad), column=col, got=s.iloc[bad])
    out = np.where(s == "", "-1", s).astype(np.int64)
    if positive:
        bad = _first_bad(out == 0)
        if bad is not None:
            raise DataError(
                shown, "a positive integer", line=_line(df, bad), column=col, got=s.iloc[bad]
            )
    return out


def _check_nonempty(df: pd.DataFrame, col: str, shown: str, what: str) -> None:
    bad = _first_bad((df[col] == "").to_numpy())
    if bad is not None:
        raise DataError(shown, what, line=_line(df, bad), column=col, got="")


def _check_constant(df: pd.DataFrame, key: np.ndarray, col: str, shown: str, what: str) -> None:
    """Every row of a constituency (same ``key``) must have the same value of ``col``."""
    vals = df[col].to_numpy()
    _, first_of_key, inverse = np.unique(key, return_index=True, return_inverse=True)
    first_pos = first_of_key[inverse]
    bad = _first_bad(vals != vals[first_pos])
    if bad is not None:
        ref = first_pos[bad]
        raise DataError(
            shown,
            f"the same {what} on every row of a constituency "
            f"({vals[ref]!r} on line {_line(df, ref)})",
            line=_line(df, bad),
            column=col,
            got=vals[bad],
        )


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _clean_name(name).lower())


def _segment_names(df: pd.DataFrame, key: np.ndarray, col: str, shown: str) -> list[str]:
    """Each segment's name (in the order of ``key``); its rows must spell it compatibly.

    ElectionLens spells a segment's name differently on the rows of different candidates
    (``T`` / ``T.Narasipur``, ``Ratabari`` / ``Ratabari (SC)``, ``Meerut Cantt`` / ``Meerut
    Cantt.``), so the rows must agree only up to one spelling being a prefix of the other
    (ignoring case, punctuation and a reservation suffix) or differing by a typo (similarity
    at least 0.8: ``Dhamamgaon railway``); the longest spelling is the name.
    """
    raw = df[col].to_numpy()
    spellings = pd.DataFrame({"key": key, "name": raw}).drop_duplicates()
    first = spellings.drop_duplicates("key").set_index("key")["name"].sort_index()
    names = [str(x) for x in first.to_numpy()]
    variants = spellings[spellings["key"].duplicated(keep=False)]
    for k_row, group in variants.groupby("key", sort=True):
        found = group["name"].tolist()
        norm = [_name_key(x) for x in found]
        best = max(range(len(found)), key=lambda i: (len(norm[i]), -i))
        for i, k in enumerate(norm):
            ref = norm[best]
            if not ref.startswith(k) and SequenceMatcher(None, k, ref).ratio() < 0.8:
                in_group = key == k_row
                pos = int(np.flatnonzero(in_group & (raw == found[i]))[0])
                ref_pos = int(np.flatnonzero(in_group & (raw == found[best]))[0])
                raise DataError(
                    shown,
                    "the same constituency name on every row of a constituency, up to "
                    f"abbreviation ({found[best]!r} on line {_line(df, ref_pos)})",
                    line=_line(df, pos),
                    column=col,
                    got=found[i],
                )
        names[int(np.searchsorted(first.index.to_numpy(), k_row))] = str(found[best])
    return names


def _clean_name(name: str) -> str:
    return _RESERVED_SUFFIX.sub("", name).strip()


_ANDHRA_TELANGANA = {"PC": 17, "AC": 119}
"""Constituencies of undivided Andhra Pradesh (2008 numbering) that are Telangana's: the first
17 PCs and the first 119 ACs; the rest are Andhra Pradesh's, renumbered from 1."""
_ANDHRA_RESIDUAL = {"PC": 25, "AC": 175}


def _split_andhra(
    state: np.ndarray, number: np.ndarray, level: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """File undivided Andhra Pradesh's rows under Telangana and Andhra Pradesh.

    Only applies when the file numbers the undivided state (an Andhra Pradesh number above the
    residual state's count).

    Returns:
        The new states and numbers, and the mask of the Andhra Pradesh rows renumbered by the
        split (all-False when the file is not undivided).
    """
    ap = state == "Andhra Pradesh"
    if not ap.any() or number[ap].max() <= _ANDHRA_RESIDUAL[level]:
        return state, number, np.zeros(len(state), dtype=bool)
    k = _ANDHRA_TELANGANA[level]
    state = state.copy()
    state[ap & (number <= k)] = "Telangana"
    return state, np.where(ap & (number > k), number - k, number), ap


@functools.cache  # one entry per shipped file
def _pc_lookup(dataset: str) -> dict[str, str]:
    """AC id -> PC id from a shipped segment file (its state and number columns)."""
    info = DATASETS[dataset]
    shown = f"sim/data/india/{info.file}"
    df = _read_csv(_package_file(info), shown)
    df = df.drop_duplicates(["state", "ac_no"])
    state = np.array([normalise_state(x) for x in df["state"]], dtype=object)
    ac = _check_uint(df, "ac_no", shown, positive=True)
    pc = _check_uint(df, "pc_no", shown, positive=True)
    state, ac, split = _split_andhra(state, ac, "AC")
    pc = np.where(split & (pc > _ANDHRA_TELANGANA["PC"]), pc - _ANDHRA_TELANGANA["PC"], pc)
    codes = [STATE_CODES[x] for x in state]
    return {
        constituency_id(c, "AC", a): constituency_id(c, "PC", q)
        for c, a, q in zip(codes, ac, pc, strict=True)
    }


def _ac_pc_ids(info: DatasetInfo, ids: list[str]) -> list[str]:
    """PC ids of an assembly file's ACs: from :attr:`DatasetInfo.pcs_from`, else (an AC that
    file lacks, e.g. Sikkim's Sangha) from the other segment files of the same states."""
    if info.pcs_from is None:
        return [""] * len(ids)
    pcs = _pc_lookup(info.pcs_from)
    if all(i in pcs for i in ids):
        return [pcs[i] for i in ids]
    others = sorted(
        (o for o in DATASETS.values() if o.layout == "segments" and o.covers == info.covers),
        key=lambda o: (abs(o.year - info.year), o.year),
    )
    merged: dict[str, str] = {}
    for other in reversed(others):
        merged |= _pc_lookup(other.name)
    merged |= pcs
    return [merged.get(i, "") for i in ids]


@functools.cache  # one entry per shipped file
def _assembly_lookup(dataset: str) -> pd.DataFrame:
    """AC id -> electors, reserved, district of a shipped assembly election."""
    c = _parse(dataset, None).constituencies
    return c.set_index("id")[["electors", "reserved", "district"]]


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
                line=_line(df, bad),
                column="state",
                got=s,
            ) from None
    state = np.array([canon[s] for s in states_raw], dtype=object)

    # --- numbers, votes, electors
    number = _check_uint(df, num_col, shown, positive=True)
    if info.excluded:
        keep = ~np.isin(number, info.excluded)
        if not keep.all():  # rows keep their index, so lines in messages stay right
            df, state, number = df[keep], state[keep], number[keep]
            n = len(df)
            if n == 0:
                raise DataError(shown, "rows of at least one constituency", got="no rows")
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
        state, number, split = _split_andhra(state, number, info.level)
        if pc_no is not None:
            k = _ANDHRA_TELANGANA["PC"]
            pc_no = np.where(split & (pc_no > k), pc_no - k, pc_no)

    # constituency code of each row, in (state, number) order
    state_names, state_idx = np.unique(state.astype(str), return_inverse=True)
    key = state_idx.astype(np.int64) * (int(number.max()) + 1) + number
    unique_keys, codes = np.unique(key, return_inverse=True)
    codes = codes.astype(np.int64)
    first_row = np.zeros(len(unique_keys), dtype=np.int64)
    first_row[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    uniques = [(str(state_names[state_idx[r]]), int(number[r])) for r in first_row]
    n_const = len(uniques)

    # per-constituency consistency
    if info.layout == "segments":
        names_of = _segment_names(df, codes, name_col, shown)
    else:
        _check_constant(df, codes, name_col, shown, "constituency name")
    if info.layout == "segments":
        _check_constant(df, codes, "pc_no", shown, "pc_no")
    else:
        bad_row = _first_bad(~df["reserved"].isin(_RESERVED).to_numpy())
        if bad_row is not None:
            raise DataError(
                shown,
                "GEN, SC, ST, BL or an empty field",
                line=_line(df, bad_row),
                column="reserved",
                got=df["reserved"].iloc[bad_row],
            )
        _check_constant(df, codes, "electors", shown, "electors value")
        _check_constant(df, codes, "reserved", shown, "reserved value")

    # --- parties
    party_raw = df["party"].to_numpy()
    party_names, party_idx = np.unique(party_raw.astype(str), return_inverse=True)
    pair_keys, pair_code = np.unique(
        state_idx.astype(np.int64) * len(party_names) + party_idx, return_inverse=True
    )
    pairs = [
        (str(state_names[k // len(party_names)]), str(party_names[k % len(party_names)]))
        for k in pair_keys
    ]
    party = np.array([canonical_party(p, info.source, s, info.year) for s, p in pairs])[pair_code]
    mapped = np.array([is_mapped(p, info.source, s, info.year) for s, p in pairs])[pair_code]
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
            line=_line(df, row),
            column="party",
            got=party_raw[row],
        )
    valid = np.bincount(codes[~is_nota], weights=votes[~is_nota], minlength=n_const)
    n_cand = np.bincount(codes[~is_nota], minlength=n_const)
    # a sole candidate with no votes was returned unopposed (no poll: Arunachal 2009, 2019)
    no_votes = (valid == 0) & (n_cand > 1)
    if no_votes.any():
        c = int(np.flatnonzero(no_votes)[0])
        row = int(np.flatnonzero(codes == c)[0])
        raise DataError(
            shown,
            "at least one vote for a candidate in a contested constituency",
            line=_line(df, row),
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
    c_state = [uniques[i][0] for i in range(n_const)]
    c_number = np.array([uniques[i][1] for i in range(n_const)], dtype=np.int64)
    c_codes = [STATE_CODES[s] for s in c_state]
    ids = [constituency_id(cc, info.level, num) for cc, num in zip(c_codes, c_number, strict=True)]
    if info.layout == "segments":
        names = [_clean_name(x) for x in names_of]
    else:
        raw_names = df[name_col].to_numpy()
        names = [_clean_name(raw_names[r]) for r in first_row]
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
        lookup = pd.concat([_assembly_lookup(d) for d in info.electors_from])
        joined = lookup.reindex(ids)
        cons["reserved"] = joined["reserved"].fillna("").to_numpy()
        cons["district"] = joined["district"].fillna("").to_numpy()
        cons["electors"] = pd.array(joined["electors"].to_numpy(), dtype="Int64")
    else:
        cons["reserved"] = df["reserved"].to_numpy()[first_row]
        cons["district"] = df["district"].to_numpy()[first_row]
        el = electors[first_row]
        cons["electors"] = pd.array(np.where(el < 0, pd.NA, el), dtype="Int64")
        if info.level == "PC":
            cons["pc_id"] = ids
        else:
            cons["pc_id"] = _ac_pc_ids(info, ids)
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
            "line": df.index.to_numpy(dtype=np.int64) + 2,
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


def _parse(dataset: str, path_key: tuple[str, int, int] | None) -> _Parsed:
    """The parsed rows of a dataset's shipped file, or of the file ``path_key`` names."""
    return _parse_shipped(dataset) if path_key is None else _parse_path(dataset, path_key)


@functools.cache  # one entry per shipped file
def _parse_shipped(dataset: str) -> _Parsed:
    info = DATASETS[dataset]
    shown = f"sim/data/india/{info.file}"
    return _parse_frame(info, _read_csv(_package_file(info), shown), shown)


@functools.lru_cache(maxsize=32)
def _parse_path(dataset: str, path_key: tuple[str, int, int]) -> _Parsed:
    path = Path(path_key[0])
    return _parse_frame(DATASETS[dataset], _read_csv(path, path_key[0]), path_key[0])


def clear_caches() -> None:
    """Forget every parsed file (the next load reads the files again; for timing and tests)."""
    for cached in (_load_cached, _parse_shipped, _parse_path, _pc_lookup, _assembly_lookup):
        cached.cache_clear()


_parse.cache_clear = clear_caches  # type: ignore[attr-defined]  # the pre-corpus cache's API


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


@functools.lru_cache(maxsize=1024)
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
        raise KeyError(_unknown_dataset(dataset))
    share = float(min_state_share)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"min_state_share must be in [0, 1], got {min_state_share!r}")
    res = _load_cached(dataset, share, _path_key(path))
    return dataclasses.replace(
        res, constituencies=res.constituencies.copy(), candidates=res.candidates.copy()
    )


def _unknown_dataset(dataset: str) -> str:
    close = get_close_matches(dataset, list(DATASETS), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    return (
        f"unknown dataset {dataset!r}{hint} ({len(DATASETS)} datasets: "
        "<code>_assembly_<year>, <code>_lok_sabha_<year>_segments, lok_sabha_2014, "
        "lok_sabha_2019; see sim.data.catalog)"
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
        raise KeyError(_unknown_dataset(dataset))
    parsed = _parse(dataset, None)
    return set(parsed.candidates["party"].unique()) | {IND, OTH, NOTA}
