"""The world a run is played on: the Scenario and its builders, from a validated config.

``scenario`` (frozen ``Scenario``, ``Party``, ``Alliance``, ``Goodwill``), ``build``
(``build_scenario``: Config → Scenario), ``synthetic``, ``explicit`` and ``results`` (the three
geographies; ``results`` reads the shipped elections), ``checks`` (what needs data to check),
``loading`` (``load_config``: file → fully checked Config, the one door).

May import: ``sim.config``, ``sim.data``, ``sim.core``. Not the model or the voters.
"""
