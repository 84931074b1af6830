"""Real election data shipped with coalition-sim: results, constituency maps, party names.

See ``sim/data/ATTRIBUTION.md`` for the sources and licences of the files in this package, and
:mod:`sim.data.results` for the loader.
"""
