"""Experiment files: parameter forms, checks against the base config, and bad input (exit 2
with a message naming the file and the key, before any run starts)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from builders import ROOT

from sim.cli import main
from sim.config.errors import ConfigError
from sim.experiment import ExperimentError, load_experiment
from sim.experiment.parameters import (
    CategoricalParameter,
    IntegerParameter,
    RealParameter,
    parse_parameter,
)
from sim.experiment.spec import SUMMARY_FIELDS, assign, assign_all

W = "exp.toml: key 'parameters.\"x\"'"


# --------------------------------------------------------------------------- parameter forms


def test_list_shorthand_is_categorical() -> None:
    p = parse_parameter("a.b", ["x", "y"], W)
    assert isinstance(p, CategoricalParameter)
    assert p.levels() == ["x", "y"] and not p.numeric
    assert parse_parameter("a.b", [0.1, 2], W).numeric


def test_range_with_step_and_count() -> None:
    p = parse_parameter("a", {"range": [0.0, 1.0], "step": 0.25}, W)
    assert isinstance(p, RealParameter)
    assert p.levels() == [0.0, 0.25, 0.5, 0.75, 1.0]
    p = parse_parameter("a", {"range": [0.0, 0.3], "step": 0.1}, W)
    assert p.levels() == [0.0, 0.1, 0.2, 0.3]          # no 0.30000000000000004, high included
    assert parse_parameter("a", {"range": [1.0, 2.0], "count": 3}, W).levels() == [1.0, 1.5, 2.0]


def test_integer_range() -> None:
    p = parse_parameter("a", {"range": [1, 7], "step": 2}, W)
    assert isinstance(p, IntegerParameter)
    assert p.levels() == [1, 3, 5, 7]
    assert all(isinstance(v, int) for v in p.levels())
    p = parse_parameter("a", {"range": [1, 4], "type": "int"}, W)
    assert p.levels() == [1, 2, 3, 4]


def test_continuous_range_and_distributions_map_the_unit_interval() -> None:
    u = np.linspace(0, 1, 11)
    p = parse_parameter("a", {"range": [2.0, 4.0]}, W)
    assert not p.finite
    assert p.from_unit(u) == pytest.approx(np.linspace(2, 4, 11))
    normal = parse_parameter("a", {"distribution": "normal", "mean": 1.0, "sd": 0.5,
                                   "range": [0.0, 2.0]}, W)
    values = normal.from_unit(u)
    assert min(values) >= 0.0 and max(values) <= 2.0
    assert normal.from_unit(np.array([0.5]))[0] == pytest.approx(1.0)
    quantiles = parse_parameter("a", {"distribution": "uniform", "range": [0.0, 1.0],
                                      "count": 4}, W)
    assert quantiles.levels() == [0.125, 0.375, 0.625, 0.875]
    tri = parse_parameter("a", {"distribution": "triangular", "range": [0.0, 1.0],
                                "mode": 0.2}, W)
    assert tri.from_unit(np.array([0.0, 1.0])) == [0.0, 1.0]


def test_categorical_pick_uses_equal_bins() -> None:
    p = parse_parameter("a", ["a", "b", "c"], W)
    assert p.from_unit(np.array([0.0, 0.33, 0.34, 0.99, 1.0])) == ["a", "a", "b", "c", "c"]


@pytest.mark.parametrize(("raw", "fragment"), [
    ({"range": [1.0, 1.0], "step": 0.1}, "empty range"),
    ({"range": [2.0, 0.0], "step": 0.1}, "reversed range"),
    ({"range": [0.0, 1.0], "step": 0}, "`step` must be positive"),
    ({"range": [0.0, 1.0], "step": 2.0}, "wider than the range"),
    ({"range": [0.0, 1.0], "count": 1}, "`count`"),
    ({"values": []}, "non-empty"),
    ({"values": [1, "a"]}, "one kind"),
    ({"values": [1, 1]}, "duplicates"),
    ({"range": [0.0]}, "[low, high]"),
    ({"distribution": "cauchy", "range": [0, 1]}, "unknown distribution"),
    ({"distribution": "normal", "mean": 0.0}, "needs `sd`"),
    ({"values": [1], "step": 1}, "does not go with `values`"),
    ({"rnage": [0, 1]}, "unknown key 'rnage'"),
])
def test_bad_parameter_forms(raw: dict, fragment: str) -> None:
    with pytest.raises(ExperimentError) as err:
        parse_parameter("x", raw, W)
    assert fragment in str(err.value)
    assert str(err.value).startswith(W)


# --------------------------------------------------------------------------- setting values


def test_assign_reaches_into_resolved_behaviours_and_resets_params_on_switch() -> None:
    doc = {"alliances": [{"name": "A", "protocol": {"name": "campaign_responsive",
                                                    "params": {"responsiveness": 1.0}}}]}
    out = assign(doc, "alliances.A.protocol.name", "gamson")
    assert out["alliances"][0]["protocol"] == {"name": "gamson", "params": {}}
    same = assign(doc, "alliances.0.protocol.name", "campaign_responsive")
    assert same["alliances"][0]["protocol"]["params"] == {"responsiveness": 1.0}
    both = assign_all(doc, [("alliances.0.protocol.params.claim_margin", 0.6),
                            ("alliances.0.protocol.name", "seat_by_seat")])
    assert both["alliances"][0]["protocol"] == {"name": "seat_by_seat",
                                                "params": {"claim_margin": 0.6}}
    assert doc["alliances"][0]["protocol"]["name"] == "campaign_responsive"  # not mutated


def test_assign_reports_bad_paths_as_config_errors() -> None:
    with pytest.raises(ConfigError, match="no element with id or name 'XYZ'"):
        assign({"parties": [{"id": "A"}]}, "parties.XYZ.loyalty", 0.5)


# --------------------------------------------------------------------------- whole files


def test_shipped_experiments_load_and_base_on_the_toy(tmp_path: Path) -> None:
    names = ["joint_campaign_vs_transfer", "protocol_comparison", "friendly_fights"]
    for name in names:
        exp = load_experiment(ROOT / "experiments" / f"{name}.toml")
        assert exp.name == name
        assert exp.base_path.resolve() == (ROOT / "configs" / "toy.toml").resolve()
        assert exp.description and 100 <= exp.n_runs <= 1500
    ff = load_experiment(ROOT / "experiments" / "friendly_fights.toml")
    assert ff.base["alliances"][0]["protocol"]["name"] == "seat_by_seat"
    concession = ff.parameter("concession")
    assert len(concession.paths) == 2


def test_linked_parameter_sets_every_path(tmp_path: Path, write_experiment: Callable[..., Path]
                                          ) -> None:
    path = write_experiment(tmp_path, """
