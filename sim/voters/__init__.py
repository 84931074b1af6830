"""Voter agents as a population of arrays, and what they see and do.

``population`` (``VoterPopulation``: 6 bytes per agent, sorted by constituency; polls; voting),
``block`` (one constituency's agents), ``signals`` (what voters perceive in a round), ``polls``
(what parties learn), ``ballots`` (who a voter may vote for, given who stands).

May import: ``sim.engine``, ``sim.core`` (and numpy). Nothing above: no scenario, no config.
"""
