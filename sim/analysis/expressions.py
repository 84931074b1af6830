"""Derived outcomes: arithmetic and comparisons over a run's summary fields, e.g.
``INDIA - NDA`` (a seat margin), ``seats_by_alliance.INDIA >= 272`` (a majority, 0/1),
``seats_by_party.INC / allocation.INC`` (a strike rate).

An operand is a dotted summary path (``seats_by_alliance.Left-Congress``), a bare alliance name
(its seats, ``seats_by_alliance.NAME``) or a bare party id (its seats, ``seats_by_party.ID``);
names with spaces or dashes are matched whole (``Sanjukta Morcha - AITC``) or may be quoted in
backticks. Operators: ``+ - * /``, parentheses, ``< <= > >= == !=``, ``and``, ``or``, ``not``.
Nothing else is evaluated (the expression is parsed with :mod:`ast` and only these nodes are
allowed), so an experiment file cannot run code.

The same expression evaluates over one summary (numbers) or over a runs table (columns, one
value per run).
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.Eq: operator.eq, ast.NotEq: operator.ne,
}


class ExpressionError(ValueError):
    """An expression that cannot be parsed, or names something that is not there."""


def is_expression(text: str) -> bool:
    """True when ``text`` is more than one name: it holds an operator (a minus needs spaces
    around it, since ``Left-Congress`` is a name), a parenthesis, a backtick or a boolean word."""
    return bool(re.search(r"[+*/<>=!()`]|\s-\s|^\s*-|\b(and|or|not)\b", text))


@dataclass(frozen=True)
class Expression:
    """A parsed derived outcome.

    Attributes:
        text: as written.
        names: the dotted paths it reads.
    """

    text: str
    tree: ast.Expression
    slots: Mapping[str, str]

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(self.slots.values()))

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The value, given ``values`` (path -> number, or path -> column of a table)."""
        missing = [n for n in self.names if n not in values]
        if missing:
            raise ExpressionError(f"{self.text!r}: {missing[0]!r} has no value")
        return _eval(self.tree.body, {slot: values[path] for slot, path in self.slots.items()})


def aliases(alliances: Iterable[str], parties: Iterable[str]) -> dict[str, str]:
    """Bare names and what they stand for: alliance -> its seats, party -> its seats."""
    out = {p: f"seats_by_party.{p}" for p in parties}
    out.update({a: f"seats_by_alliance.{a}" for a in alliances})
    return out


def parse(text: str, known: Iterable[str], alias: Mapping[str, str] | None = None) -> Expression:
    """Parse ``text`` whose operands are among ``known`` paths (or ``alias`` names).

    Raises:
        ExpressionError: a syntax error, an unknown name, or a construct that is not allowed.
    """
    alias = dict(alias or {})
    paths = set(known)
    names = sorted(set(paths) | set(alias), key=len, reverse=True)
    slots: dict[str, str] = {}
    work = text

    def slot_for(path: str) -> str:
        for slot, p in slots.items():
            if p == path:
                return slot
        slot = f"_v{len(slots)}"
        slots[slot] = path
        return slot

    def quoted(match: re.Match[str]) -> str:
        name = match.group(1)
        path = alias.get(name, name)
        if path not in paths:
            raise ExpressionError(f"{text!r}: unknown name {name!r}")
        return f" {slot_for(path)} "

    work = re.sub(r"`([^`]+)`", quoted, work)
    for name in names:
        pattern = rf"(?<![\w.`-]){re.escape(name)}(?![\w.`-])"
        if re.search(pattern, work):
            slot = slot_for(alias.get(name, name))
            work = re.sub(pattern, f" {slot} ", work)
    try:
        tree = ast.parse(work.strip(), mode="eval")
    except SyntaxError:
        raise ExpressionError(f"{text!r}: not a valid expression (names are summary paths, "
                              "alliance names or party ids; operators + - * / < <= > >= == "
                              "!= and or not)") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in slots:
            raise ExpressionError(f"{text!r}: unknown name {node.id!r}")
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"{text!r}: {type(node).__name__} is not allowed in an "
                                  "outcome expression")
    return Expression(text, tree, slots)


_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.Name,
            ast.Load, ast.Constant, ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or,
            *_BINARY, *_COMPARE)


def _eval(node: ast.AST, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"only numbers may be constants, got {node.value!r}")
        return node.value
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, env), _eval(node.right, env)
        if isinstance(node.op, ast.Div):
            with np.errstate(divide="ignore", invalid="ignore"):
                quotient = np.true_divide(left, right)
            return float(quotient) if np.ndim(quotient) == 0 else quotient
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, env)
        if isinstance(node.op, ast.Not):
            return np.logical_not(value) if not np.isscalar(value) else not value
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Compare):
        result: Any = True
        left = _eval(node.left, env)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, env)
            result = np.logical_and(result, _COMPARE[type(op)](left, right))
            left = right
        return result
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, env) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        out = values[0]
        for v in values[1:]:
            out = combine(out, v)
        return out
    raise ExpressionError(f"{type(node).__name__} is not allowed")  # pragma: no cover


def flatten(summary: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every numeric leaf of a summary by dotted path (booleans as 0/1)."""
    out: dict[str, Any] = {}
    for key, value in summary.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{path}."))
        elif isinstance(value, bool):
            out[path] = int(value)
        elif isinstance(value, int | float) and value is not None:
            out[path] = value
    return out


def evaluate_outcome(text: str, summary: Mapping[str, Any]) -> float:
    """A derived outcome of one run's summary, e.g. ``evaluate_outcome("INDIA - NDA", s)``."""
    return evaluate_on_summary(text, summary)


def evaluate_on_summary(text: str, summary: Mapping[str, Any]) -> float:
    """A derived outcome of one run (a float; comparisons give 0.0 or 1.0)."""
    values = flatten(summary)
    expression = parse(text, values, aliases(summary.get("seats_by_alliance", {}),
                                             summary.get("seats_by_party", {})))
    result = expression.evaluate(values)
    return float(result)


def summary_paths(alliances: Iterable[str], parties: Iterable[str],
                  regions: Iterable[str] = ()) -> set[str]:
    """The numeric summary paths of a config with these alliances and parties (for checking an
    expression before any run)."""
    alliances, parties = list(alliances), list(parties)
    blocs = alliances + parties
    paths = {"n_constituencies", "agreement_round", "friendly_fights", "transfer_rate",
             "iou_mean", "enp_votes", "enp_seats", "turnout", "voter_agents",
             "voters_per_agent", "seed"}
    for p in parties:
        paths |= {f"seats_by_party.{p}", f"votes_by_party.{p}", f"allocation.{p}"}
    for b in blocs:
        paths |= {f"seats_by_alliance.{b}", f"votes_by_alliance.{b}"}
    for i, a in enumerate(alliances):
        paths |= {f"alliances.{a}.agreement_round", f"alliances.{a}.disputed_at_deadline"}
        paths |= {f"seat_margins.{a} - {b}" for b in alliances[i + 1:]}
        paths |= {f"alliances.{a}.allocation.{p}" for p in parties}
    for r in regions:
        paths |= {f"seats_by_region.{r}.{p}" for p in parties}
    return paths
