"""The what-ifs users ask: a partner on a fixed number of seats, one state of an all-India
config (with its swings), a derived outcome in the summary, the README's own examples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from builders import ROOT, TOY

from sim.cli import main
from sim.config.errors import ConfigError
from sim.negotiation.fixed import choose_fixed
from sim.run.single import run_one
from sim.world.build import build_scenario
from sim.world.loading import load_config

FAST = {"voters.voters_per_agent": 400, "calendar.rounds": 4}
INDIA = ROOT / "configs" / "india_2024.toml"


@pytest.mark.parametrize("count", [10, 40])
def test_a_fixed_partner_contests_exactly_its_seats(count: int) -> None:
    config = load_config(TOY, {**FAST, "alliances.0.fixed_seats": {"CON": count}})
    summary = run_one(config).summary
    info = summary["alliances"]["Left-Congress"]
    if "CON" in info["final_members"]:
        assert info["allocation"]["CON"] == count
        assert info["allocation"]["LFT"] == 60 - count


def test_fixed_seats_are_the_partners_comparatively_strongest() -> None:
    shares = np.array([[0.5, 0.1], [0.2, 0.3], [0.4, 0.1], [0.1, 0.6]])
    # party 0 leads party 1 by 0.4, -0.1, 0.3, -0.5: its best two are rows 0 and 2
    assert list(choose_fixed(shares, [(np.arange(4), [0, 1])], 0, 2)) == [0, 2]
    # over two regional tables, the count is spread where the party leads most
    tables = [(np.array([0, 1]), [0, 1]), (np.array([2, 3]), [0, 1])]
    assert list(choose_fixed(shares, tables, 0, 2)) == [0, 2]
    with pytest.raises(ValueError, match="more than the 4"):
        choose_fixed(shares, tables, 0, 5)


@pytest.mark.parametrize(("override", "message"), [
    ({"alliances.0.fixed_seats": {"RUL": 5}}, "'RUL' is not a member of 'Left-Congress'"),
    ({"alliances.0.fixed_seats": {"CON": -1}}, "alliances.0.fixed_seats.CON"),
])
def test_bad_fixed_seats_are_config_errors(override: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(TOY, override)


def test_too_many_fixed_seats_exit_2_in_one_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(TOY), "--set", "alliances.0.fixed_seats.CON=61",
                 "--set", "voters.voters_per_agent=400", "--out", str(tmp_path / "x")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "alliances.0.fixed_seats.CON: 61 is more than the 60" in err and "\n" not in err


def test_one_state_of_the_india_config_keeps_only_its_swings() -> None:
    """West Bengal alone: the Bihar and Maharashtra swings do not apply, and no error."""
    config = load_config(INDIA, {"scenario.results.states": ["West Bengal"]})
    scenario = build_scenario(config, np.random.default_rng(0))
    assert scenario.n_constituencies == 42
    assert set(scenario.regions) == {"West Bengal"}
    with_swings = np.asarray(scenario.shares)
    doc = json.loads(json.dumps(config.to_dict()))
    doc["scenario"]["results"]["swing"] = []
    from sim.world.loading import validate

    without = np.asarray(build_scenario(validate(doc), np.random.default_rng(0)).shares)
    np.testing.assert_array_equal(with_swings, without)


def test_a_swing_naming_a_state_outside_the_dataset_is_still_an_error() -> None:
    with pytest.raises(ConfigError, match=r"swing\.0\.states\.0"):
        load_config(INDIA, {"scenario.results.states": ["West Bengal"],
                            "scenario.results.swing.0.states": ["Narnia"]})


def test_summary_has_seat_margins_and_run_stores_derived_outcomes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    assert main(["run", str(TOY), "--set", "voters.voters_per_agent=400", "--out", str(out),
                 "--outcome", "Left-Congress - RUL", "--outcome", "LFT / allocation.LFT",
                 "--no-plots"]) == 0
    summary = json.loads((out / "summary.json").read_text())
    margin = summary["seats_by_alliance"]["Left-Congress"] - summary["seats_by_alliance"]["RUL"]
    assert summary["seat_margins"] == {"Left-Congress - RUL": margin}
    assert summary["derived"]["Left-Congress - RUL"] == margin
    assert "margin Left-Congress - RUL" in capsys.readouterr().out
    assert main(["run", str(TOY), "--outcome", "NOPE - RUL", "--out", str(tmp_path / "y")]) == 2
    assert "unknown name 'NOPE'" in capsys.readouterr().err


def test_every_set_example_in_the_readme_loads_on_its_config() -> None:
    """`coalsim run CONFIG --set ...` lines of the README work on the configs they name (the
    default config where none is named)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    checked = 0
    for line in readme.splitlines():
        overrides = (re.findall(r"--set '([^']+)'", line)
                     + re.findall(r"--set ([^\s'`]+=[^\s'`]+)", line))
        overrides = [o for o in overrides if not o.startswith(("dotted.", "KEY"))]
        if not overrides:
            continue
        named = re.search(r"configs/(\w+)\.toml", line)
        config = ROOT / "configs" / f"{named.group(1) if named else 'west_bengal_2021'}.toml"
        load_config(config, overrides)
        checked += 1
    assert checked >= 3


def test_bind_fixed_gives_the_partner_exactly_its_rows() -> None:
    from sim.negotiation.fixed import bind_fixed
    from sim.negotiation.tables import AllianceState

    n = 6
    state = AllianceState(index=0, name="A", members=(0, 1, 2), rivals=(), active=[0, 1, 2],
                          assignment=np.zeros(n, dtype=np.int64),
                          claims=np.zeros((3, n), dtype=bool),
                          reserved=np.full(n, -1, dtype=np.int64),
                          fixed=np.array([0, 0, -1, -1, -1, -1]), fixed_members=(0,))
    forecast = np.array([[0.5, 0.2, 0.1]] * 3 + [[0.4, 0.1, 0.3]] * 3)
    assignment = np.array([1, 0, 0, 0, 2, 1])  # the protocol gave party 0 rows 1-3
    bind_fixed(state, assignment, forecast)
    assert list(assignment) == [0, 0, 1, 2, 2, 1]  # rows 2, 3 to the strongest other partner
    assert state.claims[0].tolist() == [True, True, False, False, False, False]
    state.active.remove(0)  # a fixed partner that walked out binds nothing
    again = np.array([1, 1, 1, 2, 2, 1])
    bind_fixed(state, again, forecast)
    assert list(again) == [1, 1, 1, 2, 2, 1]
    # a fixed partner with no seat at this table gets none here
    state.active.append(0)
    state.fixed = np.full(n, -1)
    third = np.array([0, 0, 1, 2, 2, 1])
    bind_fixed(state, third, forecast)
    assert 0 not in third
