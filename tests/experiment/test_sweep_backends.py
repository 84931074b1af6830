"""The same seeded sweep gives identical tables serially, on 2 local processes and on a Dask
local cluster; runs that raise are recorded and the rest complete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sim.experiment import load_experiment
from sim.experiment.plan import make_plan
from sim.experiment.runner import run_sweep


@pytest.fixture(scope="module")
def serial_result(tmp_path_factory: pytest.TempPathFactory,
                  write_experiment: Callable[..., Path]) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("serial")
    path = write_experiment(folder, """seed = 11
replications = 2
outcomes = ["seats_by_alliance.Left-Congress", "agreement_round", "friendly_fights",
            "alliances.Left-Congress.status"]
[parameters]
"alliances.0.protocol.name" = ["campaign_responsive", "gamson"]
"alliances.0.protocol.params.responsiveness" = [0.0, 1.0]
""")
    out = folder / "out"
    run_sweep(load_experiment(path), out, backend="serial", progress=False, plots=False)
    return path, out


def test_serial_sweep_tables(serial_result: tuple[Path, Path],
                             read_sweep_tables: Callable) -> None:
    path, out = serial_result
    tables = read_sweep_tables(out)
    runs, failures, rounds = tables["runs"], tables["failures"], tables["rounds"]
    plan = make_plan(load_experiment(path))
    # one row per run, in run-id order, with the seed of the plan
    assert list(runs["run_id"]) == [r.run_id for r in plan.runs]
    assert list(runs["seed"]) == [r.seed for r in plan.runs]
    assert runs["seed"].nunique() == len(runs) == 8
    # gamson has no `responsiveness`: those 4 runs raise at run time, are recorded, the rest run
    gamson = runs["alliances.0.protocol.name"] == "gamson"
    assert (~runs.loc[gamson, "ok"]).all() and runs.loc[~gamson, "ok"].all()
    assert list(failures["run_id"]) == list(runs.loc[gamson, "run_id"])
    assert (failures["error_type"] == "ConfigError").all()
    assert failures["error_message"].str.contains("responsiveness").all()
    assert failures["traceback"].str.contains("Traceback").all()
    assert runs.loc[gamson, "seats_by_alliance.Left-Congress"].isna().all()
    assert runs.loc[~gamson, "seats_by_alliance.Left-Congress"].notna().all()
    # the per-round table: every successful run, tagged by run id
    assert set(rounds["run_id"]) == set(runs.loc[~gamson, "run_id"])
    assert list(rounds.columns[:2]) == ["run_id", "round"]
    assert rounds["run_id"].is_monotonic_increasing
    # each successful run names the hash of its resolved config (seed included)
    assert runs.loc[~gamson, "config_sha256"].nunique() == 4
    assert runs.loc[gamson, "config_sha256"].isna().all()


@pytest.mark.slow
def test_two_processes_give_the_same_tables(serial_result: tuple[Path, Path],
                                            tmp_path: Path,
                                            assert_same_sweep_tables: Callable) -> None:
    path, serial_out = serial_result
    out = tmp_path / "proc"
    outcome = run_sweep(load_experiment(path), out, backend="processes", workers=2,
                        progress=False, plots=False)
    assert outcome.n_new == 8 and outcome.n_failed == 4
    assert_same_sweep_tables(serial_out, out)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_tables(serial_result: tuple[Path, Path],
                                                  tmp_path: Path,
                                                  assert_same_sweep_tables: Callable) -> None:
    pytest.importorskip("distributed")
    path, serial_out = serial_result
    out = tmp_path / "dask"
    run_sweep(load_experiment(path), out, backend="dask", workers=2, progress=False,
              plots=False)
    assert_same_sweep_tables(serial_out, out)


def test_resume_of_a_finished_sweep_runs_nothing(serial_result: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    path, serial_out = serial_result
    outcome = run_sweep(load_experiment(path), serial_out, backend="serial", resume=True,
                        progress=False, plots=False)
    assert outcome.n_new == 0 and outcome.n_previously_done == 8
    manifest = pd.read_json(serial_out / "manifest.json", typ="series")
    assert manifest["status"] == "complete"
    assert len(manifest["sessions"]) == 2


def test_a_run_raising_inside_the_model_is_recorded(tmp_path: Path,
                                                    write_experiment: Callable[..., Path],
                                                    read_sweep_tables: Callable
                                                    ) -> None:
    """A protocol that raises mid-run (a user's own class, by module:Class)."""
    path = write_experiment(tmp_path, """replications = 2
outcomes = ["friendly_fights"]
[set]
"alliances.0.protocol" = { name = "sweep_helpers:ExplodingProtocol" }
"voters.voters_per_agent" = 400
"calendar.rounds" = 3
[parameters]
"alliances.0.protocol.params.explode" = [false, true]
""", fast=False)
    out = tmp_path / "out"
    outcome = run_sweep(load_experiment(path), out, backend="serial", progress=False,
                        plots=False)
    tables = read_sweep_tables(out)
    assert outcome.n_failed == 2
    assert list(tables["runs"]["ok"]) == [True, True, False, False]
    failures = tables["failures"]
    assert list(failures["error_type"]) == ["RuntimeError", "RuntimeError"]
    assert failures["error_message"].str.contains("boom").all()
    assert failures["traceback"].str.contains("sweep_helpers.py").all()
    assert (failures["alliances.0.protocol.params.explode"] == True).all()  # noqa: E712


def test_a_worker_does_not_keep_finished_models(tmp_path: Path,
                                                write_experiment: Callable[..., Path]) -> None:
    """Mesa 3.3 keeps every model in ``Agent._ids``; the runner drops the ones it made."""
    import gc

    from sim.experiment.runner import execute, make_task

    def alive() -> int:
        gc.collect()
        return sum(type(o).__name__ == "CoalitionModel" for o in gc.get_objects())

    path = write_experiment(tmp_path, '[parameters]\n"campaign.intensity" = [0.5, 1.0]\n')
    experiment = load_experiment(path)
    before = alive()  # other tests in this process may have left models behind
    for run in make_plan(experiment).runs:
        assert execute(make_task(experiment, run))["ok"]
    assert alive() == before
