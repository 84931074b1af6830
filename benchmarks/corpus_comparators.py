"""Naive forecasts of every consecutive assembly election in the corpus: how hard is the target?

    .venv/bin/python benchmarks/corpus_comparators.py [--states BR UP ...] [--csv out.csv]

For each pair (baseline, target) of :func:`sim.data.catalog.election_pairs` (consecutive
Vidhan Sabha elections of one state), the three comparators of :mod:`sim.core.comparators`
forecast the target from

* the **baseline**: the previous assembly election's vote shares by constituency (the
  constituencies of the target's state, matched by id; a constituency the baseline lacks starts
  from each standing party's average baseline share);
* the target's **nominations** (who stood where) and, for the two swing models, the target's
  **statewide vote shares** (the "perfect poll" of a swing backtest).

Columns are every party of either election (all kept: ``min_state_share=0``), the largest
independent (``IND``) and the other independents (``OTH``, which cannot win). Parties absent
from the baseline are handled as :mod:`sim.core.comparators` says: a party with less than 0.5%
of the state's baseline vote is *new* and gets its target statewide share spread over the seats
it contests; a party that stood elsewhere last time starts from 0 where it did not stand; a
constituency missing from the baseline starts from the baseline's statewide shares. The weights
of the new parties' coverage are the baseline's valid votes (the mean where it lacks a seat).

Printed: one row per pair (winners right %, seat error = seats that change hands, mean absolute
error of the contested constituency vote shares in points), then the winners right pooled over
all constituencies of all pairs and per state. Pairs whose baseline covers another territory
(undivided Andhra Pradesh 2009) are marked ``*`` and left out of the pooled figures.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.core.accuracy import seat_error, seats_by_party, share_mae, winners_right
from sim.core.comparators import carry_forward, proportional_swing, uniform_swing
from sim.data.catalog import election_pairs
from sim.data.matrices import align, state_shares
from sim.data.parties import NOTA, OTH
from sim.data.results import load_results

METHODS = ("carry_forward", "uniform_swing", "proportional_swing")
SHORT = {"carry_forward": "CF", "uniform_swing": "US", "proportional_swing": "PS"}


def backtest(baseline: str, target: str, state: str) -> dict[str, object]:
    """Run the three comparators on one pair; return the measures and per-seat hits."""
    base = load_results(baseline, min_state_share=0.0)
    tgt = load_results(target, min_state_share=0.0)
    ids = tgt.constituencies.loc[tgt.constituencies["state"] == state, "id"].tolist()
    parties = [p for p in dict.fromkeys([*tgt.parties, *base.parties]) if p != NOTA]
    b = align(base, ids, parties)
    t = align(tgt, ids, parties)
    weights = np.where(b.present, b.valid, b.valid[b.present].mean() if b.present.any() else 1.0)
    b_state = state_shares(base, parties, [state])
    t_state = state_shares(tgt, parties, [state])
    contenders = np.array([p != OTH for p in parties])
    col = {p: i for i, p in enumerate(parties)}
    winner_of = dict(zip(tgt.ids, tgt.winners, strict=True))
    actual = np.array([col[winner_of[i]] for i in ids])
    forecasts = {
        "carry_forward": carry_forward(
            b.shares, t.stood, baseline_state=b_state, contenders=contenders
        ),
        "uniform_swing": uniform_swing(
            b.shares, t.stood, b_state, t_state, weights=weights, contenders=contenders
        ),
        "proportional_swing": proportional_swing(
            b.shares, t.stood, b_state, t_state, weights=weights, contenders=contenders
        ),
    }
    row: dict[str, object] = {
        "state": state,
        "baseline": baseline,
        "target": target,
        "seats": len(ids),
        "matched": int(b.present.sum()),
    }
    actual_seats = seats_by_party(actual, len(parties))
    for name, fc in forecasts.items():
        row[f"{name}_right"] = winners_right(fc.winners, actual)
        row[f"{name}_hits"] = int((fc.winners == actual).sum())
        predicted_seats = seats_by_party(fc.winners, len(parties))
        row[f"{name}_seat_error"] = seat_error(predicted_seats, actual_seats)
        row[f"{name}_mae"] = share_mae(fc.shares, t.shares, t.stood)
    return row


def run(states: Sequence[str] | None = None) -> pd.DataFrame:
    """Backtest every consecutive assembly pair (optionally of some state codes only)."""
    pairs = election_pairs("assembly")
    if states:
        pairs = pairs[pairs["state_code"].isin([s.upper() for s in states])]
    rows = []
    for pair in pairs.itertuples():
        row = backtest(pair.baseline, pair.target, pair.state)
        row["territory_changed"] = bool(pair.territory_changed)
        row["ids_differ"] = bool(pair.ids_differ)
        rows.append(row)
    return pd.DataFrame(rows)


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def report(df: pd.DataFrame) -> str:
    """The plain-text table and the pooled summaries."""
    lines = [
        f"{'state':<18} {'baseline -> target':<24} {'seats':>5}  "
        + "  ".join(f"{SHORT[m]}%right" for m in METHODS)
        + "  "
        + "  ".join(f"{SHORT[m]} err" for m in METHODS)
        + "  "
        + "  ".join(f"{SHORT[m]} MAE" for m in METHODS)
    ]
    for r in df.itertuples():
        mark = "*" if r.territory_changed else " "
        pair = f"{r.baseline.split('_')[-1]} -> {r.target.split('_')[-1]}{mark}"
        cells = [f"{r.state:<18} {pair:<24} {r.seats:>5}"]
        cells += [f"{_pct(getattr(r, f'{m}_right')):>8}" for m in METHODS]
        cells += [f"{getattr(r, f'{m}_seat_error'):>6.0f}" for m in METHODS]
        cells += [f"{100 * getattr(r, f'{m}_mae'):>6.1f}" for m in METHODS]
        lines.append("  ".join(cells))
    pooled = df[~df["territory_changed"]]
    lines.append("")
    lines.append(
        f"pooled over {len(pooled)} pairs, {int(pooled['seats'].sum())} constituencies "
        "(winners right):  "
        + "  ".join(
            f"{SHORT[m]} {100 * pooled[f'{m}_hits'].sum() / pooled['seats'].sum():.1f}%"
            for m in METHODS
        )
    )
    lines.append(
        "mean over pairs (winners right):  "
        + "  ".join(f"{SHORT[m]} {100 * pooled[f'{m}_right'].mean():.1f}%" for m in METHODS)
    )
    lines.append("per state, pooled (winners right %):")
    by = pooled.groupby("state")[[f"{m}_hits" for m in METHODS] + ["seats"]].sum()
    for state, r in by.iterrows():
        lines.append(
            f"  {state:<18} {int(r['seats']):>5} seats  "
            + "  ".join(f"{SHORT[m]} {100 * r[f'{m}_hits'] / r['seats']:5.1f}" for m in METHODS)
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", nargs="*", help="state codes (default: all)")
    parser.add_argument("--csv", help="also write the per-pair table here")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    df = run(args.states)
    print(report(df))
    print(f"\n{len(df)} pairs in {time.perf_counter() - t0:.1f} s")
    if args.csv:
        df.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
