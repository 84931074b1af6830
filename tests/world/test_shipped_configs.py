"""The two real configs run end to end (at a reduced voter scale and two rounds) and write the
maps and per-state table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.world.loading import load_config

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
WB = CONFIGS / "west_bengal_2021.toml"
INDIA = CONFIGS / "india_2024.toml"
SHORT = ["--set", "voters.voters_per_agent=2000", "--set", "calendar.rounds=2",
         "--set", "calendar.quiet_rounds=[]"]
MAPS = ("map_winners.png", "map_allocation.png", "map_margin.png")


@pytest.mark.slow
def test_west_bengal_config_runs_and_draws_maps(tmp_path, capsys):
    out = tmp_path / "wb"
    assert main(["run", str(WB), "--out", str(out), *SHORT]) == 0
    printed = capsys.readouterr().out
    assert "Sanjukta Morcha" in printed and "AITC" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n_constituencies"] == 294
    assert sum(summary["seats_by_party"].values()) == 294
    assert set(summary["seats_by_party"]) == {"AITC", "BJP", "CPM", "INC", "ISF", "IND", "OTH"}
    table = pd.read_csv(out / "constituencies.csv")
    baharampur = table.set_index("id").loc["WB-AC-072"]
    assert baharampur["votes:CPM"] == 0  # the goodwill gesture is honoured
    assert baharampur["votes:INC"] > 0
    for name in MAPS:
        assert (out / "plots" / name).stat().st_size > 10_000
    seats = pd.read_csv(out / "seats_by_state.csv")
    assert seats["state"].tolist() == ["West Bengal"] and seats["total"].tolist() == [294]


@pytest.mark.slow
def test_india_config_runs_state_by_state(tmp_path, capsys):
    out = tmp_path / "india"
    assert main(["run", str(INDIA), "--out", str(out), *SHORT]) == 0
    assert "INDIA" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n_constituencies"] == 542
    assert sum(summary["seats_by_alliance"].values()) == 542
    seats = pd.read_csv(out / "seats_by_state.csv")
    assert len(seats) == 36 and seats["total"].sum() == 542
    assert {"INDIA", "NDA"} <= set(seats.columns)
    for name in (*MAPS, "seats_by_state.png"):
        assert (out / "plots" / name).stat().st_size > 10_000


@pytest.mark.parametrize(
    "baseline",
    ['"wb_assembly_2016"', '"wb_lok_sabha_2019_segments"',
     "{wb_assembly_2016 = 0.3, wb_lok_sabha_2019_segments = 0.7}"],
)
def test_west_bengal_baseline_is_one_key(baseline):
    config = load_config(WB, [f"scenario.results.baseline={baseline}"])
    assert config.scenario.results is not None
    assert config.scenario.results.baseline


def test_an_unknown_party_in_a_real_config_exits_2(tmp_path, capsys):
    text = WB.read_text().replace('"BJP"', '"BJPX"')
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert main(["run", str(path), "--out", str(tmp_path / "o"), "--no-plots"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "key 'parties.1.id'" in err and "'BJPX'" in err
    assert "did you mean BJP" in err


def test_a_malformed_results_file_exits_2_naming_file_and_line(tmp_path, capsys):
    bad = tmp_path / "ls.csv"
    bad.write_text("state,constituency_no,constituency_name,candidate,party,votes,electors\n"
                   "Kerala,1,KASARAGOD,A,Indian National Congress,400,1000\n"
                   "Kerala,1,KASARAGOD,B,Bharatiya Janata Party,many,1000\n")
    config = tmp_path / "c.toml"
    config.write_text(
        '[scenario]\nsource = "results"\n'
        f'[scenario.results]\nbaseline = "lok_sabha_2019"\nfiles = {{ lok_sabha_2019 = "{bad}" }}\n'
        '[[parties]]\nid = "INC"\nideology = 0.0\n[[parties]]\nid = "BJP"\nideology = 0.5\n')
    assert main(["run", str(config), "--out", str(tmp_path / "o"), "--no-plots"]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and str(bad) in err
    assert "line 3, column 'votes'" in err and "'many'" in err
    assert not (tmp_path / "o").exists()
