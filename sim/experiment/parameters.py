"""Typed sweep parameters: the values one configuration key takes in an experiment.

Three kinds, after EMA Workbench's ``RealParameter`` / ``IntegerParameter`` /
``CategoricalParameter``:

* :class:`CategoricalParameter`: a list of values (numbers, strings, booleans or whole tables,
  e.g. a protocol spec). A design picks among them.
* :class:`IntegerParameter`: integers from ``low`` to ``high`` by ``step``.
* :class:`RealParameter`: a real range. With ``step`` or ``count`` it is a finite set of levels
  (what a grid needs); without, it is continuous, uniform over the range or following a named
  distribution (normal, truncated normal, log-uniform, triangular, beta), which the sampling
  designs reach through its quantile function.

Every parameter maps a point of the unit interval to a value (:meth:`Parameter.from_unit`), so
samplers work in the unit hypercube and never need to know a parameter's kind, and finite
parameters list their levels (:meth:`Parameter.levels`) for a full grid.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from sim.experiment.errors import ExperimentError

MAX_REPRESENTATIVES = 12
_TAIL = 1e-3  # quantiles used to validate an unbounded distribution's values


def display_value(value: Any) -> Any:
    """A value as it appears in a table cell: scalars unchanged, tables and lists as JSON."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _pick(values: tuple[Any, ...], u: np.ndarray) -> list[Any]:
    k = len(values)
    index = np.minimum((np.asarray(u, dtype=float) * k).astype(np.int64), k - 1)
    return [values[i] for i in np.maximum(index, 0)]


def _spread(values: tuple[Any, ...]) -> list[Any]:
    """At most MAX_REPRESENTATIVES values, first and last included."""
    if len(values) <= MAX_REPRESENTATIVES:
        return list(values)
    index = np.unique(np.linspace(0, len(values) - 1, MAX_REPRESENTATIVES).round().astype(int))
    return [values[i] for i in index]


@dataclass(frozen=True)
class Parameter:
    """Base of the parameter kinds.

    Attributes:
        name: the column name in the tables (the dotted path, unless ``paths`` is given).
        paths: the configuration keys that take the value (usually just ``name``).
        label: a human name for plots (defaults to ``name``).
        units: units for axis labels ("" when dimensionless).
    """

    name: str
    paths: tuple[str, ...]
    label: str = ""
    units: str = ""

    kind: ClassVar[str] = ""

    @property
    def finite(self) -> bool:
        """True when the parameter has a finite list of levels."""
        return self.values is not None

    @property
    def values(self) -> tuple[Any, ...] | None:
        """The levels, or None for a continuous parameter."""
        raise NotImplementedError

    @property
    def numeric(self) -> bool:
        """True when values are numbers (plotted on an axis rather than as categories)."""
        return True

    def levels(self, where: str = "") -> list[Any]:
        """The levels a full grid visits, in order."""
        if self.values is None:
            raise ExperimentError(
                f"{where}: a continuous range has no levels for a grid; give `step`, `count` "
                "or `values`"
            )
        return list(self.values)

    def from_unit(self, u: np.ndarray) -> list[Any]:
        """Map points of [0, 1] to values (levels are picked in equal-width bins)."""
        raise NotImplementedError

    def representatives(self) -> list[Any]:
        """Values to try on the base config before any run (the ends and a spread)."""
        return _spread(self.values) if self.values is not None else []

    def axis_label(self) -> str:
        """Label with units, for a plot axis."""
        text = self.label or self.name
        return f"{text} ({self.units})" if self.units else text

    def describe(self) -> str:
        """One line for the report's parameter table."""
        values = self.values
        if values is None:
            return ""
        shown = [str(display_value(v)) for v in values]
        if len(shown) > 8:
            shown = [*shown[:3], "…", *shown[-2:]]
        return f"{', '.join(shown)} ({len(values)} values)"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able description (for the manifest and the plots)."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "paths": list(self.paths),
                               "label": self.label or self.name, "units": self.units,
                               "numeric": self.numeric, "finite": self.finite,
                               "describe": self.describe()}
        if self.values is not None:
            out["values"] = [display_value(v) for v in self.values]
        return out


@dataclass(frozen=True)
class CategoricalParameter(Parameter):
    """A list of values, numbers or not."""

    choices: tuple[Any, ...] = ()
    kind: ClassVar[str] = "categorical"

    @property
    def values(self) -> tuple[Any, ...]:
        return self.choices

    @property
    def numeric(self) -> bool:
        return all(_is_number(v) for v in self.choices)

    def from_unit(self, u: np.ndarray) -> list[Any]:
        return _pick(self.choices, u)


