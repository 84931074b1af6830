"""Read a config file, apply overrides, and validate it against the schema.

This reads TOML and nothing else: checks that need data (a results scenario's datasets,
constituencies, party spellings) are made where the scenario is built, by
:func:`sim.world.loading.load_config`, the one door from a file to a runnable config.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.behaviours.registry import add_search_path
from sim.config.errors import ConfigError, LocatedError, format_validation_error
from sim.config.paths import apply_override, parse_override
from sim.config.schema import Config


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning every failure into a :class:`ConfigError`.

    The file's folder is added to the behaviour search path: user behaviours may sit next to
    their config.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read file ({exc})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    add_search_path(Path(path).parent)
    return document


def with_overrides(document: dict[str, Any],
                   overrides: Iterable[str] | Mapping[str, Any] | None) -> dict[str, Any]:
    """Apply ``["a.b=1", ...]`` (as typed on the command line) or ``{dotted: value}``."""
    items = overrides.items() if isinstance(overrides, Mapping) else (
        parse_override(o) for o in (overrides or []))
    for key, value in items:
        document = apply_override(document, key, value)
    return document


def validate_schema(document: dict[str, Any], source: str = "<config>") -> Config:
    """Validate a raw document against the schema into a :class:`Config` (no data is read),
    or raise a located :class:`ConfigError`."""
    try:
        return Config.model_validate(document)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, source)) from None
    except LocatedError as exc:  # pragma: no cover - pydantic wraps these; kept for safety
        raise ConfigError(f"{source}: key '{exc.loc}': {exc}") from None


def read_config_document(path: str | Path,
                         overrides: Iterable[str] | Mapping[str, Any] | None = None, *,
                         seed: int | None = None) -> dict[str, Any]:
    """The raw document of a config file with overrides (and a replacement seed) applied."""
    document = with_overrides(read_toml(Path(path)), overrides)
    if seed is not None:
        document["seed"] = seed
    return document
