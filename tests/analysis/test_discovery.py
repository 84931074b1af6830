"""Scenario discovery finds a box that is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.discovery import discover


def _table(n: int = 600, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"intensity": rng.uniform(0, 2, n), "concession": rng.uniform(0, 1, n),
                         "protocol": rng.choice(["gamson", "nash", "seat_by_seat"], n),
                         "noise": rng.uniform(0, 1, n)})


def test_finds_a_numeric_box() -> None:
    table = _table()
    wins = (table["intensity"] > 1.2) & (table["concession"] <= 0.3)
    box = discover(table, ["intensity", "concession", "noise"], wins)
    assert box is not None
    bounds = {c.parameter: (c.low, c.high) for c in box.conditions}
    assert set(bounds) == {"intensity", "concession"}
    assert bounds["intensity"][0] == pytest.approx(1.2, abs=0.05)
    assert bounds["concession"][1] == pytest.approx(0.3, abs=0.05)
    assert box.density == 1.0 and box.coverage == 1.0
    assert box.base_rate == pytest.approx(wins.mean())
    assert (box.contains(table) == wins.to_numpy()).all()
    text = box.describe({"intensity": "campaign intensity"})
    assert "campaign intensity > 1.2" in text and "concession ≤ 0.29" in text


def test_finds_a_categorical_box() -> None:
    table = _table()
    wins = (table["protocol"] != "gamson") & (table["intensity"] > 1.0)
    box = discover(table, ["protocol", "intensity"], wins)
    assert box is not None
    by = {c.parameter: c for c in box.conditions}
    assert by["protocol"].values == ("nash", "seat_by_seat")
    assert by["intensity"].low == pytest.approx(1.0, abs=0.05)
    assert box.density == 1.0


def test_nothing_to_discover() -> None:
    table = _table(50)
    assert discover(table, ["intensity"], np.zeros(50, dtype=bool)) is None
    assert discover(table, ["intensity"], np.ones(50, dtype=bool)) is None
