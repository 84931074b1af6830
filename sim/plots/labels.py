"""Readable names for what reports show: a parameter's label instead of its config path, a
table-valued option (a behaviour spec) as "seat_by_seat (claim margin 0.5)" instead of JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_LISTS = {"alliances": "name", "parties": "id", "goodwill": "giver"}
_DROP = {"params", "scenario", "results", "synthetic"}


def _element(base: Mapping[str, Any] | None, key: str, part: str) -> str:
    """The id or name of a list element addressed by index or id."""
    items = (base or {}).get(key) or []
    if part.lstrip("-").isdigit() and 0 <= int(part) < len(items):
        item = items[int(part)]
        if isinstance(item, Mapping):
            return str(item.get(_LISTS[key]) or part)
    return part


def humanise_path(path: str, base: Mapping[str, Any] | None = None) -> str:
    """A config path in words: ``alliances.0.protocol.params.responsiveness`` ->
    "responsiveness (Left-Congress protocol)", ``campaign.intensity`` -> "campaign intensity"."""
    parts = path.split(".")
    words: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part in _LISTS and i + 1 < len(parts):
            words.append(_element(base, part, parts[i + 1]))
            i += 2
            continue
        if part not in _DROP:
            words.append(part.replace("_", " "))
        i += 1
    if len(words) >= 2 and words[-1] == "name":
        words = words[:-1]
    if not words:
        return path
    leaf, context = words[-1], words[:-1]
    if not context:
        return leaf
    if len(parts) <= 2 and parts[0] not in _LISTS:
        return leaf if all(w in leaf for w in context) else " ".join(words)
    return f"{leaf} ({' '.join(context)})"


def parameter_label(parameter: Mapping[str, Any], base: Mapping[str, Any] | None = None,
                    units: bool = False) -> str:
    """The experiment's label for a parameter, or its path in words; with ``units``, the
    units in parentheses."""
    label = parameter.get("label") or ""
    if not label or label == parameter.get("name"):
        paths = parameter.get("paths") or [parameter["name"]]
        label = (humanise_path(paths[0], base) if len(paths) == 1 or parameter["name"] in paths
                 else str(parameter["name"]).replace("_", " "))
    unit = parameter.get("units") or ""
    return f"{label} ({unit})" if units and unit else label


def readable_value(value: Any) -> str:
    """A parameter value for a table cell or a tick: numbers compact, a behaviour spec as
    "name (param value, ...)", any other table as "key = value, ...", lists comma-joined."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, Mapping):
        if "name" in value and set(value) <= {"name", "params"}:
            params = value.get("params") or {}
            inner = ", ".join(f"{k.replace('_', ' ')} {readable_value(v)}"
                              for k, v in params.items())
            return f"{value['name']} ({inner})" if inner else str(value["name"])
        return ", ".join(f"{k} = {readable_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(readable_value(v) for v in value)
    return str(value)
