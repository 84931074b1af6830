"""Analysis of results tables: intervals, effects, scenario discovery, derived outcomes and
threshold search (pure functions on plain tables and callables; nothing here runs a model).

``intervals`` (Wilson for shares, bootstrap for counts, t for the rest), ``effects`` (the
largest effects of a sweep, with intervals), ``discovery`` (CART boxes: which parameter region
gives an outcome), ``expressions`` (derived outcomes such as ``INDIA - NDA``), ``threshold``
(bisection with replications, and a bootstrap interval on the crossing point).

May import: numpy, scipy, pandas, scikit-learn (discovery only, on first use); nothing of
``sim`` but ``sim.core``.
"""
