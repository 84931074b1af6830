"""Real election data shipped with coalition-sim: results, constituency maps, party names.

Pure data: imports nothing from the rest of :mod:`sim`. See ``sim/data/ATTRIBUTION.md`` for the
sources and licences of the files in this package.

* :mod:`sim.data.results`: :func:`~sim.data.results.load_results` and
  :class:`~sim.data.results.ElectionResults`;
* :mod:`sim.data.datasets`: the registry of the 176 shipped datasets (83 assembly elections,
  91 Lok Sabha elections by assembly segment, 2 all-India Lok Sabha files);
* :mod:`sim.data.catalog`: the catalogue, :func:`~sim.data.catalog.find_dataset` and
  consecutive :func:`~sim.data.catalog.election_pairs`;
* :mod:`sim.data.parties` (with :mod:`~sim.data.party_names` and :mod:`~sim.data.spellings`):
  one canonical id per party across every file;
* :mod:`sim.data.states` and :mod:`sim.data.ids`: state names, codes and constituency ids;
* :mod:`sim.data.matrices`: an election as arrays aligned to given constituencies and parties;
* :mod:`sim.data.boundaries`: the constituency maps as polygons;
* :mod:`sim.data.errors`: ``DataError`` (file, line, column).

May import: numpy, pandas, and ``sim.data`` itself. No config, no model: pure data.
"""
