"""A seeded synthetic geography: regions, regional strongholds and swing seats."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config.schema import Config


def synthetic_ids(n: int) -> list[str]:
    """Constituency ids of the synthetic generator: C001, C002, ..."""
    width = max(3, len(str(n)))
    return [f"C{i + 1:0{width}d}" for i in range(n)]


def synthetic_shares(
    strengths: np.ndarray,
    region_of: np.ndarray,
    n_regions: int,
    stronghold: float,
    local_noise: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Baseline vote shares with regional strongholds and local variation.

    share[c, p] is proportional to national strength[p] × a regional multiplier
    exp(stronghold · z[r, p]) × a local multiplier exp(local_noise · z[c, p]), with z standard
    normal: a party can be strong in some regions and weak in others, and close seats arise
    where multipliers cross.
    """
    n_parties = strengths.size
    regional = np.exp(stronghold * rng.standard_normal((n_regions, n_parties)))
    local = np.exp(local_noise * rng.standard_normal((region_of.size, n_parties)))
    raw = strengths[None, :] * regional[region_of] * local
    return raw / raw.sum(axis=1, keepdims=True)


def synthetic_geography(config: Config, rng: np.random.Generator) -> dict[str, Any]:
    """The geography of a synthetic scenario (``rng`` is the ``scenario`` stream)."""
    spec = config.scenario.synthetic
    n = spec.n_constituencies
    n_regions = min(spec.n_regions, n)
    region_of = (np.arange(n) * n_regions) // n
    strengths = np.array([p.strength or 0.0 for p in config.parties], dtype=np.float64)
    strengths = strengths / strengths.sum()
    shares = synthetic_shares(
        strengths, region_of, n_regions, spec.stronghold, spec.local_noise, rng
    )
    spread = rng.uniform(-spec.electors_spread, spec.electors_spread, n)
    electors = np.maximum(1, np.rint(spec.electors_mean * (1.0 + spread))).astype(np.int64)
    ids = synthetic_ids(n)
    return {
        "constituency_ids": tuple(ids),
        "constituency_names": tuple(f"Constituency {i + 1}" for i in range(n)),
        "regions": tuple(f"R{r + 1}" for r in range(n_regions)),
        "region_of": region_of.astype(np.int64),
        "electors": electors,
        "shares": shares,
        "turnout": np.full(n, config.voters.turnout),
    }
