"""Scenario discovery: which region of the parameters gives an outcome of interest (e.g. "the
alliance wins"), as a box of simple conditions.

A shallow classification tree (CART; scikit-learn's ``DecisionTreeClassifier``) is fitted to the
runs, the outcome of interest as the class.
Every node of the tree is a box (the conditions on its path; a leaf is the smallest). Of the
boxes holding at least ``min_coverage`` of the runs with the outcome, the one reported balances
*density* (share of its runs with the outcome) and *coverage* (share of all runs with the
outcome inside it) best: the highest harmonic mean of the two, the measures of Bryant & Lempert
(2010), who introduced them for PRIM (where a user picks a box on the same trade-off).
CART rather than PRIM because scikit-learn is a well-kept dependency with exact, deterministic
splits and categorical parameters handled by one-hot columns, while the maintained PRIM
(``ema_workbench``) brings a large stack of its own; for the handful of parameters of a sweep a
depth-3 tree gives boxes as readable as PRIM's (Lempert, Bryant & Bankes 2008 compare the two).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

MAX_DEPTH = 3
MIN_COVERAGE = 0.3


def _balance(density: float, coverage: float) -> float:
    """The harmonic mean of density and coverage (an F-score: high only when both are)."""
    return 2 * density * coverage / (density + coverage) if density + coverage else 0.0


@dataclass(frozen=True)
class Condition:
    """One side of a box: ``low <= parameter <= high`` (numeric; either may be open) or
    ``parameter in values`` (categorical)."""

    parameter: str
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] | None = None

    def describe(self, label: str | None = None, show: Callable[[str], str] = str) -> str:
        """In words; ``show`` writes a categorical value (e.g. a behaviour spec) readably."""
        name = label or self.parameter
        if self.values is not None:
            shown = ", ".join(show(v) for v in self.values)
            return f"{name} is {shown}" if len(self.values) == 1 else f"{name} in {{{shown}}}"
        if self.low is not None and self.high is not None:
            return f"{self.low:.3g} < {name} ≤ {self.high:.3g}"
        if self.low is not None:
            return f"{name} > {self.low:.3g}"
        return f"{name} ≤ {self.high:.3g}"


@dataclass(frozen=True)
class Box:
    """A region of the parameters and how well it captures the outcome.

    Attributes:
        conditions: every condition the region's runs meet (empty: the whole design).
        coverage: share of all runs with the outcome that fall in the box.
        density: share of the box's runs that have the outcome.
        n_runs: runs in the box; base_rate: share of all runs with the outcome.
        rules: the fitted tree as text (every leaf, for the report's appendix).
    """

    conditions: tuple[Condition, ...]
    coverage: float
    density: float
    n_runs: int
    base_rate: float
    rules: str = ""
    leaves: list[dict[str, Any]] = field(default_factory=list)

    def describe(self, labels: dict[str, str] | None = None,
                 show: Callable[[str], str] = str) -> str:
        labels = labels or {}
        if not self.conditions:
            return "anywhere in the design"
        return " and ".join(c.describe(labels.get(c.parameter), show) for c in self.conditions)

    def contains(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows of a table (parameter columns) fall in the box."""
        inside = np.ones(len(frame), dtype=bool)
        for c in self.conditions:
            column = frame[c.parameter]
            if c.values is not None:
                inside &= column.astype(str).isin(c.values).to_numpy()
            else:
                x = column.to_numpy(dtype=float)
                if c.low is not None:
                    inside &= x > c.low
                if c.high is not None:
                    inside &= x <= c.high
        return inside


def _design_matrix(frame: pd.DataFrame, parameters: Sequence[str]
                   ) -> tuple[np.ndarray, list[tuple[str, str | None]]]:
    """Numeric parameters as they are, categorical ones one-hot; (matrix, column meanings)."""
    columns: list[np.ndarray] = []
    meaning: list[tuple[str, str | None]] = []
    for p in parameters:
        series = frame[p]
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
                series.dtype):
            columns.append(series.to_numpy(dtype=float))
            meaning.append((p, None))
        else:
            text = series.astype(str)
            for level in sorted(text.unique()):
                columns.append((text == level).to_numpy(dtype=float))
                meaning.append((p, level))
    return np.column_stack(columns), meaning


