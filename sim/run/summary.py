"""A finished run in plain tables: the headline summary, one row per constituency, seats by state.

Everything here reads a finished model and its election outcome and returns JSON-able dicts or
DataFrames; nothing changes the model.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.core.fptp import seat_counts
from sim.core.metrics import effective_number_of_parties, index_of_opposition_unity, transfer_rate
from sim.data.ids import state_of_id
from sim.model.coalition import CoalitionModel
from sim.model.election_day import ElectionOutcome
from sim.negotiation.tables import DISPUTED


def friendly_fights(model: CoalitionModel, standing: np.ndarray) -> dict[str, np.ndarray]:
    """(C,) bool per alliance: two or more of its members stand against each other there.

    Membership is the alliance's, not a table's: members who sit at different regional tables,
    and members who walked out or never agreed, still count (a party that defected counts with
    the alliance it joined), as the seed reports count INDIA partners fighting each other.
    """
    out: dict[str, np.ndarray] = {}
    for name, members in model.blocs().items():
        if name in {a.name for a in model.scenario.alliances}:
            cols = np.asarray(members, dtype=np.int64)
            out[name] = (standing[:, cols].sum(axis=1) >= 2 if cols.size
                         else np.zeros(standing.shape[0], dtype=bool))
    return out


def strike_rates(seats: np.ndarray, contested: np.ndarray) -> np.ndarray:
    """(P,) seats won / constituencies contested (NaN for a party that contested none)."""
    contested = np.asarray(contested, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(contested > 0, np.asarray(seats, float) / contested, np.nan)


def _combined_status(statuses: list[str]) -> str:
    return statuses[0] if len(set(statuses)) == 1 else "mixed"


def alliance_summaries(model: CoalitionModel) -> dict[str, Any]:
    """Per alliance: status, agreement round, members, walk-outs, allocation; for an alliance
    negotiating region by region, the same per regional table under ``tables``."""
    sc = model.scenario
    out: dict[str, Any] = {}
    for a, alliance in enumerate(sc.alliances):
        tables = [t for t in model.alliances if t.index == a]
        allocation = {sc.parties[m].id: 0 for m in alliance.members}
        for t in tables:
            if t.formed:
                for m in t.active:
                    pid = sc.parties[m].id
                    allocation[pid] = allocation.get(pid, 0) + int((t.assignment == m).sum())
        rounds = [t.agreed_round for t in tables]
        agreed = [r for r in rounds if r is not None]
        entry: dict[str, Any] = {
            "status": _combined_status([t.status for t in tables]) if tables else "no_table",
            "agreement_round": max(agreed) if agreed and len(agreed) == len(rounds) else None,
            "members": [sc.parties[m].id for m in alliance.members],
            "final_members": sorted({sc.parties[m].id for t in tables if t.formed
                                     for m in t.active}),
            "walked_out": sorted({sc.parties[m].id for t in tables for m in t.left}),
            "joined": sorted({sc.parties[m].id for t in tables for m in t.members
                              if m not in alliance.members}),
            "allocation": allocation,
            "disputed_at_deadline": int(sum((t.assignment == DISPUTED).sum() for t in tables
                                            if t.formed)),
        }
        if alliance.scope == "region":
            entry["tables"] = {
                t.region: {"status": t.status, "agreement_round": t.agreed_round,
                           "members": [sc.parties[m].id for m in t.members],
                           "walked_out": [sc.parties[m].id for m in t.left]}
                for t in tables
            }
        out[alliance.name] = entry
    return out


def seat_margins(seats_by_alliance: dict[str, int], alliances: list[str]) -> dict[str, int]:
    """Seat margins between blocs, ``{"A - B": seats(A) - seats(B)}``: every pair of alliances
    in config order; with a single alliance, it against the largest other bloc."""
    names = [a for a in alliances if a in seats_by_alliance]
    if len(names) >= 2:
        return {f"{a} - {b}": int(seats_by_alliance[a]) - int(seats_by_alliance[b])
                for i, a in enumerate(names) for b in names[i + 1:]}
    others = {b: n for b, n in seats_by_alliance.items() if b not in names}
    if len(names) == 1 and others:
        rival = max(others, key=lambda b: (others[b], b))
        return {f"{names[0]} - {rival}": int(seats_by_alliance[names[0]]) - int(others[rival])}
    return {}


def summarise(model: CoalitionModel, outcome: ElectionOutcome) -> dict[str, Any]:
    """The headline outcomes of a run (see the README for each field)."""
    sc = model.scenario
    ids = list(sc.party_ids)
    seats = seat_counts(outcome.winners, sc.n_parties)
    votes = outcome.votes.sum(axis=0)
    blocs = model.blocs()
    fights = friendly_fights(model, outcome.standing)
    any_fight = np.zeros(sc.n_constituencies, dtype=bool)
    for mask in fights.values():
        any_fight |= mask
    contested = outcome.standing.sum(axis=0)
    strike = strike_rates(seats, contested)
    support = model.population.tallies()["count"].sum(axis=0)
    support = support / max(support.sum(), 1.0)
    eligible, transferred = outcome.transfer.sum(axis=0)
    iou = index_of_opposition_unity(outcome.votes, sc.opposition)
    alliances = alliance_summaries(model)
    allocation = {pid: n for info in alliances.values() for pid, n in info["allocation"].items()}
    agreed = [info["agreement_round"] for info in alliances.values()]
    by_region: dict[str, dict[str, int]] = {}
    for r, region in enumerate(sc.regions):
        counts = seat_counts(outcome.winners[sc.region_of == r], sc.n_parties)
        by_region[region] = {ids[p]: int(counts[p]) for p in range(sc.n_parties)}
    electors = float(outcome.electors.sum())
    return {
        "name": model.config.name,
        "seed": model.config.seed,
        "n_constituencies": sc.n_constituencies,
        "seats_by_party": {ids[p]: int(seats[p]) for p in range(sc.n_parties)},
        "seats_by_alliance": {b: int(seats[m].sum()) for b, m in blocs.items()},
        "seat_margins": seat_margins({b: int(seats[m].sum()) for b, m in blocs.items()},
                                     [a.name for a in sc.alliances]),
        "votes_by_party": {ids[p]: int(votes[p]) for p in range(sc.n_parties)},
        "votes_by_alliance": {b: int(votes[m].sum()) for b, m in blocs.items()},
        "seats_by_region": by_region,
        "agreement_round": max(agreed) if agreed and all(a is not None for a in agreed) else None,
        "alliances": alliances,
        "defections": list(model.defections),
        "allocation": allocation,
        "friendly_fights": int(any_fight.sum()),
        "friendly_fights_by_alliance": {name: int(mask.sum()) for name, mask in fights.items()},
        "contested_by_party": {ids[p]: int(contested[p]) for p in range(sc.n_parties)},
        "strike_rate_by_party": {ids[p]: _finite_or_none(strike[p]) for p in range(sc.n_parties)},
        "support_by_party": {"none": round(float(support[0]), 6),
                             **{ids[p]: round(float(support[p + 1]), 6)
                                for p in range(sc.n_parties)}},
        "forecast_seats": {pid: round(model.forecasts[pid], 4) for pid in ids
                           if pid in model.forecasts},
        "forecast_error": {pid: round(model.forecasts[pid] - int(seats[p]), 4)
                           for p, pid in enumerate(ids) if pid in model.forecasts},
        "transfer_rate": _finite_or_none(transfer_rate(transferred, eligible)),
        "iou_mean": _finite_or_none(float(np.nanmean(iou)) if np.isfinite(iou).any() else np.nan),
        "enp_votes": _finite_or_none(effective_number_of_parties(votes)),
        "enp_seats": _finite_or_none(effective_number_of_parties(seats)),
        "turnout": _finite_or_none(float(votes.sum()) / electors if electors else np.nan),
        "voter_agents": model.population.size,
        "voters_per_agent": model.population.voters_per_agent,
    }


def _finite_or_none(value: float) -> float | None:
    return round(float(value), 6) if np.isfinite(value) else None


def constituency_table(model: CoalitionModel, outcome: ElectionOutcome) -> pd.DataFrame:
    """One row per constituency: winner, margin, votes per party, allocation per alliance."""
    sc = model.scenario
    ids = np.array(sc.party_ids)
    total = outcome.votes.sum(axis=1)
    iou = index_of_opposition_unity(outcome.votes, sc.opposition)
    bloc_of = {m: b for b, members in model.blocs().items() for m in members}
    fights = friendly_fights(model, outcome.standing)
    fight_any = np.zeros(sc.n_constituencies, dtype=bool)
    for mask in fights.values():
        fight_any |= mask
    table: dict[str, Any] = {
        "id": list(sc.constituency_ids),
        "name": list(sc.constituency_names),
        "region": [sc.regions[r] for r in sc.region_of],
        "electors": outcome.electors,
        "votes_cast": total,
        "turnout": np.round(total / np.maximum(outcome.electors, 1), 6),
        "winner": ids[outcome.winners],
        "winner_bloc": [bloc_of[w] for w in outcome.winners],
        "margin": outcome.margins.astype(np.int64),
        "margin_pct": np.round(100 * outcome.margins / np.maximum(total, 1), 4),
        "candidates": outcome.standing.sum(axis=1),
        "standing": [";".join(ids[outcome.standing[c]]) for c in range(sc.n_constituencies)],
        "friendly_fight": fight_any,
        "friendly_fight_alliances": [";".join(n for n, m in fights.items() if m[c])
                                     for c in range(sc.n_constituencies)],
        "iou": np.round(iou, 4),
    }
    for alliance in sc.alliances:
        table[f"allocated:{alliance.name}"] = np.full(sc.n_constituencies, "", dtype=object)
    for state in model.alliances:
        if state.formed:
            labels = np.where(state.assignment == DISPUTED, "disputed",
                              ids[np.maximum(state.assignment, 0)])
            table[f"allocated:{state.name}"][state.rows] = labels
    for p, pid in enumerate(ids):
        table[f"votes:{pid}"] = outcome.votes[:, p]
    return pd.DataFrame(table)


def seats_by_state(table: pd.DataFrame, blocs: list[str] | None = None) -> pd.DataFrame:
    """Seats won by each bloc (alliance or unallied party) in each state.

    Args:
        table: a run's ``constituencies`` table (``id`` and ``winner_bloc`` columns).
        blocs: column order (default: by total seats, descending).

    Returns:
        One row per state (sorted by seats), columns ``state``, one per bloc, ``total``.
    """
    states = table["id"].map(state_of_id)
    counts = pd.crosstab(states, table["winner_bloc"])
    order = blocs or list(counts.sum().sort_values(ascending=False).index)
    order = [b for b in order if b in counts.columns] + [
        b for b in counts.columns if b not in order
    ]
    counts = counts[order]
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values(["total", *order[:1]], ascending=False)
    counts.index.name = "state"
    counts.columns.name = None
    return counts.reset_index()