@dataclass(frozen=True)
class IntegerParameter(Parameter):
    """Integers from ``low`` to ``high`` (inclusive) by ``step``."""

    low: int = 0
    high: int = 1
    step: int = 1
    kind: ClassVar[str] = "integer"

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(range(self.low, self.high + 1, self.step))

    def from_unit(self, u: np.ndarray) -> list[Any]:
        return _pick(self.values, u)

    def describe(self) -> str:
        return f"{self.low} to {self.high} by {self.step} ({len(self.values)} values)"


@dataclass(frozen=True)
class Distribution:
    """A named distribution for a continuous parameter, through ``scipy.stats``.

    Attributes:
        name: uniform, loguniform, normal, triangular or beta.
        low, high: the support (uniform, loguniform, triangular, beta) or the truncation of a
            normal (None: untruncated).
        args: mean and sd (normal), mode (triangular), a and b (beta).
    """

    name: str
    low: float | None
    high: float | None
    args: dict[str, float] = field(default_factory=dict)

    NAMES: ClassVar[tuple[str, ...]] = ("uniform", "loguniform", "normal", "triangular", "beta")

    def frozen(self) -> Any:
        """The frozen ``scipy.stats`` distribution."""
        from scipy import stats

        lo, hi = self.low, self.high
        if self.name == "normal":
            mean, sd = self.args["mean"], self.args["sd"]
            if lo is None and hi is None:
                return stats.norm(loc=mean, scale=sd)
            a = -math.inf if lo is None else (lo - mean) / sd
            b = math.inf if hi is None else (hi - mean) / sd
            return stats.truncnorm(a, b, loc=mean, scale=sd)
        if lo is None or hi is None:  # pragma: no cover - parse_parameter requires bounds
            raise ValueError(f"a {self.name} distribution needs both bounds")
        if self.name == "uniform":
            return stats.uniform(loc=lo, scale=hi - lo)
        if self.name == "loguniform":
            return stats.loguniform(lo, hi)
        if self.name == "triangular":
            return stats.triang((self.args["mode"] - lo) / (hi - lo), loc=lo, scale=hi - lo)
        if self.name == "beta":
            return stats.beta(self.args["a"], self.args["b"], loc=lo, scale=hi - lo)
        raise ValueError(f"unknown distribution {self.name!r}")  # pragma: no cover

    def describe(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self.args.items())
        support = "" if self.low is None and self.high is None else (
            f" on [{'-inf' if self.low is None else f'{self.low:g}'}, "
            f"{'inf' if self.high is None else f'{self.high:g}'}]")
        return f"{self.name}({args}){support}"


@dataclass(frozen=True)
class RealParameter(Parameter):
    """A real range: a finite set of levels (from ``step`` or ``count``) or continuous."""

    low: float = 0.0
    high: float = 1.0
    grid: tuple[float, ...] | None = None
    distribution: Distribution | None = None
    kind: ClassVar[str] = "real"

    @property
    def values(self) -> tuple[float, ...] | None:
        return self.grid

    def _dist(self) -> Any:
        return (self.distribution or Distribution("uniform", self.low, self.high)).frozen()

    def from_unit(self, u: np.ndarray) -> list[Any]:
        if self.grid is not None:
            return _pick(self.grid, u)
        return [float(x) for x in self._dist().ppf(np.asarray(u, dtype=float))]

    def representatives(self) -> list[Any]:
        if self.grid is not None:
            return _spread(self.grid)
        q = self._dist().ppf([0.0, 0.5, 1.0])
        if not np.isfinite(q).all():
            q = self._dist().ppf([_TAIL, 0.5, 1.0 - _TAIL])
        return [float(x) for x in q]

    def describe(self) -> str:
        if self.grid is not None:
            return super().describe()
        if self.distribution is not None and self.distribution.name != "uniform":
            return f"continuous, {self.distribution.describe()}"
        return f"continuous, uniform on [{self.low:g}, {self.high:g}]"


# --------------------------------------------------------------------------- parsing

PARAMETER_KEYS = ("values", "range", "step", "count", "distribution", "mean", "sd", "mode", "a",
                  "b", "type", "label", "units", "paths")


