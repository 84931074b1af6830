"""coalition-sim: an agent-based model of pre-electoral alliances under first-past-the-post.

Party agents negotiate who stands where over repeated rounds; a population of voter agents
responds to joint campaigns; the election is counted constituency by constituency.

The public API (imported on first use, so ``import sim.core.fptp`` loads no more than it
needs)::

    from sim import load_config, run_one
    result = run_one(load_config("configs/west_bengal_2021.toml"), seed=1)
    result.summary["seats_by_alliance"], result.constituencies.head()

The package is a house of floors, each importing only from its own floor or below (checked by
``import-linter`` in ``make test``; the README's design section has the whole tree), top first::

    cli                              the coalsim command line
    testing | experiment | output    behaviour contract kit | sweeps | a run's output folder
    plots                            tables in, figures out
    run                              run_one, summaries, replay
    model                            CoalitionModel, party agents, election day
    world                            Scenario and its builders; load_config (the one door)
    config                           schema, dotted paths, TOML, located errors (no data)
    behaviours                       the registry; strategy, protocol and response families
    negotiation                      tables, offers, views, nominations, defection
    voters                           the voter population as arrays, polls, ballots, signals
    engine | data                    fused voter kernels with numpy twins | elections and maps
    core | io                        pure maths | atomic writes and provenance
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sim._version import __version__

_EXPORTS: dict[str, str] = {
    "load_config": "sim.world.loading",
    "validate": "sim.world.loading",
    "Config": "sim.config.schema",
    "ConfigError": "sim.config.errors",
    "build_scenario": "sim.world.build",
    "Scenario": "sim.world.scenario",
    "CoalitionModel": "sim.model.coalition",
    "ElectionOutcome": "sim.model.election_day",
    "run_one": "sim.run.single",
    "RunResult": "sim.run.single",
    "summarise": "sim.run.summary",
    "replay": "sim.run.replay",
    "Streams": "sim.core.rng",
    "build": "sim.behaviours.registry",
    "registry": "sim.behaviours.registry",
    "load_results": "sim.data.results",
    "load_experiment": "sim.experiment.spec",
    "run_sweep": "sim.experiment.runner",
    "evaluate_outcome": "sim.analysis.expressions",
    "RunTables": "sim.plots.run_tables",
    "read_run": "sim.plots.run_tables",
    "run_figures": "sim.plots.run_report",
}

__all__ = [
    "CoalitionModel",
    "Config",
    "ConfigError",
    "ElectionOutcome",
    "RunResult",
    "RunTables",
    "Scenario",
    "Streams",
    "__version__",
    "build",
    "build_scenario",
    "evaluate_outcome",
    "load_config",
    "load_experiment",
    "load_results",
    "read_run",
    "registry",
    "replay",
    "run_figures",
    "run_one",
    "run_sweep",
    "summarise",
    "validate",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from sim.analysis.expressions import evaluate_outcome
    from sim.behaviours.registry import build, registry
    from sim.config.errors import ConfigError
    from sim.config.schema import Config
    from sim.core.rng import Streams
    from sim.data.results import load_results
    from sim.experiment.runner import run_sweep
    from sim.experiment.spec import load_experiment
    from sim.model.coalition import CoalitionModel
    from sim.model.election_day import ElectionOutcome
    from sim.plots.run_report import run_figures
    from sim.plots.run_tables import RunTables, read_run
    from sim.run.replay import replay
    from sim.run.single import RunResult, run_one
    from sim.run.summary import summarise
    from sim.world.build import build_scenario
    from sim.world.loading import load_config, validate
    from sim.world.scenario import Scenario