[parameters.concession]
paths = ["parties.LFT.strategy.params.concession", "parties.CON.strategy.params.concession"]
values = [0.1, 0.9]
""")
    exp = load_experiment(path)
    assert exp.assignments({"concession": 0.9}) == [
        ("parties.LFT.strategy.params.concession", 0.9),
        ("parties.CON.strategy.params.concession", 0.9)]


def test_digest_ignores_description_but_not_the_design(tmp_path: Path,
                                                       write_experiment: Callable[..., Path]
                                                       ) -> None:
    body = '\n[parameters]\n"campaign.intensity" = [0.5, 1.0]\n'
    a = load_experiment(write_experiment(tmp_path, body, name="a"))
    b_path = write_experiment(tmp_path, body.replace("1.0]", "1.5]"), name="b")
    c_path = write_experiment(tmp_path, body, name="c")
    c_path.write_text(c_path.read_text().replace("a test sweep", "other words"))
    assert a.digest() != load_experiment(b_path).digest()
    assert a.digest() == load_experiment(c_path).digest()


def test_summary_fields_exist_in_a_run_summary() -> None:
    from sim.run.single import run_one
    from sim.world.loading import load_config

    config = load_config(ROOT / "configs" / "toy.toml", {
        "voters.voters_per_agent": 400, "scenario.synthetic.n_constituencies": 20,
        "calendar.rounds": 2})
    summary = run_one(config).summary
    missing = set(SUMMARY_FIELDS) - set(summary)
    assert not missing, f"update sim.experiment.spec.SUMMARY_FIELDS: {missing} are gone"


# --------------------------------------------------------------------------- bad input: exit 2

PARAM = '\n[parameters]\n"campaign.intensity" = [0.5, 1.0]\n'

BAD = [
    ("unknown_path", '\n[parameters]\n"campaign.intensty" = [0.5]\n',
     ["'parameters.\"campaign.intensty\"'", "unknown key"]),
    ("unknown_behaviour_param", '\n[parameters]\n"alliances.0.protocol.params.claim_margin" = '
     '[0.5]\n', ["claim_margin", "no parameter"]),
    ("bad_value", '\n[parameters]\n"campaign.intensity" = { range = [-1.0, 1.0], step = 1.0 }\n',
     ["campaign.intensity", "-1.0"]),
    ("empty_range", '\n[parameters]\n"campaign.intensity" = { range = [1.0, 1.0], step = 0.1 }\n',
     ["'parameters.\"campaign.intensity\"'", "empty range"]),
    ("reversed_range", '\n[parameters]\n"campaign.intensity" = { range = [2.0, 0.5], count = 3 }'
     '\n', ["'parameters.\"campaign.intensity\"'", "reversed range"]),
    ("unknown_design", PARAM + '\n[design]\nkind = "factorial"\n',
     ["'design.kind'", "unknown design 'factorial'"]),
    ("zero_replications", "replications = 0\n" + PARAM, ["'replications'", "at least 1"]),
    ("sobol_not_power_of_two", '\n[parameters]\n"campaign.intensity" = { range = [0.0, 2.0] }\n'
     '"campaign.reach" = { range = [0.1, 1.0] }\n[design]\nkind = "sobol"\nsamples = 6\n',
     ["'design.samples'", "power of 2", "got 6"]),
    ("grid_needs_levels", '\n[parameters]\n"campaign.intensity" = { range = [0.0, 2.0] }\n',
     ["'parameters.\"campaign.intensity\"'", "no levels for a grid"]),
    ("morris_odd_levels", PARAM + '\n[design]\nkind = "morris"\nsamples = 4\nlevels = 3\n',
     ["'design.levels'", "even"]),
    ("unknown_top_key", "replicates = 3\n" + PARAM, ["'replicates'", "unknown key"]),
    ("unknown_outcome", 'outcomes = ["seats"]\n' + PARAM, ["'outcomes.0'", "unknown outcome"]),
    ("unknown_alliance_outcome", 'outcomes = ["seats_by_alliance.Left"]\n' + PARAM,
     ["'outcomes.0'", "'Left'"]),
    ("no_parameters", "seed = 1\n", ["'parameters'", "at least one"]),
    ("unquoted_path", "\n[parameters.campaign.intensity]\nvalues = [1.0]\n",
     ["unquoted dotted key"]),
    ("bad_set", PARAM + '\n[set]\n"voters.voters_per_agnt" = 3\n', ["'set'", "voters_per_agnt"]),
]


@pytest.mark.parametrize(("case", "body", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_experiment_exits_2_before_any_run(tmp_path: Path, capsys: pytest.CaptureFixture,
                                               case: str, body: str,
                                               fragments: list[str],
                                               write_experiment: Callable[..., Path]) -> None:
    path = write_experiment(tmp_path, body, name=case, fast=case != "bad_set")
    out = tmp_path / "out"
    code = main(["sweep", str(path), "--backend", "serial", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert str(path) in err
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err
    assert not out.exists()


def test_missing_base_file(tmp_path: Path, capsys: pytest.CaptureFixture,
                           write_experiment: Callable[..., Path]) -> None:
    path = write_experiment(tmp_path, PARAM, header='base = "nowhere/toy.toml"\n')
    assert main(["sweep", str(path), "--backend", "serial", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "key 'base'" in err and "nowhere/toy.toml" in err and str(path) in err


def test_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture,
                            write_experiment: Callable[..., Path]) -> None:
    path = write_experiment(tmp_path, PARAM)
    assert main(["sweep", str(path), "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
    assert main(["sweep", str(path), "--backend", "serial", "--scheduler", "tcp://x:1"]) == 2
    assert "--scheduler" in capsys.readouterr().err
    assert main(["plot", str(tmp_path)]) == 2
    assert "manifest.json" in capsys.readouterr().err
