"""Designs: which parameter points a sweep visits. Samplers only; they never run a model.

A design draws points in the unit hypercube (one column per parameter) and each parameter maps
its column to values (:meth:`~sim.experiment.parameters.Parameter.from_unit`). The sampling
itself is left to well-kept libraries: scipy's ``qmc`` for Latin hypercubes, SALib for Sobol'
(Saltelli) and Morris designs and their sensitivity analyses.

| kind     | points                         | needs                                      |
|----------|--------------------------------|--------------------------------------------|
| grid     | product of every level count   | every parameter finite (values/step/count) |
| random   | ``samples``                    |                                            |
| lhs      | ``samples``                    |                                            |
| sobol    | N·(D+2), or N·(2D+2) with S2   | ``samples`` = N, a power of 2              |
| morris   | ``samples``·(D+1)              | ``levels`` even, ``samples`` ≥ 2           |
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from sim.experiment.errors import ExperimentError
from sim.experiment.parameters import Parameter

DESIGN_KEYS = ("kind", "samples", "second_order", "levels")


@dataclass(frozen=True)
class DesignSample:
    """The points of a design: one dict of values per point, and the unit-cube coordinates
    (None for a grid)."""

    points: list[dict[str, Any]]
    unit: np.ndarray | None


def _int_seed(seed: np.random.SeedSequence) -> int:
    return int(seed.generate_state(1, dtype=np.uint32)[0])


def _problem(parameters: tuple[Parameter, ...]) -> dict[str, Any]:
    return {"num_vars": len(parameters), "names": [p.name for p in parameters],
            "bounds": [[0.0, 1.0]] * len(parameters)}


def _map(parameters: tuple[Parameter, ...], unit: np.ndarray) -> list[dict[str, Any]]:
    columns = [p.from_unit(unit[:, j]) for j, p in enumerate(parameters)]
    return [{p.name: columns[j][i] for j, p in enumerate(parameters)} for i in range(len(unit))]


@dataclass(frozen=True)
class Design:
    """Base of the designs. ``samples`` means what each design's docstring says."""

    samples: int | None = None
    kind: ClassVar[str] = ""
    sensitivity: ClassVar[bool] = False

    def check(self, parameters: tuple[Parameter, ...], where: str) -> None:
        """Raise :class:`ExperimentError` when this design cannot use these parameters.

        Args:
            where: the experiment file, for messages.
        """
        if self.samples is None or isinstance(self.samples, bool) or not isinstance(
                self.samples, int) or self.samples < 1:
            raise ExperimentError(f"{where}: key 'design.samples': a {self.kind} design needs "
                                  f"a positive integer number of samples (got {self.samples!r})")

    def n_points(self, parameters: tuple[Parameter, ...]) -> int:
        """How many points the design has."""
        return int(self.samples or 0)

    @property
    def n_samples(self) -> int:
        """``samples`` once :meth:`check` has passed."""
        if self.samples is None:
            raise ExperimentError(f"a {self.kind} design needs a number of samples")
        return int(self.samples)

    def sample(self, parameters: tuple[Parameter, ...],
               seed: np.random.SeedSequence) -> DesignSample:
        """The design's points, drawn with randomness from ``seed`` only."""
        raise NotImplementedError

    def analyse(self, parameters: tuple[Parameter, ...], unit: np.ndarray, y: np.ndarray,
                seed: np.random.SeedSequence) -> list[dict[str, Any]]:
        """Sensitivity indices of outcome ``y`` over the design's ``unit`` points (designs with
        ``sensitivity = True`` only)."""
        raise NotImplementedError(f"a {self.kind} design computes no sensitivity indices")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able description."""
        return {"kind": self.kind, "samples": self.samples}


@dataclass(frozen=True)
class GridDesign(Design):
    """Full factorial: every combination of every parameter's levels (last varies fastest)."""

    kind: ClassVar[str] = "grid"

    def check(self, parameters: tuple[Parameter, ...], where: str) -> None:
        if self.samples is not None:
            raise ExperimentError(f"{where}: key 'design.samples': a grid takes no `samples` "
                                  "(its size is the product of the parameters' levels)")
        for p in parameters:
            p.levels(f"{where}: key 'parameters.\"{p.name}\"'")

    def n_points(self, parameters: tuple[Parameter, ...]) -> int:
        return int(np.prod([len(p.levels()) for p in parameters]))

    def sample(self, parameters: tuple[Parameter, ...],
               seed: np.random.SeedSequence) -> DesignSample:
        names = [p.name for p in parameters]
        combos = itertools.product(*(p.levels() for p in parameters))
        return DesignSample([dict(zip(names, combo, strict=True)) for combo in combos], None)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind}


