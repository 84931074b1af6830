"""The voter population of a scenario: its electors, baseline shares and parties' supporters."""

from __future__ import annotations

import numpy as np

from sim.core.rng import Streams
from sim.voters.population import VoterPopulation
from sim.world.scenario import Scenario


def draw_population(scenario: Scenario, streams: Streams, *, voters_per_agent: int,
                    nonpartisan_share: float, concentration: float) -> VoterPopulation:
    """Draw the voter agents of ``scenario`` (see :meth:`VoterPopulation.draw`): each party's
    supporters with its mean loyalty and initial transfer willingness, each constituency's
    turnout."""
    return VoterPopulation.draw(
        streams,
        electors=scenario.electors,
        shares=scenario.shares,
        turnout=scenario.turnout,
        region_of=scenario.region_of,
        loyalty=np.array([p.loyalty for p in scenario.parties]),
        initial_transfer=np.array([p.initial_transfer for p in scenario.parties]),
        voters_per_agent=voters_per_agent,
        nonpartisan_share=nonpartisan_share,
        concentration=concentration,
    )
