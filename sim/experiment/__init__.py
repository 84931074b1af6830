"""Experiments: declare a sweep in a TOML file, run it on a serial, multi-process or Dask
evaluator, persist every run as it finishes, resume after a kill, and plot the results.

The pieces, each usable alone:

* :mod:`sim.experiment.parameters`: typed parameters (real, integer, categorical).
* :mod:`sim.experiment.designs`: samplers (grid, random, Latin hypercube, Sobol', Morris).
* :mod:`sim.experiment.spec`: the experiment file, checked before any run.
* :mod:`sim.experiment.plan`: run ids and seeds (``SeedSequence`` spawning).
* :mod:`sim.experiment.evaluators`: serial, processes, Dask (context managers).
* :mod:`sim.experiment.store`: the results folder, atomic parts, Parquet tables.
* :mod:`sim.experiment.runner`: :func:`run_sweep`, the loop that ties them together.

May import: ``sim.run`` (``run_one``), ``sim.world`` (``load_config``), ``sim.plots`` (the
report), ``sim.config``, ``sim.io`` and below. Not ``sim.output`` or the CLI.
"""

from sim.experiment.errors import ExperimentError, SweepAborted
from sim.experiment.spec import Experiment, load_experiment

__all__ = ["Experiment", "ExperimentError", "SweepAborted", "load_experiment"]
