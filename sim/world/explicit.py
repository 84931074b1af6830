"""A geography listed constituency by constituency in the config."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config.schema import Config


def explicit_geography(config: Config, ids: list[str]) -> dict[str, Any]:
    """The geography of ``[[scenario.constituencies]]``, shares in the order of ``ids``."""
    rows = config.scenario.constituencies
    regions: list[str] = []
    for c in rows:
        if c.region not in regions:
            regions.append(c.region)
    shares = np.array([[c.shares.get(pid, 0.0) for pid in ids] for c in rows], dtype=np.float64)
    shares /= shares.sum(axis=1, keepdims=True)
    return {
        "constituency_ids": tuple(c.id for c in rows),
        "constituency_names": tuple(c.name or c.id for c in rows),
        "regions": tuple(regions),
        "region_of": np.array([regions.index(c.region) for c in rows], dtype=np.int64),
        "electors": np.array([c.electors for c in rows], dtype=np.int64),
        "shares": shares,
        "turnout": np.full(len(rows), config.voters.turnout),
    }
