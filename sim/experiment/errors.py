"""Errors of the experiment layer."""

from __future__ import annotations

from sim.config.errors import ConfigError


class ExperimentError(ConfigError):
    """An experiment file cannot be used; the message names the file and the key.

    A subclass of :class:`sim.config.ConfigError`, so the command line reports it in one line
    and exits with code 2, before any run starts.
    """


class SweepAborted(RuntimeError):
    """A sweep stopped before every run finished (a lost worker, a broken pool).

    Every run that finished before the stop is saved; ``--resume`` does the rest.
    """
