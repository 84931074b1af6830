"""Experiment files: read, check against the base config, and describe a sweep.

An experiment file (``experiments/*.toml``) names a base config, fixed settings, the swept
parameters by dotted path (the paths of ``coalsim run --set``), a design, replications, a
master seed and the outcomes to record. :func:`load_experiment` checks all of it before any
run starts: each parameter's values are applied to the base config and validated with
:func:`sim.world.loading.validate`, so an unknown key or a bad value is reported in one line naming
the experiment file and the key (an :class:`~sim.experiment.errors.ExperimentError`, exit 2).

Paths are applied to the *resolved* base config (every default filled, every behaviour written
as ``{name, params}``), so ``alliances.0.protocol.params.responsiveness`` reaches a protocol the
base config names by a bare string. Setting a behaviour's ``name`` to another behaviour resets
its ``params`` to the new behaviour's defaults, and shallower paths are applied before deeper
ones, so ``...protocol.name`` and ``...protocol.params.x`` can be swept together.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.analysis.expressions import ExpressionError, aliases, is_expression, parse, summary_paths
from sim.config.errors import ConfigError
from sim.config.loading import read_toml
from sim.config.paths import apply_override, get_path
from sim.experiment.designs import Design, parse_design
from sim.experiment.errors import ExperimentError
from sim.experiment.parameters import Parameter, display_value, parse_parameter
from sim.world.loading import validate

TOP_KEYS = ("name", "description", "base", "seed", "replications", "common_random_numbers",
            "outcomes", "record_rounds", "set", "parameters", "design", "plots", "discovery")
DISCOVERY_KEYS = ("target",)
PLOT_KEYS = ("outcomes", "scatter", "categorical", "labels", "units")
MAX_RUNS = 10_000_000

#: Fields of a run's summary (``RunResult.summary``) that an experiment may record.
SUMMARY_FIELDS = (
    "name", "seed", "n_constituencies", "seats_by_party", "seats_by_alliance", "seat_margins",
    "votes_by_party",
    "votes_by_alliance", "seats_by_region", "agreement_round", "alliances", "defections",
    "allocation", "friendly_fights", "transfer_rate", "iou_mean", "enp_votes", "enp_seats",
    "turnout", "voter_agents", "voters_per_agent",
)
DEFAULT_OUTCOMES = ("seats_by_party", "seats_by_alliance", "agreement_round", "friendly_fights",
                    "transfer_rate", "iou_mean", "enp_votes", "enp_seats", "turnout")
#: Columns of the runs table that are not parameters or outcomes.
RUN_COLUMNS = ("run_id", "point", "replication", "seed", "ok")
_PARTY_KEYED = ("seats_by_party", "votes_by_party", "allocation")
_BLOC_KEYED = ("seats_by_alliance", "votes_by_alliance")


# --------------------------------------------------------------------------- setting values


def assign(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set a dotted path in a copy of a config document, like ``coalsim run --set``.

    Setting ``....name`` of a behaviour (a table with ``name`` and ``params``) to a different
    behaviour also clears its ``params``: the old behaviour's parameters mean nothing to the new
    one, which then takes its own defaults.
    """
    parts = path.split(".")
    spec = get_path(document, parts[:-1]) if parts[-1] == "name" else None
    switch = (isinstance(spec, dict) and "params" in spec and spec.get("name") != value)
    try:
        doc = apply_override(document, path, copy.deepcopy(value))
        if switch:
            doc = apply_override(doc, ".".join([*parts[:-1], "params"]), {})
    except ConfigError as exc:
        raise ConfigError(str(exc).removeprefix("--set ")) from None
    return doc


def assign_all(document: dict[str, Any], items: list[tuple[str, Any]]) -> dict[str, Any]:
    """Apply several paths, shallower paths first (a stable order otherwise)."""
    for path, value in sorted(items, key=lambda item: item[0].count(".")):
        document = assign(document, path, value)
    return document