@dataclass(frozen=True)
class RandomDesign(Design):
    """``samples`` points drawn independently and uniformly in the unit cube (Monte Carlo)."""

    kind: ClassVar[str] = "random"

    def sample(self, parameters: tuple[Parameter, ...],
               seed: np.random.SeedSequence) -> DesignSample:
        unit = np.random.default_rng(seed).random((self.n_points(parameters), len(parameters)))
        return DesignSample(_map(parameters, unit), unit)


@dataclass(frozen=True)
class LatinHypercubeDesign(Design):
    """``samples`` points of a Latin hypercube (scipy.stats.qmc): each parameter's range cut
    into ``samples`` strata, each stratum visited once."""

    kind: ClassVar[str] = "lhs"

    def sample(self, parameters: tuple[Parameter, ...],
               seed: np.random.SeedSequence) -> DesignSample:
        from scipy.stats import qmc

        rng = np.random.default_rng(seed)
        try:
            sampler = qmc.LatinHypercube(d=len(parameters), rng=rng)
        except TypeError:  # scipy < 1.15 calls it `seed`
            sampler = qmc.LatinHypercube(d=len(parameters), seed=rng)
        unit = sampler.random(self.n_points(parameters))
        return DesignSample(_map(parameters, unit), unit)


@dataclass(frozen=True)
class SobolDesign(Design):
    """Saltelli's extension of a Sobol' sequence (SALib): N·(D+2) points, N·(2D+2) with
    second-order indices; first-order and total Sobol' indices with bootstrap intervals."""

    second_order: bool = False
    kind: ClassVar[str] = "sobol"
    sensitivity: ClassVar[bool] = True

    def check(self, parameters: tuple[Parameter, ...], where: str) -> None:
        super().check(parameters, where)
        n = self.n_samples
        if n < 2 or n & (n - 1):
            lower = 1 << (n.bit_length() - 1)
            hint = f"{lower} or {lower * 2}" if n > 2 else "2, 4, 8, ..."
            raise ExperimentError(
                f"{where}: key 'design.samples': a Sobol' design needs N a power of 2 of at "
                f"least 2 (the Sobol' sequence loses its balance otherwise); got {n}, try {hint}")
        if self.second_order and len(parameters) < 2:
            raise ExperimentError(f"{where}: key 'design.second_order': second-order indices "
                                  "need at least two parameters")

    def n_points(self, parameters: tuple[Parameter, ...]) -> int:
        d = len(parameters)
        return self.n_samples * (2 * d + 2 if self.second_order else d + 2)

    def sample(self, parameters: tuple[Parameter, ...],
               seed: np.random.SeedSequence) -> DesignSample:
        from SALib.sample import sobol

        unit = sobol.sample(_problem(parameters), self.n_samples,
                            calc_second_order=self.second_order, seed=_int_seed(seed))
        return DesignSample(_map(parameters, unit), unit)

    def analyse(self, parameters: tuple[Parameter, ...], unit: np.ndarray, y: np.ndarray,
                seed: np.random.SeedSequence) -> list[dict[str, Any]]:
        """Sobol' indices of one outcome (``y``: one value per point, in design order)."""
        from SALib.analyze import sobol

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sobol.analyze(_problem(parameters), y, calc_second_order=self.second_order,
                                seed=_int_seed(seed))
        rows = []
        for j, p in enumerate(parameters):
            for index in ("S1", "ST"):
                rows.append({"parameter": p.name, "index": index, "value": float(res[index][j]),
                             "conf": float(res[f"{index}_conf"][j])})
        if self.second_order:
            for j, k in itertools.combinations(range(len(parameters)), 2):
                rows.append({"parameter": f"{parameters[j].name} × {parameters[k].name}",
                             "index": "S2", "value": float(res["S2"][j, k]),
                             "conf": float(res["S2_conf"][j, k])})
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "samples": self.samples, "second_order": self.second_order}


