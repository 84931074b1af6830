"""What the shipped corpus holds: a catalogue, a dataset finder and consecutive election pairs.

:func:`catalog` lists every dataset of :data:`sim.data.datasets.DATASETS` with its size;
:func:`find_dataset` turns (state, year, kind) into a dataset name; :func:`election_pairs`
lists each state's consecutive elections of one kind (the baseline/target pairs of a
backtest); :func:`format_catalog` is the plain-text table that ``coalsim data`` prints.

The figures that need the files read (constituencies, electors, parties, missing
constituencies) come from ``sim/data/india/catalog_facts.csv.gz``, one row per (dataset, state),
computed by :func:`compute_facts` from :func:`sim.data.results.load_results` and written by
``python -m sim.data.catalog``; a test checks that the shipped table equals a fresh
computation. So listing the catalogue reads one small file instead of 176.
"""

from __future__ import annotations

import argparse
import gzip
import io
from collections.abc import Sequence
from difflib import get_close_matches
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from sim.data.datasets import ASSEMBLY_SEATS, DATASETS, KINDS, DatasetInfo
from sim.data.errors import DataError
from sim.data.parties import SPECIAL_IDS
from sim.data.results import load_results
from sim.data.states import STATE_CODES, normalise_state, state_from_code

__all__ = [
    "FACTS_FILE",
    "catalog",
    "compute_facts",
    "election_pairs",
    "find_dataset",
    "format_catalog",
    "write_facts",
]

FACTS_FILE = "catalog_facts.csv.gz"
"""File name of the precomputed facts inside ``sim/data/india/``."""

INDIA = "India"
"""The ``state`` of the all-India Lok Sabha datasets in the catalogue (code ``IN``)."""

_FACT_COLUMNS = ["dataset", "state", "constituencies", "electors", "missing", "parties"]
_LOK_SABHA_SEATS = 543


def compute_facts(names: Sequence[str] | None = None) -> pd.DataFrame:
    """Read the datasets and tabulate, per (dataset, state), what the catalogue shows.

    Args:
        names: datasets to read (default: all of them).

    Returns:
        One row per (dataset, state), sorted, columns ``dataset``, ``state``,
        ``constituencies``, ``electors`` (sum; ``<NA>`` where the file has none),
        ``missing`` (space-separated numbers of the state's constituencies 1..seats that the
        file lacks; assembly level only) and ``parties`` (space-separated ids of the parties
        with at least 1% of the state's valid vote).
    """
    rows = []
    for name in sorted(names or DATASETS):
        res = load_results(name)
        c = res.constituencies
        shares = res.state_shares()
        for state, g in c.groupby("state", sort=True):
            code = STATE_CODES[state]
            missing = ""
            if res.level == "AC":
                present = set(g["number"].tolist())
                missing = " ".join(
                    str(k) for k in range(1, ASSEMBLY_SEATS[code] + 1) if k not in present
                )
            el = g["electors"]
            parties = [
                p for p, v in shares.loc[state].items() if v >= 0.01 and p not in SPECIAL_IDS
            ]
            rows.append(
                {
                    "dataset": name,
                    "state": state,
                    "constituencies": len(g),
                    "electors": pd.NA if el.isna().all() else int(el.sum()),
                    "missing": missing,
                    "parties": " ".join(parties),
                }
            )
    out = pd.DataFrame(rows, columns=_FACT_COLUMNS)
    out["electors"] = out["electors"].astype("Int64")
    return out


def write_facts(path: Path | str | None = None) -> Path:
    """Compute the facts of every dataset and write them (gzip, reproducible bytes).

    Args:
        path: where to write; default the shipped ``sim/data/india/catalog_facts.csv.gz``.

    Returns:
        The path written.
    """
    target = Path(path) if path is not None else _facts_path()
    data = compute_facts().to_csv(index=False, lineterminator="\n").encode("utf-8")
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return target


def _facts_path() -> Path:
    return Path(str(resources.files("sim.data").joinpath("india", FACTS_FILE)))


@cache
def _facts() -> pd.DataFrame:
    path = _facts_path()
    try:
        df = pd.read_csv(
            path, dtype={"missing": str, "parties": str}, keep_default_na=False, na_values=[""]
        )
    except FileNotFoundError:
        raise DataError(
            f"sim/data/india/{FACTS_FILE}", "the catalogue facts (python -m sim.data.catalog)"
        ) from None
    df["missing"] = df["missing"].fillna("")
    df["parties"] = df["parties"].fillna("")
    df["electors"] = df["electors"].astype("Int64")
    return df