def parse_parameter(key: str, raw: Any, where: str) -> Parameter:
    """Build a parameter from its TOML form.

    Args:
        key: the key under ``[parameters]``: a dotted config path, or a column name when the
            table gives ``paths``.
        raw: a list of values (shorthand for ``{ values = [...] }``) or a table.
        where: ``"FILE: key 'parameters.\"KEY\"'"`` for error messages.
    """
    if isinstance(raw, list):
        raw = {"values": raw}
    if not isinstance(raw, dict):
        raise ExperimentError(
            f"{where}: expected a list of values or a table with `values`, `range` or "
            f"`distribution` (got {raw!r})"
        )
    unknown = sorted(set(raw) - set(PARAMETER_KEYS))
    if unknown:
        raise ExperimentError(f"{where}: unknown key {unknown[0]!r}; expected some of "
                              f"{', '.join(PARAMETER_KEYS)}")
    paths = _paths(key, raw.get("paths"), where)
    common: dict[str, Any] = {"name": key, "paths": paths, "label": _text(raw, "label", where),
              "units": _text(raw, "units", where)}
    forms = [k for k in ("values", "range", "distribution") if k in raw]
    if not forms:
        raise ExperimentError(f"{where}: give `values`, `range` or `distribution`")
    if "values" in raw:
        if len(forms) > 1:
            raise ExperimentError(f"{where}: give either `values` or `range`/`distribution`, "
                                  "not both")
        extra = sorted(set(raw) & {"step", "count", "mean", "sd", "mode", "a", "b", "type"})
        if extra:
            raise ExperimentError(f"{where}: `{extra[0]}` does not go with `values`")
        return CategoricalParameter(**common, choices=_choices(raw["values"], where))
    if "distribution" in raw:
        return _distribution_parameter(raw, common, where)
    return _range_parameter(raw, common, where)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ExperimentError(f"{where}: `{key}` must be a string (got {value!r})")
    return value


def _paths(key: str, paths: Any, where: str) -> tuple[str, ...]:
    if paths is None:
        candidates: list[Any] = [key]
    elif isinstance(paths, list) and paths:
        candidates = paths
    else:
        raise ExperimentError(f"{where}: `paths` must be a non-empty list of dotted keys")
    for path in candidates:
        if not isinstance(path, str) or not path or any(not p for p in path.split(".")):
            raise ExperimentError(f"{where}: {path!r} is not a dotted key like "
                                  "campaign.intensity")
        if path in ("seed", "name"):
            raise ExperimentError(f"{where}: `{path}` cannot be swept (seeds come from the "
                                  "experiment's master seed)")
    return tuple(candidates)


def _choices(values: Any, where: str) -> tuple[Any, ...]:
    if not isinstance(values, list) or not values:
        raise ExperimentError(f"{where}: `values` must be a non-empty list")
    kinds = set()
    for v in values:
        if _is_number(v):
            if isinstance(v, float) and not math.isfinite(v):
                raise ExperimentError(f"{where}: values must be finite (got {v!r})")
            kinds.add("number")
        elif isinstance(v, bool | str | dict | list):
            kinds.add(type(v).__name__)
        else:
            raise ExperimentError(f"{where}: cannot sweep a value of type "
                                  f"{type(v).__name__} ({v!r})")
    if len(kinds) > 1:
        raise ExperimentError(f"{where}: values must all be of one kind (numbers, strings, "
                              f"booleans or tables); got {', '.join(sorted(kinds))}")
    shown = [display_value(v) for v in values]
    if len(set(map(repr, shown))) != len(shown):
        raise ExperimentError(f"{where}: `values` has duplicates")
    return tuple(values)


def _number(raw: dict[str, Any], key: str, where: str) -> float:
    value = raw[key]
    if not _is_number(value) or not math.isfinite(value):
        raise ExperimentError(f"{where}: `{key}` must be a finite number (got {value!r})")
    return value


def _bounds(raw: dict[str, Any], where: str, required: bool = True) -> tuple[Any, Any]:
    if "range" not in raw:
        if required:
            raise ExperimentError(f"{where}: `range = [low, high]` is required")
        return None, None
    rng = raw["range"]
    if (not isinstance(rng, list) or len(rng) != 2
            or not all(_is_number(x) and math.isfinite(x) for x in rng)):
        raise ExperimentError(f"{where}: `range` must be [low, high], two finite numbers "
                              f"(got {rng!r})")
    low, high = rng
    if high < low:
        raise ExperimentError(f"{where}: reversed range [{low}, {high}]: low must be below high")
    if high == low:
        raise ExperimentError(f"{where}: empty range [{low}, {high}]: low equals high (use "
                              "`values = [...]` or a `[set]` entry for one value)")
    return low, high


