"""Dotted-path addressing of config documents: ``--set`` overrides and sweep parameters.

A path such as ``parties.LFT.loyalty`` or ``alliances.0.protocol.params.responsiveness``
addresses a value in a raw config document (the dict a TOML file gives). Path parts address
dict keys; in a list, a number is an index and any other part selects the element whose ``id``
or ``name`` equals it. The same addressing serves ``coalsim run --set`` and experiment files.
"""

from __future__ import annotations

import copy
import tomllib
from typing import Any

from sim.config.errors import ConfigError


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``dotted.key=value``; the value is read as TOML (so 3, 0.5, true, "x", [1, 2])
    and falls back to a bare string."""
    if "=" not in text:
        raise ConfigError(f"--set {text!r}: expected dotted.key=value")
    key, _, raw = text.partition("=")
    key = key.strip()
    if not key or any(not part for part in key.split(".")):
        raise ConfigError(f"--set {text!r}: the key must be a dotted path like voters.turnout")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return key, value


def find_index(items: list[Any], part: str) -> int | None:
    """The list position a path part addresses: an index, or the element whose ``id`` or
    ``name`` is ``part``; None if there is none."""
    if part.lstrip("-").isdigit():
        index = int(part)
        return index if 0 <= index < len(items) else None
    for i, item in enumerate(items):
        if isinstance(item, dict) and part in (item.get("id"), item.get("name")):
            return i
    return None


def get_path(document: Any, parts: list[str]) -> Any:
    """The value at ``parts`` in a document, or None where the path leads nowhere."""
    node = document
    for part in parts:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list):
            index = find_index(node, part)
            node = None if index is None else node[index]
        else:
            return None
    return node


def apply_override(document: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """Set ``key`` (a dotted path) in a copy of a raw config document.

    Missing tables along the path are created; a list element must exist.

    Raises:
        ConfigError: an index out of range, no element with that id or name, or a path that
            runs through a plain value.
    """
    doc = copy.deepcopy(document)
    node: Any = doc
    parts = key.split(".")
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, dict):
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
        elif isinstance(node, list):
            index = find_index(node, part)
            if index is None:
                if part.lstrip("-").isdigit():
                    raise ConfigError(f"--set {where}: index {int(part)} is out of range "
                                      f"(0..{len(node) - 1})")
                raise ConfigError(f"--set {where}: no element with id or name {part!r}")
            if last:
                node[index] = value
            else:
                node = node[index]
        else:
            raise ConfigError(f"--set {key}: {'.'.join(parts[:depth])!r} is a value, not a table")
    return doc
