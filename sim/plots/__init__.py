"""Figures: tables in, a matplotlib ``Figure`` out (no pyplot global state), and the reports.

``palette`` and ``colour`` (one colour per party and bloc, kept apart by CIEDE2000),
``run_tables`` (a run as tables, from a result or a folder), ``run_plots`` and ``run_maps``
(one run's charts and maps), ``maps`` (projected choropleths with holes and city insets),
``run_report`` (a run's figures and ``report.html``), ``sweep_plots`` and ``report`` (a sweep's
figures and its ``report.html``), ``html`` (the reports' page parts and glossary).

May import: ``sim.analysis`` (intervals, effects, scenario discovery), ``sim.run`` (result
types and tables), ``sim.data`` (maps, party colours), ``sim.io``. A plot never runs a model.
"""
