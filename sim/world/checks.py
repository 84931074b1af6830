"""The checks of a config that need data: its results scenario and its goodwill seats.

The schema (:mod:`sim.config.schema`) checks what a config says without reading any file;
here the constituencies are known, from the data where the scenario is built from results.
Every problem is reported with the config key that causes it, as a :class:`ConfigError`.
"""

from __future__ import annotations

from sim.config.errors import ConfigError, LocatedError, require
from sim.config.schema import Config
from sim.core.rng import Streams
from sim.world.results import build_baseline
from sim.world.synthetic import synthetic_ids


def constituency_ids(config: Config) -> list[str]:
    """Ids of the constituencies the config builds (a results scenario reads its data)."""
    if config.scenario.source == "explicit":
        return [c.id for c in config.scenario.constituencies]
    if config.scenario.source == "results":
        return build_baseline(config).constituencies["id"].tolist()
    return synthetic_ids(config.scenario.synthetic.n_constituencies)


def check_config(config: Config, source: str = "<config>") -> Config:
    """Check what needs data; return the config unchanged or raise a located ConfigError."""
    try:
        known = set(constituency_ids(config))
        for i, gesture in enumerate(config.goodwill):
            for j, cid in enumerate(gesture.constituencies):
                require(cid in known, f"goodwill.{i}.constituencies.{j}",
                        f"unknown constituency {cid!r}")
        if config.scenario.mood is not None:
            # the mood needs the geography: build it (as the model will) to check it
            from sim.world.build import build_scenario

            build_scenario(config, Streams(config.seed).generator("scenario"))
    except LocatedError as exc:
        raise ConfigError(f"{source}: key '{exc.loc}': {exc}") from None
    return config
