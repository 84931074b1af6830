"""Real election data shipped with coalition-sim: results, constituency maps, party names.

``results`` (the dataset registry and the loader: one row per constituency, one column per
party), ``parties`` (canonical party ids and each source's spellings; colours), ``ids``
(constituency ids and states), ``boundaries`` (the constituency maps as polygons), ``errors``
(``DataError``: file, line, column). See ``sim/data/ATTRIBUTION.md`` for the sources and
licences of the files in this package.

May import: numpy, pandas, and ``sim.data`` itself. No config, no model: pure data.
"""
