"""What counts as the user's error (exit code 2, one line) rather than a bug."""

from __future__ import annotations

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """A problem with the user's input, reported in one line with exit code 2."""


def user_errors() -> tuple[type[BaseException], ...]:
    """Every exception type that reports bad input (imported when an error is being caught,
    so that a command's start-up does not load the whole package)."""
    from sim.behaviours.registry import BehaviourError
    from sim.config.errors import ConfigError
    from sim.data.errors import DataError
    from sim.output import OutputExistsError

    return (UserError, ConfigError, BehaviourError, OutputExistsError, DataError)
