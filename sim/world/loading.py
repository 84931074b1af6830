"""The one door from a config file (or document) to a config a scenario can be built from.

:func:`load_config` reads the file, applies overrides, validates the schema and then runs the
checks that need data (:func:`sim.world.checks.check_config`); any problem is a one-line
:class:`~sim.config.errors.ConfigError` naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sim.config.loading import read_config_document, validate_schema
from sim.config.schema import Config
from sim.world.checks import check_config


def validate(document: dict[str, Any], source: str = "<config>") -> Config:
    """Validate a raw config document fully (schema, then data checks)."""
    return check_config(validate_schema(document, source), source)


def load_config(
    path: str | Path,
    overrides: Iterable[str] | Mapping[str, Any] | None = None,
    *,
    seed: int | None = None,
) -> Config:
    """Read, override and validate a config file.

    Args:
        path: the TOML file.
        overrides: ``["a.b=1", ...]`` as typed on the command line, or a ``{dotted: value}`` dict.
        seed: replaces the config's ``seed`` when given.
    """
    return validate(read_config_document(path, overrides, seed=seed), str(path))