@dataclass(frozen=True)
class MorrisDesign(Design):
    """Morris elementary effects (SALib): ``samples`` trajectories of D+1 points on a grid of
    ``levels`` levels; mu* (mean absolute effect) with bootstrap intervals, and sigma."""

    levels: int = 4
    kind: ClassVar[str] = "morris"
    sensitivity: ClassVar[bool] = True

    def check(self, parameters: tuple[Parameter, ...], where: str) -> None:
        super().check(parameters, where)
        if self.n_samples < 2:
            raise ExperimentError(f"{where}: key 'design.samples': a Morris design needs at "
                                  f"least 2 trajectories (got {self.samples})")
        lv = self.levels
        if isinstance(lv, bool) or not isinstance(lv, int) or lv < 2 or lv % 2:
            raise ExperimentError(f"{where}: key 'design.levels': Morris levels must be an even "
                                  f"integer of at least 2 (got {lv!r})")

    def n_points(self, parameters: tuple[Parameter, ...]) -> int:
        return self.n_samples * (len(parameters) + 1)

    def sample(self, parameters: tuple[Parameter, ...],
               seed: np.random.SeedSequence) -> DesignSample:
        from SALib.sample import morris

        unit = morris.sample(_problem(parameters), self.n_samples, num_levels=self.levels,
                             seed=_int_seed(seed))
        return DesignSample(_map(parameters, unit), unit)

    def analyse(self, parameters: tuple[Parameter, ...], unit: np.ndarray, y: np.ndarray,
                seed: np.random.SeedSequence) -> list[dict[str, Any]]:
        """Morris measures of one outcome, per unit-range change of each parameter."""
        from SALib.analyze import morris

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = morris.analyze(_problem(parameters), unit, y, num_levels=self.levels,
                                 seed=_int_seed(seed))
        rows = []
        for j, p in enumerate(parameters):
            rows.append({"parameter": p.name, "index": "mu_star",
                         "value": float(res["mu_star"][j]), "conf": float(res["mu_star_conf"][j])})
            rows.append({"parameter": p.name, "index": "mu", "value": float(res["mu"][j]),
                         "conf": float("nan")})
            rows.append({"parameter": p.name, "index": "sigma", "value": float(res["sigma"][j]),
                         "conf": float("nan")})
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "samples": self.samples, "levels": self.levels}


DESIGNS: dict[str, type[Design]] = {d.kind: d for d in (GridDesign, RandomDesign,
                                                        LatinHypercubeDesign, SobolDesign,
                                                        MorrisDesign)}


def parse_design(raw: Any, where: str) -> Design:
    """Build a design from ``design = "grid"`` or a ``[design]`` table.

    Args:
        where: the experiment file, for messages.
    """
    if isinstance(raw, str):
        raw = {"kind": raw}
    if not isinstance(raw, dict):
        raise ExperimentError(f"{where}: key 'design': expected a kind (\"grid\") or a table "
                              f"(got {raw!r})")
    unknown = sorted(set(raw) - set(DESIGN_KEYS))
    if unknown:
        raise ExperimentError(f"{where}: key 'design.{unknown[0]}': unknown key; expected some "
                              f"of {', '.join(DESIGN_KEYS)}")
    kind = raw.get("kind", "grid")
    if kind not in DESIGNS:
        raise ExperimentError(f"{where}: key 'design.kind': unknown design {kind!r}; expected "
                              f"one of {', '.join(DESIGNS)}")
    cls = DESIGNS[kind]
    kwargs: dict[str, Any] = {"samples": raw.get("samples")}
    if "second_order" in raw:
        if cls is not SobolDesign:
            raise ExperimentError(f"{where}: key 'design.second_order': only a sobol design "
                                  "takes it")
        if not isinstance(raw["second_order"], bool):
            raise ExperimentError(f"{where}: key 'design.second_order': must be true or false")
        kwargs["second_order"] = raw["second_order"]
    if "levels" in raw:
        if cls is not MorrisDesign:
            raise ExperimentError(f"{where}: key 'design.levels': only a morris design takes it")
        kwargs["levels"] = raw["levels"]
    return cls(**kwargs)