def flatten_settings(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``[set]`` entries as (dotted path, value); nested tables become dotted paths."""
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.extend(flatten_settings(value, f"{path}."))
        else:
            out.append((path, value))
    return out


# --------------------------------------------------------------------------- the experiment


@dataclass(frozen=True)
class PlotSpec:
    """What the end-of-sweep figures show (``[plots]``)."""

    outcomes: tuple[str, ...] = ()
    scatter: tuple[tuple[str, str], ...] = ()
    categorical: str = "box"
    labels: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"outcomes": list(self.outcomes), "scatter": [list(p) for p in self.scatter],
                "categorical": self.categorical, "labels": dict(self.labels),
                "units": dict(self.units)}


@dataclass(frozen=True)
class Experiment:
    """A checked experiment: everything a sweep needs, nothing run yet.

    Attributes:
        path: the experiment file.
        text: its text, as read (copied into the results and hashed).
        base_path: the base config file.
        base: the resolved base document (every default filled), ``[set]`` applied.
        settings: the ``[set]`` entries.
    """

    path: Path
    text: str
    name: str
    description: str
    base_path: Path
    base: dict[str, Any]
    settings: tuple[tuple[str, Any], ...]
    parameters: tuple[Parameter, ...]
    design: Design
    replications: int
    seed: int
    common_random_numbers: bool
    outcomes: tuple[str, ...]
    record_rounds: bool
    plots: PlotSpec
    discovery: dict[str, str] = field(default_factory=dict)

    @property
    def n_points(self) -> int:
        return self.design.n_points(self.parameters)

    @property
    def n_runs(self) -> int:
        return self.n_points * self.replications

    def parameter(self, name: str) -> Parameter:
        return next(p for p in self.parameters if p.name == name)

    def assignments(self, values: dict[str, Any]) -> list[tuple[str, Any]]:
        """The (path, value) pairs that set one point's values."""
        return [(path, values[p.name]) for p in self.parameters for path in p.paths]

    def identity(self) -> dict[str, Any]:
        """Everything that determines the tables (not the name, description or plots)."""
        return {
            "base": self.base,
            "parameters": [p.to_dict() for p in self.parameters],
            "design": self.design.to_dict(),
            "replications": self.replications,
            "seed": self.seed,
            "common_random_numbers": self.common_random_numbers,
            "outcomes": list(self.outcomes),
            "record_rounds": self.record_rounds,
        }

    def digest(self) -> str:
        """A hash of :meth:`identity`: a sweep resumes only into results of the same digest."""
        blob = json.dumps(self.identity(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def file_digest(self) -> str:
        """The SHA-256 of the experiment file's text."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able description, stored in the manifest (plots and the report read it)."""
        return {
            "name": self.name,
            "description": self.description,
            "file": str(self.path),
            "base": str(self.base_path),
            "settings": {k: display_value(v) for k, v in self.settings},
            "parameters": [p.to_dict() for p in self.parameters],
            "design": self.design.to_dict(),
            "replications": self.replications,
            "seed": self.seed,
            "common_random_numbers": self.common_random_numbers,
            "outcomes": list(self.outcomes),
            "record_rounds": self.record_rounds,
            "n_points": self.n_points,
            "n_runs": self.n_runs,
            "plots": self.plots.to_dict(),
            "discovery": dict(self.discovery),
        }


def load_experiment(path: str | Path) -> Experiment:
    """Read and check an experiment file; nothing is run.

    Raises:
        ExperimentError: (a ``ConfigError``) naming the file and the key of the first problem.
    """
    path = Path(path)
    raw = read_toml(path)
    text = path.read_text(encoding="utf-8")
    src = str(path)
    unknown = sorted(set(raw) - set(TOP_KEYS))
    if unknown:
        raise ExperimentError(f"{src}: key '{unknown[0]}': unknown key; expected some of "
                              f"{', '.join(TOP_KEYS)}")
    name = _string(raw, "name", src, default=path.stem)
    if not name or "/" in name or name.startswith("."):
        raise ExperimentError(f"{src}: key 'name': must be a plain folder name (got {name!r})")
    description = _string(raw, "description", src, default="")
    base_path, base = _base(raw, path)
    settings = tuple(flatten_settings(_table(raw, "set", src)))
    if settings:
        try:
            doc = assign_all(base, list(settings))
        except ConfigError as exc:
            raise ExperimentError(f"{src}: key 'set': {exc}") from None
        base = _resolve(doc, f"{src}: key 'set' applied to {base_path}")
    seed = _integer(raw, "seed", src, default=0, low=0)
    replications = _integer(raw, "replications", src, default=1, low=1)
    crn = _boolean(raw, "common_random_numbers", src, default=False)
    record_rounds = _boolean(raw, "record_rounds", src, default=True)
    parameters = _parameters(raw, src, base, base_path)
    design = parse_design(raw.get("design", "grid"), src)
    design.check(parameters, src)
    outcomes = _outcomes(raw, src, base)
    clash = {p.name for p in parameters} & (set(RUN_COLUMNS) | set(outcomes))
    if clash:
        raise ExperimentError(f"{src}: key 'parameters': {sorted(clash)[0]!r} is also a column "
                              "of the runs table; name the parameter differently (`paths`)")
    plots = _plots(raw, src, outcomes, parameters)
    discovery = _discovery(raw, src, outcomes, base)
    experiment = Experiment(
        path=path, text=text, name=name, description=description, base_path=base_path,
        base=base, settings=settings, parameters=parameters, design=design,
        replications=replications, seed=seed, common_random_numbers=crn, outcomes=outcomes,
        record_rounds=record_rounds, plots=plots, discovery=discovery)
    if experiment.n_runs > MAX_RUNS:
        raise ExperimentError(f"{src}: key 'design': {experiment.n_runs} runs is more than "
                              f"{MAX_RUNS}; shrink the design or the replications")
    return experiment


def _string(raw: dict[str, Any], key: str, src: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise ExperimentError(f"{src}: key '{key}': must be a string (got {value!r})")
    return value


def _integer(raw: dict[str, Any], key: str, src: str, default: int, low: int) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ExperimentError(f"{src}: key '{key}': must be an integer of at least {low} "
                              f"(got {value!r})")
    return value


def _boolean(raw: dict[str, Any], key: str, src: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise ExperimentError(f"{src}: key '{key}': must be true or false (got {value!r})")
    return value


def _table(raw: dict[str, Any], key: str, src: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ExperimentError(f"{src}: key '{key}': must be a table (got {value!r})")
    return value


def _resolve(document: dict[str, Any], source: str) -> dict[str, Any]:
    try:
        return validate(document, source).to_dict()
    except ConfigError as exc:
        raise ExperimentError(str(exc)) from None


def _base(raw: dict[str, Any], path: Path) -> tuple[Path, dict[str, Any]]:
    src = str(path)
    if "base" not in raw:
        raise ExperimentError(f"{src}: key 'base': required (a config file, relative to the "
                              "experiment file's folder, e.g. \"../configs/toy.toml\")")
    value = raw["base"]
    if not isinstance(value, str) or not value:
        raise ExperimentError(f"{src}: key 'base': must be a path (got {value!r})")
    base_path = Path(value) if Path(value).is_absolute() else path.parent / value
    if not base_path.is_file():
        raise ExperimentError(f"{src}: key 'base': config file {base_path} not found (the path "
                              "is relative to the experiment file's folder)")
    try:
        document = read_toml(base_path)
    except ConfigError as exc:
        raise ExperimentError(f"{src}: key 'base': {exc}") from None
    return base_path, _resolve(document, f"{src}: key 'base': {base_path}")


def _parameters(raw: dict[str, Any], src: str, base: dict[str, Any],
                base_path: Path) -> tuple[Parameter, ...]:
    table = _table(raw, "parameters", src)
    if not table:
        raise ExperimentError(f"{src}: key 'parameters': at least one parameter is needed, e.g. "
                              "[parameters] \"campaign.intensity\" = [0.5, 1.0]")
    out = []
    for key, spec in table.items():
        where = f"{src}: key 'parameters.\"{key}\"'"
        if (isinstance(spec, dict) and spec and all(isinstance(v, dict) for v in spec.values())
                and not {"values", "range", "distribution"} & set(spec)):
            raise ExperimentError(f"{where}: looks like an unquoted dotted key; quote it, e.g. "
                                  f"[parameters.\"{key}.{next(iter(spec))}\"]")
        parameter = parse_parameter(key, spec, where)
        _check_values(parameter, where, base, base_path)
        out.append(parameter)
    paths = [path for p in out for path in p.paths]
    dupes = sorted({p for p in paths if paths.count(p) > 1})
    if dupes:
        raise ExperimentError(f"{src}: key 'parameters': path {dupes[0]!r} is swept twice")
    return tuple(out)


def _check_values(parameter: Parameter, where: str, base: dict[str, Any],
                  base_path: Path) -> None:
    """Apply each representative value to the base config and validate it."""
    for value in parameter.representatives():
        items = [(path, value) for path in parameter.paths]
        shown = display_value(value)
        try:
            validate(assign_all(base, items), str(base_path))
        except ConfigError as exc:
            hint = ("; to sweep another behaviour's parameter, choose that behaviour in [set] "
                    "(e.g. \"alliances.0.protocol\" = \"seat_by_seat\")"
                    if "has no parameter" in str(exc) else "")
            raise ExperimentError(f"{where} = {shown!r} does not fit the base config: {exc}"
                                  f"{hint}") from None


def _outcomes(raw: dict[str, Any], src: str, base: dict[str, Any]) -> tuple[str, ...]:
    value = raw.get("outcomes", list(DEFAULT_OUTCOMES))
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v for v in value):
        raise ExperimentError(f"{src}: key 'outcomes': must be a non-empty list of summary "
                              f"fields (got {value!r})")
    if len(set(value)) != len(value):
        raise ExperimentError(f"{src}: key 'outcomes': has duplicates")
    parties = {p["id"] for p in base["parties"]}
    alliances = {a["name"] for a in base.get("alliances", [])}
    for i, outcome in enumerate(value):
        where = f"{src}: key 'outcomes.{i}'"
        if is_expression(outcome):
            check_expression(outcome, where, base)
            continue
        head, *rest = outcome.split(".")
        if head not in SUMMARY_FIELDS:
            raise ExperimentError(f"{where}: unknown outcome {outcome!r}; an outcome is a field "
                                  f"of the run summary ({', '.join(SUMMARY_FIELDS)}), or a "
                                  "dotted path into one (seats_by_alliance.NAME)")
        known = (parties if head in _PARTY_KEYED else parties | alliances if head in _BLOC_KEYED
                 else alliances if head == "alliances" else None)
        if rest and known is not None and rest[0] not in known:
            raise ExperimentError(f"{where}: {outcome!r}: {rest[0]!r} is not one of "
                                  f"{', '.join(sorted(known))}")
    return tuple(value)


def _base_names(base: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(alliance names, party ids) of a resolved base config, the remainder party included."""
    parties = [p["id"] for p in base["parties"]]
    results = (base.get("scenario") or {}).get("results") or {}
    remainder = results.get("remainder")
    if remainder and remainder not in parties:
        parties.append(remainder)
    return [a["name"] for a in base.get("alliances", [])], parties


def check_expression(text: str, where: str, base: dict[str, Any],
                      recorded: tuple[str, ...] | None = None) -> None:
    """A derived outcome must parse and name only summary fields (recorded ones, if given)."""
    alliances, parties = _base_names(base)
    known = summary_paths(alliances, parties)
    if recorded is not None:
        known = {k for k in known if _covers(recorded, k)} | {
            o for o in recorded if is_expression(o)}
    try:
        parse(text, known, aliases(alliances, parties))
    except ExpressionError as exc:
        raise ExperimentError(f"{where}: {exc}") from None


def _discovery(raw: dict[str, Any], src: str, outcomes: tuple[str, ...],
               base: dict[str, Any]) -> dict[str, str]:
    table = _table(raw, "discovery", src)
    unknown = sorted(set(table) - set(DISCOVERY_KEYS))
    if unknown:
        raise ExperimentError(f"{src}: key 'discovery.{unknown[0]}': unknown key; expected "
                              f"{', '.join(DISCOVERY_KEYS)}")
    target = table.get("target")
    if target is None:
        return {}
    if not isinstance(target, str) or not target.strip():
        raise ExperimentError(f"{src}: key 'discovery.target': must be a condition on recorded "
                              "outcomes, e.g. \"seats_by_alliance.Left-Congress >= 31\"")
    check_expression(target, f"{src}: key 'discovery.target'", base, outcomes)
    return {"target": target}


def _covers(outcomes: tuple[str, ...], name: str) -> bool:
    """True when ``name`` is a recorded outcome column (or a leaf of one)."""
    return any(name == o or name.startswith(f"{o}.") for o in outcomes)


def _plots(raw: dict[str, Any], src: str, outcomes: tuple[str, ...],
           parameters: tuple[Parameter, ...]) -> PlotSpec:
    table = _table(raw, "plots", src)
    unknown = sorted(set(table) - set(PLOT_KEYS))
    if unknown:
        raise ExperimentError(f"{src}: key 'plots.{unknown[0]}': unknown key; expected some of "
                              f"{', '.join(PLOT_KEYS)}")
    chosen = table.get("outcomes", [])
    if not isinstance(chosen, list) or not all(isinstance(o, str) for o in chosen):
        raise ExperimentError(f"{src}: key 'plots.outcomes': must be a list of outcome names")
    for i, o in enumerate(chosen):
        if not _covers(outcomes, o):
            raise ExperimentError(f"{src}: key 'plots.outcomes.{i}': {o!r} is not a recorded "
                                  "outcome (list it in `outcomes`)")
    scatter = table.get("scatter", [])
    if not isinstance(scatter, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in scatter):
        raise ExperimentError(f"{src}: key 'plots.scatter': must be a list of [x, y] outcome "
                              "pairs")
    for i, pair in enumerate(scatter):
        for name in pair:
            if not _covers(outcomes, name):
                raise ExperimentError(f"{src}: key 'plots.scatter.{i}': {name!r} is not a "
                                      "recorded outcome")
    kind = table.get("categorical", "box")
    if kind not in ("box", "violin"):
        raise ExperimentError(f"{src}: key 'plots.categorical': must be \"box\" or \"violin\"")
    labels, units = table.get("labels", {}), table.get("units", {})
    for key, mapping in (("labels", labels), ("units", units)):
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise ExperimentError(f"{src}: key 'plots.{key}': must be a table of outcome = "
                                  "\"text\"")
    return PlotSpec(tuple(chosen), tuple((a, b) for a, b in scatter), kind, dict(labels),
                    dict(units))
