"""Opening the negotiating tables of a scenario's alliances (before round 1)."""

from __future__ import annotations

import numpy as np

from sim.negotiation.tables import AllianceState, strongest_member
from sim.world.scenario import Scenario


def baseline_regional_shares(scenario: Scenario) -> np.ndarray:
    """(R, P) electors-weighted reference shares per region."""
    sc = scenario
    weights = np.zeros((sc.n_regions, sc.n_parties))
    np.add.at(weights, sc.region_of, sc.shares * sc.electors[:, None])
    return weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)


def open_tables(scenario: Scenario) -> list[AllianceState]:
    """One negotiating table per alliance, or per (alliance, region) for ``scope = region``.

    At a regional table sit the members whose reference share in that region reaches the
    alliance's ``presence``; a region with fewer than two such members has no table.
    """
    sc = scenario
    tables = []
    for a, alliance in enumerate(sc.alliances):
        if alliance.scope == "whole":
            tables.append(open_table(sc, a, np.arange(sc.n_constituencies),
                                     list(alliance.members), ""))
            continue
        regional = baseline_regional_shares(sc)
        for r, region in enumerate(sc.regions):
            present = [m for m in alliance.members if regional[r, m] >= alliance.presence]
            rows = np.flatnonzero(sc.region_of == r)
            if len(present) >= 2 and rows.size:
                tables.append(open_table(sc, a, rows, present, region))
    return tables


def open_table(scenario: Scenario, a: int, rows: np.ndarray, members: list[int],
               region: str) -> AllianceState:
    """The table of alliance ``a`` over constituencies ``rows``: every seat first given to the
    member strongest there, goodwill seats reserved for their beneficiary."""
    sc = scenario
    alliance = sc.alliances[a]
    reserved = np.full(sc.n_constituencies, -1, dtype=np.int64)
    for g in sc.goodwill:
        if g.beneficiary in members:
            reserved[list(g.constituencies)] = g.beneficiary
    reserved = reserved[rows]
    initial = strongest_member(np.asarray(sc.shares)[rows], members)
    claims = np.zeros((sc.n_parties, rows.size), dtype=bool)
    claims[initial, np.arange(rows.size)] = True
    return AllianceState(
        index=a, name=alliance.name, members=tuple(members), rivals=alliance.rivals,
        active=list(members), assignment=initial, claims=claims, reserved=reserved,
        rows=rows, region=region,
    )
