"""Golden output: a small fixed run must reproduce its stored summary exactly.

Any change to the model's rules, random streams or counting shows up here. When a change is
intended, regenerate the file and review the diff in the commit:

    COALSIM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sim.run.single import run_one
from sim.world.loading import load_config

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden" / "toy_seed3_summary.json"
OVERRIDES = ["voters.voters_per_agent=200", "calendar.rounds=4",
             "alliances.0.protocol=seat_by_seat"]


def test_small_toy_run_matches_its_golden_summary() -> None:
    config = load_config(ROOT / "configs" / "toy.toml", OVERRIDES, seed=3)
    summary = json.loads(json.dumps(run_one(config).summary))
    if os.environ.get("COALSIM_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    expected = json.loads(GOLDEN.read_text())
    assert summary == expected
