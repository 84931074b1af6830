"""Run configurations: the schema, dotted-path overrides, reading TOML, located errors.

``schema`` (pydantic models: every key, type, range and default), ``paths`` (dotted-path
addressing for ``--set`` and sweeps), ``loading`` (TOML → overrides → schema), ``errors``
(``ConfigError``, ``LocatedError``, ``require``). No data file is read here: checks that need
data belong to :mod:`sim.world` (``sim.world.loading.load_config`` is the full door).

May import: ``sim.behaviours`` (to check named behaviours and their parameters), ``sim.core``.
"""