def catalog() -> pd.DataFrame:
    """Every shipped dataset, one row each.

    Returns:
        DataFrame sorted by state, year and kind, columns ``dataset``, ``kind``, ``state``
        (``"India"`` for the all-India Lok Sabha files), ``state_code`` (``"IN"`` for those),
        ``year``, ``level`` (``AC``/``PC``), ``constituencies``, ``seats`` (the legislature's
        seats in the states covered: 294 for undivided Andhra Pradesh), ``electors``
        (``<NA>`` where the file has none), ``parties_over_1pct`` (parties with at least 1% of
        the valid vote in a state of the file: the party columns :func:`load_results` keeps by
        default), ``file`` (inside ``sim/data/india/``) and ``note`` (known gaps).
    """
    facts = _facts()
    rows = []
    for name, info in DATASETS.items():
        f = facts[facts["dataset"] == name]
        parties = {p for s in f["parties"] for p in s.split()}
        el = f["electors"]
        rows.append(
            {
                "dataset": name,
                "kind": info.kind,
                "state": info.state or INDIA,
                "state_code": STATE_CODES[info.state] if info.state else "IN",
                "year": info.year,
                "level": info.level,
                "constituencies": int(f["constituencies"].sum()),
                "seats": _seats(info),
                "electors": pd.NA if el.isna().all() else int(el.sum()),
                "parties_over_1pct": len(parties),
                "file": info.file,
                "note": info.note,
            }
        )
    out = pd.DataFrame(rows)
    out["electors"] = out["electors"].astype("Int64")
    order = {k: i for i, k in enumerate(KINDS)}
    out = out.sort_values(
        ["state", "year", "kind"], key=lambda s: s.map(order) if s.name == "kind" else s
    )
    return out.reset_index(drop=True)


def _seats(info: DatasetInfo) -> int:
    if info.level == "PC":
        return _LOK_SABHA_SEATS
    return sum(ASSEMBLY_SEATS[STATE_CODES[s]] for s in info.covers)


def _resolve_state(state: str) -> str | None:
    """Canonical state name of a name or code in any case; ``None`` for all of India."""
    text = str(state).strip()
    if text.casefold() in ("india", "all india", "in", "all-india"):
        return None
    try:
        return normalise_state(text)
    except KeyError:
        pass
    try:
        return state_from_code(text)
    except KeyError:
        pass
    choices = {n.casefold(): n for n in STATE_CODES}
    close = get_close_matches(text.casefold(), list(choices), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(choices[c]) for c in close)}?)" if close else ""
    raise DataError(
        "find_dataset",
        f"a state or union territory name or two-letter code{hint}",
        column="state",
        got=state,
    )


def find_dataset(state: str, year: int, kind: str = "assembly") -> str:
    """The dataset of one state's election.

    Args:
        state: state name or code in any case (``"Uttar Pradesh"``, ``"up"``, ``"Orissa"``,
            ``"TS"``); ``"India"`` for the all-India Lok Sabha files.
        year: election year.
        kind: ``"assembly"``, ``"lok_sabha_segments"`` or ``"lok_sabha"`` (the all-India file,
            which covers every state).

    Returns:
        The dataset name, e.g. ``find_dataset("bihar", 2015) == "br_assembly_2015"``. A state
        covered by an undivided-state file gets that file (``find_dataset("Telangana", 2009)
        == "ap_assembly_2009"``).

    Raises:
        DataError: unknown kind or state (with close matches), or no such election (with the
            years available for that state and kind).
    """
    if kind not in KINDS:
        raise DataError("find_dataset", f"a kind among {', '.join(KINDS)}", column="kind", got=kind)
    name = _resolve_state(state)
    if kind == "lok_sabha":
        found = [i for i in DATASETS.values() if i.kind == kind]
    elif name is None:
        raise DataError(
            "find_dataset",
            f"a state for kind {kind!r} (only 'lok_sabha' datasets cover all of India)",
            column="state",
            got=state,
        )
    else:
        found = [i for i in DATASETS.values() if i.kind == kind and name in i.covers]
    match = [i.name for i in found if i.year == int(year)]
    if len(match) == 1:
        return match[0]
    where = name or INDIA
    years = ", ".join(str(y) for y in sorted({i.year for i in found})) or "none"
    raise DataError(
        "find_dataset",
        f"a year with an election of kind {kind!r} in {where} (years: {years})",
        column="year",
        got=year,
    )