def _range_parameter(raw: dict[str, Any], common: dict[str, Any], where: str) -> Parameter:
    low, high = _bounds(raw, where)
    extra = sorted(set(raw) & {"mean", "sd", "mode", "a", "b"})
    if extra:
        raise ExperimentError(f"{where}: `{extra[0]}` needs a `distribution`")
    if "step" in raw and "count" in raw:
        raise ExperimentError(f"{where}: give `step` or `count`, not both")
    kind = raw.get("type")
    if kind not in (None, "int", "float"):
        raise ExperimentError(f"{where}: `type` must be \"int\" or \"float\" (got {kind!r})")
    step = _number(raw, "step", where) if "step" in raw else None
    if step is not None and step <= 0:
        raise ExperimentError(f"{where}: `step` must be positive (got {step})")
    integer = kind == "int" or (kind is None and step is not None and all(
        isinstance(x, int) for x in (low, high, step)))
    if integer:
        if not all(float(x).is_integer() for x in (low, high, step or 1)):
            raise ExperimentError(f"{where}: an integer range needs integer low, high and step")
        ilow, ihigh = int(low), int(high)
        if "count" in raw:
            count = _count(raw, where)
            levels = tuple(sorted({int(v) for v in np.linspace(ilow, ihigh, count).round()}))
            return CategoricalParameter(**common, choices=levels)
        return IntegerParameter(**common, low=ilow, high=ihigh, step=int(step or 1))
    low, high = float(low), float(high)
    grid: tuple[float, ...] | None = None
    if step is not None:
        n = math.floor((high - low) / step + 1e-9) + 1
        if n < 2:
            raise ExperimentError(f"{where}: `step` {step} is wider than the range "
                                  f"[{low}, {high}]: it gives a single value")
        grid = tuple(round(low + i * step, 12) for i in range(n))
    elif "count" in raw:
        grid = tuple(round(float(x), 12) for x in np.linspace(low, high, _count(raw, where)))
    return RealParameter(**common, low=low, high=high, grid=grid)


def _count(raw: dict[str, Any], where: str) -> int:
    count = raw["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 2:
        raise ExperimentError(f"{where}: `count` must be an integer of at least 2 (got {count!r})")
    return count


def _distribution_parameter(raw: dict[str, Any], common: dict[str, Any],
                            where: str) -> Parameter:
    name = raw["distribution"]
    if name not in Distribution.NAMES:
        raise ExperimentError(f"{where}: unknown distribution {name!r}; expected one of "
                              f"{', '.join(Distribution.NAMES)}")
    if "step" in raw:
        raise ExperimentError(f"{where}: `step` does not go with a distribution (use `count` "
                              "for quantile levels)")
    if raw.get("type", "float") != "float":
        raise ExperimentError(f"{where}: a distribution is real-valued (`type` must be float)")
    needs = {"uniform": (), "loguniform": (), "normal": ("mean", "sd"),
             "triangular": ("mode",), "beta": ("a", "b")}[name]
    allowed = set(needs)
    extra = sorted(set(raw) & ({"mean", "sd", "mode", "a", "b"} - allowed))
    if extra:
        raise ExperimentError(f"{where}: `{extra[0]}` does not apply to a {name} distribution")
    args = {}
    for key in needs:
        if key not in raw:
            raise ExperimentError(f"{where}: a {name} distribution needs `{key}`")
        args[key] = float(_number(raw, key, where))
    low, high = _bounds(raw, where, required=name != "normal")
    if name == "normal" and args["sd"] <= 0:
        raise ExperimentError(f"{where}: `sd` must be positive (got {args['sd']})")
    if name == "loguniform" and low <= 0:
        raise ExperimentError(f"{where}: a loguniform range must be positive (got low={low})")
    if name == "triangular" and not low <= args["mode"] <= high:
        raise ExperimentError(f"{where}: `mode` must lie in the range [{low}, {high}]")
    if name == "beta" and (args["a"] <= 0 or args["b"] <= 0):
        raise ExperimentError(f"{where}: beta `a` and `b` must be positive")
    dist = Distribution(name, None if low is None else float(low),
                        None if high is None else float(high), args)
    frozen = dist.frozen()
    grid = None
    if "count" in raw:
        n = _count(raw, where)
        grid = tuple(round(float(x), 12) for x in frozen.ppf((np.arange(n) + 0.5) / n))
    lo, hi = (float(x) for x in frozen.ppf([0.0, 1.0]))
    return RealParameter(**common, low=lo, high=hi, grid=grid, distribution=dist)
