"""Key findings: the largest effects, with intervals, on a table whose effects are known."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.effects import effect, largest_effects


def _runs() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = []
    for intensity in (0.0, 1.0, 2.0):
        for protocol in ("gamson", "nash"):
            for _ in range(30):
                rows.append({"intensity": intensity, "protocol": protocol,
                             "seats": int(rng.poisson(5 + 4 * intensity)),
                             "turnout": 0.6 + rng.normal(0, 0.01),
                             "agreed": bool(rng.random() < (0.9 if protocol == "nash" else 0.5))})
    return pd.DataFrame(rows)


def test_a_numeric_parameter_is_read_between_its_ends() -> None:
    e = effect(_runs(), "intensity", "seats")
    assert e is not None and (e.low_level, e.high_level) == (0.0, 2.0)
    assert 7.0 < e.change[0] < 9.0 and e.resolved
    assert e.low[0] <= e.low[2] <= 60 and e.low[1] >= 0  # a count's interval stays in range


def test_a_categorical_parameter_compares_its_worst_and_best_level() -> None:
    e = effect(_runs(), "protocol", "agreed")
    assert e is not None and (e.low_level, e.high_level) == ("gamson", "nash")
    d, lo, hi = e.change
    assert 0.2 < d < 0.6 and 0 < lo < d < hi <= 1  # Newcombe's interval of a difference


def test_largest_effects_rank_resolved_ones_first() -> None:
    found = largest_effects(_runs(), ["intensity", "protocol"], ["seats", "turnout", "agreed"])
    assert [(f.parameter, f.outcome) for f in found[:2]] == [("intensity", "seats"),
                                                            ("protocol", "agreed")]
    assert all(f.resolved for f in found[:2])
    assert not any(f.resolved for f in found if f.outcome == "turnout")
