"""Real scenarios: constituencies and baseline strengths from shipped election results.

A config with ``[scenario] source = "results"`` names a reference election (``baseline``, a
dataset of :mod:`sim.data.results`) or a weighted blend of several that cover the same
constituencies. From it this module builds what a :class:`~sim.world.scenario.Scenario` needs:

* **constituencies**: every constituency of the dataset (or of the ``states`` kept), with its
  id (``WB-AC-072``, ``UP-PC-063``: the ids of the shipped maps), name and electors;
* **baseline shares**: each configured party's vote share in each constituency (NOTA excluded),
  its regional strength. Data parties the config does not list are pooled into the
  ``remainder`` party (default ``OTH``), which is added automatically at the end of the party
  list when the config does not list it (name "Others", ideology 0, every other attribute at
  its default). ``merge`` folds data parties into a listed one (the Left Front's CPI, RSP and
  AIFB into CPM). Independents are data party ``IND`` (the largest independent of each
  constituency; the others are in the data's ``OTH``), pooled like any unlisted party;
* **turnout**: the reference election's turnout per constituency (all votes incl. NOTA over
  electors), the mean of the voters' turnout propensity there;
* **regions**: ``regions = "auto"`` means districts for assembly-constituency datasets (19 in
  West Bengal) and states for Lok Sabha datasets; ``"state"``, ``"district"`` or ``"pc"`` (the
  Lok Sabha constituency an assembly segment belongs to) choose explicitly.

A **blend** averages the shares (and turnouts) of its datasets with their weights; names,
electors, reservation and districts come from the first dataset listed that has electors.
Then the ``[[scenario.results.swing]]`` adjustments are applied in order (uniform ``add``,
proportional ``multiply``, or ``move`` part of a party's share to another; formulas in
:mod:`sim.core.swing`). A party absent from the data (``new_parties``, e.g. ISF, founded in 2021)
starts at share 0 and gets a foothold through ``add``.

Every problem is reported at validation time with the config key that causes it (an unknown
dataset, state, district, party id or constituency; a swing that matches nothing; a malformed
results file named in ``files``), so the CLI exits with code 2 before anything runs.

"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.config.errors import LocatedError, require
from sim.config.schema import Config, PartyConfig
from sim.core import swing as swing_fns
from sim.data.errors import DataError
from sim.data.parties import NOTA, SPECIAL_IDS
from sim.data.results import (
    DATASETS,
    ElectionResults,
    known_party_ids,
    load_results,
    normalise_state,
)

MIN_TURNOUT = 0.01
MAX_PARTIES = 120  # voter agents store their party as int8


@dataclass(frozen=True, eq=False)
class RealBaseline:
    """A scenario's geography and baseline built from results.

    Attributes:
        datasets: dataset -> normalised blend weight (one entry for a single reference).
        constituencies: one row per constituency: ``id, state, state_code, number, name,
            reserved, district, pc_id, region``.
        party_ids: the scenario's parties: the config's, then the remainder if added.
        shares: (C, P) baseline vote shares after swing, rows sum to 1.
        turnout: (C,) turnout (propensity mean).
        electors: (C,) int64.
        regions: region names; ``region_of`` (C,) indexes them.
        remainder_added: the remainder party was not in the config and was appended.
    """

    datasets: dict[str, float]
    constituencies: pd.DataFrame
    party_ids: tuple[str, ...]
    shares: np.ndarray
    turnout: np.ndarray
    electors: np.ndarray
    regions: tuple[str, ...]
    region_of: np.ndarray
    remainder_added: bool


# --------------------------------------------------------------------------- helpers


def baseline_weights(baseline: str | Mapping[str, float]) -> dict[str, float]:
    """The blend weights of a ``baseline`` key: ``{dataset: 1.0}`` for a single dataset."""
    if isinstance(baseline, str):
        return {baseline: 1.0}
    return {str(k): float(v) for k, v in baseline.items()}


def dataset_of(config: Config) -> str:
    """The primary dataset of a results config (the first one listed in ``baseline``)."""
    spec = config.scenario.results
    if spec is None:
        raise ValueError("not a results scenario")
    return next(iter(baseline_weights(spec.baseline)))


def _fail(loc: str, message: str) -> None:
    raise LocatedError(loc, message)


def _load(dataset: str, files: Mapping[str, str]) -> ElectionResults:
    path = files.get(dataset)
    return load_results(dataset, min_state_share=0.0, path=path)


def _known_ids(dataset: str, results: ElectionResults, custom: bool) -> set[str]:
    if not custom:
        return known_party_ids(dataset)
    return set(results.candidates["party"].unique()) | set(SPECIAL_IDS)


def _suggest(word: str, options: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _key(config: Config) -> str:
    spec = config.scenario.results
    assert spec is not None
    stamps: dict[str, list[int] | None] = {}
    for name, path in spec.files.items():
        try:
            st = os.stat(path)
            stamps[name] = [st.st_mtime_ns, st.st_size]
        except OSError:
            stamps[name] = None
    return json.dumps(
        {"results": spec.model_dump(mode="json"), "parties": [p.id for p in config.parties],
         "turnout": config.voters.turnout, "files": stamps},
        sort_keys=True,
    )


# --------------------------------------------------------------------------- the baseline


def build_baseline(config: Config) -> RealBaseline:
    """Build the geography and baseline shares a results config describes.

    Raises:
        sim.config.errors.LocatedError: a problem located at a config key (turned into a
            ``ConfigError`` by :func:`sim.world.checks.check_config`).
    """
    key = _key(config)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _build(config)
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = cached
    return cached


_CACHE: dict[str, RealBaseline] = {}


def _build(config: Config) -> RealBaseline:
    spec = config.scenario.results
    assert spec is not None
    where = "scenario.results"

    # ---- datasets and blend weights
    weights = baseline_weights(spec.baseline)
    require(len(weights) > 0, f"{where}.baseline", "name at least one dataset")
    for name in weights:
        loc = f"{where}.baseline" if isinstance(spec.baseline, str) else f"{where}.baseline.{name}"
        require(name in DATASETS, loc,
                f"unknown dataset {name!r}; available: {', '.join(sorted(DATASETS))}")
    require(sum(weights.values()) > 0, f"{where}.baseline", "blend weights must not all be 0")
    for name in spec.files:
        require(name in weights, f"{where}.files.{name}",
                f"{name!r} is not a dataset of the baseline ({', '.join(weights)})")
    loaded: dict[str, ElectionResults] = {}
    for name in weights:
        try:
            loaded[name] = _load(name, spec.files)
        except DataError as exc:
            loc = f"{where}.files.{name}" if name in spec.files else f"{where}.baseline"
            _fail(loc, str(exc))
    levels = {DATASETS[n].level for n in weights}
    require(len(levels) == 1, f"{where}.baseline",
            "a blend must mix datasets of one level (all AC or all PC)")
    primary = next(iter(weights))

    # ---- states
    cons0 = loaded[primary].constituencies
    available = list(dict.fromkeys(cons0["state"]))
    keep: list[str] = []
    for j, raw in enumerate(spec.states):
        try:
            state = normalise_state(raw)
        except KeyError:
            _fail(f"{where}.states.{j}", f"unknown state {raw!r}")
        require(state in available, f"{where}.states.{j}",
                f"{state!r} is not in dataset {primary} (states: {', '.join(available)})")
        keep.append(state)
    rows0 = cons0["state"].isin(keep).to_numpy() if keep else np.ones(len(cons0), dtype=bool)
    ids = cons0["id"].to_numpy()[rows0]

    # ---- parties
    party_ids = [p.id for p in config.parties]
    remainder = spec.remainder
    remainder_added = remainder not in party_ids
    scenario_ids = party_ids + ([remainder] if remainder_added else [])
    known: dict[str, set[str]] = {
        n: _known_ids(n, loaded[n], n in spec.files) for n in weights
    }
    all_known = set().union(*known.values())
    new = set(spec.new_parties)
    for j, pid in enumerate(spec.new_parties):
        require(pid in party_ids, f"{where}.new_parties.{j}",
                f"{pid!r} is not a [[parties]] id")
        require(pid != remainder, f"{where}.new_parties.{j}",
                f"{pid!r} is the remainder party")
        require(pid not in all_known, f"{where}.new_parties.{j}",
                f"{pid!r} occurs in the data ({', '.join(weights)}); list only parties "
                "absent from it")
    merged_into: dict[str, str] = {}
    for target, sources in spec.merge.items():
        loc = f"{where}.merge.{target}"
        require(target in party_ids and target != remainder and target not in new, loc,
                f"{target!r} must be a [[parties]] id that is in the data (not the remainder)")
        for j, src in enumerate(sources):
            require(src in all_known and src != NOTA, f"{loc}.{j}",
                    f"{src!r} does not occur in {', '.join(weights)}{_suggest(src, all_known)}")
            require(src not in party_ids, f"{loc}.{j}",
                    f"{src!r} is itself a [[parties]] id; it cannot be merged into {target!r}")
            require(src not in merged_into, f"{loc}.{j}",
                    f"{src!r} is already merged into {merged_into.get(src)!r}")
            merged_into[src] = target
    for i, pid in enumerate(party_ids):
        if pid == remainder or pid in new:
            continue
        require(pid != NOTA, f"parties.{i}.id", "NOTA is not a party")
        require(pid in all_known, f"parties.{i}.id",
                f"party {pid!r} does not occur in {', '.join(weights)} "
                f"({', '.join(loaded[n].source_file for n in weights)})"
                f"{_suggest(pid, all_known)}; use a canonical id (AITC, BJP, INC, CPM, ...), "
                "fold it into another with scenario.results.merge, or list it in "
                "scenario.results.new_parties")
    require(len(scenario_ids) <= MAX_PARTIES, "parties",
            f"at most {MAX_PARTIES} parties (with the remainder), got {len(scenario_ids)}")

    # ---- one share matrix per dataset, blended
    mats: list[np.ndarray] = []
    turnouts: list[np.ndarray] = []
    electors_by: list[np.ndarray] = []
    for name in weights:
        res = loaded[name]
        cons = res.constituencies.set_index("id")
        missing = sorted(set(ids) - set(cons.index))
        extra = sorted(set(cons.index[cons["state"].isin(keep)] if keep else cons.index)
                       - set(ids))
        require(not missing and not extra, f"{where}.baseline",
                f"{name} and {primary} do not cover the same constituencies "
                f"(e.g. {(missing or extra)[:3]}); a blend needs the same ids")
        shares = res.shares().loc[ids]
        mats.append(_party_matrix(shares, scenario_ids, remainder, new, merged_into))
        turnouts.append(cons.loc[ids, "turnout"].to_numpy(dtype=np.float64))
        electors_by.append(cons.loc[ids, "electors"].to_numpy(dtype=np.float64, na_value=np.nan))
    w = np.array(list(weights.values()))
    shares_mat = swing_fns.blend(mats, list(w))
    t_stack = np.vstack(turnouts)
    t_weights = np.where(np.isfinite(t_stack), w[:, None], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        turnout = np.nansum(t_stack * t_weights, axis=0) / t_weights.sum(axis=0)
    turnout = np.where(np.isfinite(turnout), turnout, config.voters.turnout)
    turnout = np.clip(turnout, MIN_TURNOUT, 1.0)
    electors = np.full(len(ids), np.nan)
    for el in electors_by:
        electors = np.where(np.isnan(electors), el, electors)
    votes0 = loaded[primary].constituencies.set_index("id").loc[ids, "votes_total"]
    fallback = np.rint(votes0.to_numpy(dtype=np.float64) / turnout)
    electors = np.maximum(1, np.where(np.isnan(electors), fallback, electors)).astype(np.int64)

    # ---- constituency table and regions
    base = cons0.set_index("id").loc[ids].reset_index()
    table = base[["id", "state", "state_code", "number", "name", "reserved", "district",
                  "pc_id"]].copy()
    mode = spec.regions
    if mode == "auto":
        mode = "district" if (table["district"] != "").all() else "state"
    if mode == "district":
        require((table["district"] != "").all(), f"{where}.regions",
                f"dataset {primary} has no district for every constituency; use 'state'")
        region_names = table["district"].str.title()
    elif mode == "pc":
        require((table["pc_id"] != "").all(), f"{where}.regions",
                f"dataset {primary} does not give the Lok Sabha constituency of every row")
        region_names = table["pc_id"]
    else:
        region_names = table["state"]
    table["region"] = region_names.to_numpy()
    regions = tuple(dict.fromkeys(table["region"]))
    region_index = {r: k for k, r in enumerate(regions)}
    region_of = np.array([region_index[r] for r in table["region"]], dtype=np.int64)

    # ---- swing (a swing limited to states that `states` leaves out does not apply)
    for i, entry in enumerate(spec.swing):
        if keep and entry.states and _only_elsewhere(entry.states, keep, available, where, i):
            continue
        outside = set(available) - set(keep) if keep else set()
        shares_mat = _apply_swing(shares_mat, entry, i, table, scenario_ids, outside)

    return RealBaseline(
        datasets={k: float(v / w.sum()) for k, v in weights.items()},
        constituencies=table,
        party_ids=tuple(scenario_ids),
        shares=shares_mat,
        turnout=turnout,
        electors=electors,
        regions=regions,
        region_of=region_of,
        remainder_added=remainder_added,
    )


def _party_matrix(
    shares: pd.DataFrame,
    scenario_ids: list[str],
    remainder: str,
    new: set[str],
    merged_into: Mapping[str, str],
) -> np.ndarray:
    """(C, P) shares of the scenario's parties from one dataset's per-party shares.

    A listed party takes its own column plus the columns merged into it; a new party starts at
    0; the remainder takes every other column (rows keep summing to 1).
    """
    out = np.zeros((len(shares), len(scenario_ids)))
    index = {pid: k for k, pid in enumerate(scenario_ids)}
    for column in shares.columns:
        owner = merged_into.get(column, column)
        if owner not in index or owner in new:
            owner = remainder
        out[:, index[owner]] += shares[column].to_numpy()
    return out


def _only_elsewhere(states: list[str], keep: list[str], available: list[str], where: str,
                    i: int) -> bool:
    """True when every state a swing names is in the dataset but not among those kept (the
    swing is about constituencies that are not simulated); a state unknown to the dataset is
    still an error."""
    for j, raw in enumerate(states):
        try:
            state = normalise_state(raw)
        except KeyError:
            _fail(f"{where}.swing.{i}.states.{j}", f"unknown state {raw!r}")
        if state in keep or state not in available:
            return False
    return True


def _apply_swing(
    shares: np.ndarray, entry: Any, i: int, table: pd.DataFrame, scenario_ids: list[str],
    outside: set[str] | None = None,
) -> np.ndarray:
    """Apply one swing; ``outside``: states of the dataset left out by ``states`` (a swing's
    state among them is ignored, not an error)."""
    loc = f"scenario.results.swing.{i}"
    require(entry.party in scenario_ids, f"{loc}.party",
            f"{entry.party!r} is not a party of the scenario ({', '.join(scenario_ids)})")
    rows = np.ones(len(table), dtype=bool)
    if entry.states:
        wanted = set()
        for j, raw in enumerate(entry.states):
            try:
                wanted.add(normalise_state(raw))
            except KeyError:
                _fail(f"{loc}.states.{j}", f"unknown state {raw!r}")
            require(normalise_state(raw) in set(table["state"]) | (outside or set()),
                    f"{loc}.states.{j}", f"no constituency of the scenario is in {raw!r}")
        rows &= table["state"].isin(wanted).to_numpy()
    if entry.districts:
        have = set(table["district"].str.casefold())
        for j, raw in enumerate(entry.districts):
            require(raw.casefold() in have, f"{loc}.districts.{j}",
                    f"unknown district {raw!r}"
                    f"{_suggest(raw.upper(), set(table['district']))}")
        rows &= table["district"].str.casefold().isin({d.casefold() for d in entry.districts})
    if entry.constituencies:
        have_ids = set(table["id"])
        for j, cid in enumerate(entry.constituencies):
            require(cid in have_ids, f"{loc}.constituencies.{j}",
                    f"unknown constituency {cid!r}{_suggest(cid, have_ids)}")
        rows &= table["id"].isin(set(entry.constituencies)).to_numpy()
    require(bool(rows.any()), loc, "the filters (states, districts, constituencies) match no "
            "constituency of the scenario")
    p = scenario_ids.index(entry.party)
    try:
        if entry.add is not None:
            delta = np.zeros(len(scenario_ids))
            delta[p] = entry.add
            return swing_fns.uniform_swing(shares, delta, rows)
        if entry.multiply is not None:
            factor = np.ones(len(scenario_ids))
            factor[p] = entry.multiply
            return swing_fns.proportional_swing(shares, factor, rows)
        require(entry.to in scenario_ids and entry.to != entry.party, f"{loc}.to",
                f"{entry.to!r} must be another party of the scenario")
        return swing_fns.move_share(shares, p, scenario_ids.index(entry.to), entry.move, rows)
    except swing_fns.SwingError as exc:
        _fail(loc, f"the swing leaves {table['id'].iloc[exc.row]} with no votes at all")
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- scenario parts


def results_constituency_ids(config: Config) -> list[str]:
    """Ids of the constituencies a results config builds."""
    return build_baseline(config).constituencies["id"].tolist()


def remainder_party(config: Config) -> list[PartyConfig]:
    """The remainder party to append to the config's parties ([] if the config lists it)."""
    spec = config.scenario.results
    assert spec is not None
    if spec.remainder in {p.id for p in config.parties}:
        return []
    return [PartyConfig(id=spec.remainder, name="Others", ideology=0.0)]


def results_geography(config: Config) -> dict[str, Any]:
    """The geography part of a :class:`~sim.world.scenario.Scenario` for a results config."""
    base = build_baseline(config)
    return {
        "constituency_ids": tuple(base.constituencies["id"]),
        "constituency_names": tuple(base.constituencies["name"]),
        "regions": base.regions,
        "region_of": base.region_of,
        "electors": base.electors,
        "shares": base.shares,
        "turnout": base.turnout,
    }


