"""Builders shared by the core tests: small configs (through sim.config.validate) and runs.

Tests build raw config documents (the dicts a TOML file would give) and validate them, so every
test goes through the same door as the command line.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np

from sim.config.schema import Config
from sim.model.coalition import CoalitionModel
from sim.model.election_day import ElectionOutcome
from sim.world.loading import validate

ROOT = Path(__file__).resolve().parent.parent
TOY = ROOT / "configs" / "toy.toml"


def party(pid: str, ideology: float, strength: float | None = None, **extra: Any) -> dict:
    """A raw ``[[parties]]`` entry."""
    doc: dict[str, Any] = {"id": pid, "ideology": ideology, **extra}
    if strength is not None:
        doc["strength"] = strength
    return doc


def constituency(cid: str, region: str, electors: int, **shares: float) -> dict:
    """A raw ``[[scenario.constituencies]]`` entry; shares by party id as keywords."""
    return {"id": cid, "region": region, "electors": electors, "shares": dict(shares)}


def explicit_doc(
    parties: list[dict],
    constituencies: list[dict],
    alliances: list[dict] | None = None,
    **sections: Any,
) -> dict[str, Any]:
    """A raw config document with an explicit scenario; ``sections`` are extra top-level keys."""
    doc: dict[str, Any] = {
        "name": "test",
        "seed": 0,
        "scenario": {"source": "explicit", "constituencies": constituencies},
        "parties": parties,
        "alliances": alliances or [],
        "calendar": {"rounds": 2},
        "voters": {"voters_per_agent": 100},
    }
    return _merge(doc, sections)


def synthetic_doc(
    strengths: dict[str, float],
    n_constituencies: int = 12,
    n_regions: int = 3,
    alliances: list[dict] | None = None,
    **sections: Any,
) -> dict[str, Any]:
    """A raw config document with a synthetic scenario; ideologies spread over [-0.8, 0.8]."""
    ids = list(strengths)
    ideologies = np.linspace(-0.8, 0.8, len(ids)) if len(ids) > 1 else [0.0]
    doc: dict[str, Any] = {
        "name": "test",
        "seed": 0,
        "scenario": {
            "source": "synthetic",
            "synthetic": {"n_constituencies": n_constituencies, "n_regions": n_regions,
                          "electors_mean": 20_000},
        },
        "parties": [party(pid, round(float(x), 3), strengths[pid])
                    for pid, x in zip(ids, ideologies, strict=True)],
        "alliances": alliances or [],
        "calendar": {"rounds": 2},
        "voters": {"voters_per_agent": 200},
    }
    return _merge(doc, sections)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def make_config(doc: dict[str, Any]) -> Config:
    """Validate a raw document (raises ``ConfigError`` like the CLI would)."""
    return validate(doc, "<test>")


def run_model(config: Config | dict[str, Any]) -> tuple[CoalitionModel, ElectionOutcome]:
    """Build a model, play every round and hold the election."""
    if isinstance(config, dict):
        config = make_config(config)
    model = CoalitionModel(config)
    outcome = model.run()
    return model, outcome
