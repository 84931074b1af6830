"""Figures: tables in, a matplotlib ``Figure`` out (no pyplot global state), and the reports.

``run_plots`` (one run's seats, negotiation, public response, maps), ``maps`` (choropleths),
``sweep_plots`` and ``report`` (a sweep's figures and its offline ``report.html``), ``style``
(party colours).

May import: ``sim.run`` (result types and tables), ``sim.data`` (maps, party colours),
``sim.io``. A plot never runs a model.
"""
