"""``[scenario.mood]``: the baseline shares swung to a mood's target shares before the voters
are drawn.

Each group of constituencies (the whole scenario, a region, or a state of a results
scenario) gets its own fit (:func:`sim.core.mood.fit_mood`): the electors-weighted shares of
the group's constituencies then equal the targets exactly (parties not named share what is
left in proportion to their baseline; :func:`sim.core.mood.complete_targets`). Constituencies
outside every group keep their baseline. Problems are reported at the config key that causes
them (an unknown region or state, a party a proportional swing cannot give votes to).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config.errors import LocatedError, require
from sim.config.schema import Config
from sim.core.mood import MoodError, aggregate, complete_targets, fit_mood
from sim.data.results import normalise_state
from sim.world.results import build_baseline


def mood_shares(config: Config, geography: dict[str, Any], party_ids: list[str]) -> np.ndarray:
    """The geography's (C, P) shares after the config's mood (unchanged without one)."""
    shares = np.asarray(geography["shares"], dtype=np.float64)
    mood = config.scenario.mood
    if mood is None:
        return shares
    electors = np.asarray(geography["electors"], dtype=np.float64)
    out = shares.copy()
    for loc, name, targets in mood.groups():
        rows = _group_rows(config, geography, loc, name)
        named = {party_ids.index(pid): share for pid, share in targets.items()}
        try:
            full = complete_targets(aggregate(shares[rows], electors[rows]), named)
            out[rows] = fit_mood(shares[rows], electors[rows], full, mood.swing)
        except MoodError as exc:
            where = f"{loc}.{party_ids[exc.party]}" if exc.party is not None else loc
            raise LocatedError(where, str(exc)) from None
    return out


def _group_rows(config: Config, geography: dict[str, Any], loc: str,
                name: str | None) -> np.ndarray:
    n = len(geography["constituency_ids"])
    if name is None:
        return np.ones(n, dtype=bool)
    if loc.startswith("scenario.mood.regions"):
        regions = list(geography["regions"])
        require(name in regions, loc,
                f"unknown region {name!r}; the scenario's regions: {', '.join(regions)}")
        return np.asarray(geography["region_of"]) == regions.index(name)
    try:
        state = normalise_state(name)
    except KeyError:
        raise LocatedError(loc, f"unknown state {name!r}") from None
    states = build_baseline(config).constituencies["state"].to_numpy()
    rows = states == state
    require(bool(rows.any()), loc, f"no constituency of the scenario is in {name!r}")
    return rows
