"""Build the scenario a validated config describes: the one door from Config to Scenario."""

from __future__ import annotations

import numpy as np

from sim.config.schema import Config
from sim.core.goals import Goals
from sim.world.explicit import explicit_geography
from sim.world.mood import mood_shares
from sim.world.results import remainder_party, results_geography
from sim.world.scenario import Alliance, Goodwill, Party, Scenario
from sim.world.synthetic import synthetic_geography


def build_scenario(config: Config, rng: np.random.Generator) -> Scenario:
    """Build the scenario a config describes (``rng`` is the ``scenario`` stream)."""
    party_configs = list(config.parties)
    if config.scenario.source == "results":
        party_configs += remainder_party(config)  # the pooled "others", unless listed
    parties = tuple(
        Party(
            id=p.id,
            name=p.name or p.id,
            ideology=p.ideology,
            goals=Goals(office=p.goals.office, policy=p.goals.policy, rival=p.goals.rival),
            strategy=p.strategy,
            campaign_budget=p.campaign_budget,
            loyalty=p.loyalty,
            initial_transfer=p.initial_transfer,
            transfer_floor=p.transfer_floor,
        )
        for p in party_configs
    )
    ids = [p.id for p in parties]
    if config.scenario.source == "explicit":
        geography = explicit_geography(config, ids)
    elif config.scenario.source == "results":
        geography = results_geography(config)
    else:
        geography = synthetic_geography(config, rng)
    geography["shares"] = mood_shares(config, geography, ids)
    cid_index = {cid: i for i, cid in enumerate(geography["constituency_ids"])}
    alliances = tuple(
        Alliance(
            name=a.name,
            members=tuple(ids.index(m) for m in a.members),
            rivals=tuple(ids.index(r) for r in a.rivals),
            protocol=a.protocol,
            scope=a.scope,
            presence=a.presence,
            fixed_seats=tuple((ids.index(m), n) for m, n in a.fixed_seats.items()),
        )
        for a in config.alliances
    )
    goodwill = tuple(
        Goodwill(
            giver=ids.index(g.giver),
            beneficiary=ids.index(g.beneficiary),
            constituencies=tuple(cid_index[c] for c in g.constituencies),
        )
        for g in config.goodwill
    )
    return Scenario(
        parties=parties,
        alliances=alliances,
        government=tuple(ids.index(g) for g in config.scenario.government),
        goodwill=goodwill,
        rounds=config.calendar.rounds,
        quiet_rounds=frozenset(config.calendar.quiet_rounds),
        **geography,
    )