def discover(frame: pd.DataFrame, parameters: Sequence[str], target: np.ndarray | pd.Series,
             *, max_depth: int = MAX_DEPTH, min_coverage: float = MIN_COVERAGE,
             min_leaf: float = 0.05, show: Callable[[str], str] = str,
             labels: dict[str, str] | None = None) -> Box | None:
    """The box of parameters where ``target`` (bool per run) is most concentrated.

    Args:
        frame: one row per run, the parameter columns.
        parameters: the columns to search over.
        target: True for the runs with the outcome of interest.
        max_depth: depth of the tree (boxes of up to this many conditions).
        min_coverage: a box must hold at least this share of the runs with the outcome.
        min_leaf: smallest leaf, as a share of the runs.
        show, labels: how the tree's text writes categorical values and parameter names.

    Returns:
        The box, or None when the outcome never or always happens.
    """
    from sklearn.tree import DecisionTreeClassifier, export_text

    y = np.asarray(target, dtype=bool)
    if y.all() or not y.any():
        return None
    x, meaning = _design_matrix(frame, parameters)
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=0,
                                  min_samples_leaf=max(2, int(min_leaf * len(y))))
    tree.fit(x, y)
    in_node = tree.decision_path(x).toarray().astype(bool)  # (runs, nodes)
    paths = _node_paths(tree.tree_)
    total = int(y.sum())
    leaves: list[dict[str, Any]] = []
    for leaf, path in paths.items():
        if not path:
            continue  # the root: the whole design
        rows = in_node[:, leaf]
        n = int(rows.sum())
        if n == 0:
            continue
        hits = int(y[rows].sum())
        leaves.append({"leaf": leaf, "conditions": _conditions(path, meaning, frame),
                       "n": n, "coverage": hits / total, "density": hits / n})
    eligible = [leaf for leaf in leaves if leaf["coverage"] >= min_coverage] or leaves
    best = max(eligible, key=lambda leaf: (_balance(leaf["density"], leaf["coverage"]),
                                           leaf["density"], -leaf["leaf"]))
    labels = labels or {}
    names = [labels.get(p, p) if level is None else f"{labels.get(p, p)} = {show(level)}"
             for p, level in meaning]
    return Box(tuple(best["conditions"]), best["coverage"], best["density"], best["n"],
               total / len(y), export_text(tree, feature_names=names), leaves)


def _node_paths(tree: Any) -> dict[int, list[tuple[int, float, bool]]]:
    """Node id -> [(feature, threshold, went_right), ...] from the root, for every node (each
    node of the tree is a box, a leaf the smallest)."""
    out: dict[int, list[tuple[int, float, bool]]] = {}
    stack: list[tuple[int, list[tuple[int, float, bool]]]] = [(0, [])]
    while stack:
        node, path = stack.pop()
        out[node] = path
        left, right = tree.children_left[node], tree.children_right[node]
        if left == right:  # a leaf
            continue
        feature, threshold = int(tree.feature[node]), float(tree.threshold[node])
        stack.append((left, [*path, (feature, threshold, False)]))
        stack.append((right, [*path, (feature, threshold, True)]))
    return out


def _conditions(path: list[tuple[int, float, bool]], meaning: list[tuple[str, str | None]],
                frame: pd.DataFrame) -> list[Condition]:
    """The splits of a path merged into one condition per parameter."""
    bounds: dict[str, list[float | None]] = {}
    allowed: dict[str, set[str]] = {}
    order: list[str] = []
    for feature, threshold, right in path:
        parameter, level = meaning[feature]
        if parameter not in order:
            order.append(parameter)
        if level is None:
            low, high = bounds.setdefault(parameter, [None, None])
            if right:
                bounds[parameter][0] = threshold if low is None else max(low, threshold)
            else:
                bounds[parameter][1] = threshold if high is None else min(high, threshold)
        else:
            levels = allowed.setdefault(parameter, set(frame[parameter].astype(str).unique()))
            if right:  # the one-hot column is 1: exactly this level
                levels &= {level}
            else:
                levels.discard(level)
    out = []
    for parameter in order:
        if parameter in bounds:
            low, high = bounds[parameter]
            out.append(Condition(parameter, low=low, high=high))
        else:
            out.append(Condition(parameter, values=tuple(sorted(allowed[parameter]))))
    return out