def election_pairs(kind: str = "assembly") -> pd.DataFrame:
    """Every pair of consecutive elections of one kind in the same state.

    A dataset covering two states (undivided Andhra Pradesh) is the baseline of both states'
    first later election; its rows of the target's state are the ones compared.

    Args:
        kind: one of :data:`sim.data.datasets.KINDS`.

    Returns:
        DataFrame sorted by state and year, columns ``state``, ``state_code``, ``baseline``,
        ``target`` (dataset names), ``baseline_year``, ``target_year``, ``n_baseline`` and
        ``n_target`` (constituencies of the state in each), ``n_common`` (ids in both),
        ``ids_differ`` (the two id sets differ: constituencies missing from one file, or
        another territory), ``territory_changed`` (the baseline covers another territory:
        undivided Andhra Pradesh before Telangana 2014 and Andhra Pradesh 2014) and ``note``.

    Raises:
        DataError: unknown kind.
    """
    if kind not in KINDS:
        raise DataError(
            "election_pairs", f"a kind among {', '.join(KINDS)}", column="kind", got=kind
        )
    facts = _facts().set_index(["dataset", "state"])
    infos = [i for i in DATASETS.values() if i.kind == kind]
    states = sorted({s for i in infos for s in i.covers}) if kind != "lok_sabha" else [INDIA]
    rows = []
    for state in states:
        chain = sorted(
            (i for i in infos if kind == "lok_sabha" or state in i.covers), key=lambda i: i.year
        )
        for base, target in pairwise(chain):
            a, b = _ids(facts, base, state), _ids(facts, target, state)
            notes = []
            if len(base.covers) > len(target.covers):
                notes.append(f"baseline is undivided {base.state} (its {state} constituencies)")
            rows.append(
                {
                    "state": state,
                    "state_code": STATE_CODES.get(state, "IN"),
                    "baseline": base.name,
                    "target": target.name,
                    "baseline_year": base.year,
                    "target_year": target.year,
                    "n_baseline": len(a),
                    "n_target": len(b),
                    "n_common": len(a & b),
                    "ids_differ": a != b,
                    "territory_changed": len(base.covers) != len(target.covers),
                    "note": "; ".join(notes),
                }
            )
    return pd.DataFrame(rows)


def _ids(facts: pd.DataFrame, info: DatasetInfo, state: str) -> set[Any]:
    """The constituencies of ``state`` in a dataset (numbers; for PC files, (state, count))."""
    if info.level == "PC":
        sub = facts.loc[info.name]
        return {(s, k) for s, n in sub["constituencies"].items() for k in range(n)}
    row = facts.loc[(info.name, state)]
    missing = {int(x) for x in str(row["missing"]).split()}
    return {k for k in range(1, ASSEMBLY_SEATS[STATE_CODES[state]] + 1) if k not in missing}


def format_catalog(kind: str | None = None, state: str | None = None) -> str:
    """The catalogue as a plain-text table (what ``coalsim data`` prints).

    Args:
        kind: only datasets of this kind (default: all).
        state: only this state's datasets (a name or a code, any case; default: all).

    Returns:
        Lines of fixed-width columns: dataset, kind, state, year, constituencies/seats,
        electors in millions, parties with >= 1%, note; then a one-line summary.
    """
    cat = catalog()
    if kind is not None:
        if kind not in KINDS:
            raise DataError("format_catalog", f"a kind among {', '.join(KINDS)}", got=kind)
        cat = cat[cat["kind"] == kind]
    if state is not None:
        cat = cat[cat["state"] == _resolve_state(state)]
    buf = io.StringIO()
    head = ("dataset", "kind", "state", "year", "const/seats", "electors", "parties")
    width = (30, 18, 26, 4, 11, 8, 7)

    def line(cells: Sequence[str], note: str) -> str:
        pairs = enumerate(zip(cells, width, strict=True))
        padded = [c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in pairs]
        return f"{'  '.join(padded)}  {note}".rstrip() + "\n"

    buf.write(line(head, "note"))
    for r in cat.itertuples():
        electors = "-" if pd.isna(r.electors) else f"{r.electors / 1e6:.1f}M"
        cells = (
            r.dataset,
            r.kind,
            r.state,
            str(r.year),
            f"{r.constituencies}/{r.seats}",
            electors,
            str(r.parties_over_1pct),
        )
        buf.write(line(cells, r.note))
    counts = cat["kind"].value_counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in KINDS if counts.get(k, 0))
    states = cat.loc[cat["state"] != INDIA, "state"].nunique()
    buf.write(f"{len(cat)} datasets ({summary}); {states} states and union territories\n")
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sim.data.catalog``: recompute and write the shipped catalogue facts."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=None, help="write here instead")
    args = parser.parse_args(argv)
    print(f"wrote {write_facts(args.out)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
