"""The ``coalsim`` command line: files written, folders refused, bad input exits 2 cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from builders import ROOT, TOY

from sim.behaviours.registry import FAMILIES, registry
from sim.cli import main
from sim.world.loading import load_config

FAST = ["--set", "voters.voters_per_agent=200"]
SUMMARY_KEYS = {"n_constituencies", "seats_by_party", "seats_by_alliance", "votes_by_party",
                "agreement_round", "allocation", "friendly_fights", "transfer_rate", "iou_mean",
                "enp_votes", "enp_seats"}
PNG = b"\x89PNG\r\n\x1a\n"


def test_run_writes_every_listed_file(toy_cli_run: tuple[Path, str]) -> None:
    out, stdout = toy_cli_run
    for name in ("config.toml", "manifest.json", "summary.json", "rounds.csv",
                 "constituencies.csv"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    for name in ("seats.png", "negotiation.png", "public_response.png", "support.png"):
        assert (out / "plots" / name).read_bytes()[:8] == PNG, name
    assert f"results written to {out}" in stdout
    assert "transfer rate" in stdout
    assert not list(out.parent.glob(".toy.tmp-*"))  # no staging folder left behind


def test_summary_has_the_documented_keys(toy_cli_run: tuple[Path, str]) -> None:
    out, _ = toy_cli_run
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary) >= SUMMARY_KEYS
    assert summary["n_constituencies"] == 60
    assert sum(summary["seats_by_party"].values()) == 60
    assert set(summary["seats_by_party"]) == {"RUL", "RGT", "LFT", "CON"}
    assert set(summary["seats_by_alliance"]) == {"Left-Congress", "RUL", "RGT"}
    assert set(summary["allocation"]) == {"LFT", "CON"}
    for key in ("transfer_rate", "iou_mean", "enp_votes", "enp_seats"):
        assert summary[key] is None or isinstance(summary[key], float)


def test_summary_measures_agree_with_the_tables(toy_cli_run: tuple[Path, str]) -> None:
    import numpy as np
    import pandas as pd

    out, _ = toy_cli_run
    summary = json.loads((out / "summary.json").read_text())
    table = pd.read_csv(out / "constituencies.csv")
    votes = table[[f"votes:{p}" for p in ("RUL", "RGT", "LFT", "CON")]].to_numpy(float)
    assert votes.sum(axis=0).astype(int).tolist() == list(summary["votes_by_party"].values())
    # IOU with RUL governing: 100 · largest opposition vote / all opposition votes, averaged
    opposition = votes[:, 1:]
    iou = 100 * opposition.max(axis=1) / opposition.sum(axis=1)
    assert summary["iou_mean"] == pytest.approx(iou.mean(), abs=1e-4)
    shares = votes.sum(axis=0) / votes.sum()
    assert summary["enp_votes"] == pytest.approx(1 / np.square(shares).sum(), abs=1e-5)
    seats = np.array(list(summary["seats_by_party"].values())) / 60
    assert summary["enp_seats"] == pytest.approx(1 / np.square(seats).sum(), abs=1e-5)
    assert 0.0 <= summary["transfer_rate"] <= 1.0


def test_written_config_reproduces_the_run_config(toy_cli_run: tuple[Path, str]) -> None:
    out, _ = toy_cli_run
    manifest = json.loads((out / "manifest.json").read_text())
    written = load_config(out / "config.toml")
    assert written.voters.voters_per_agent == 200
    assert written.digest() == manifest["config_sha256"]
    assert manifest["seed"] == 1
    assert tomllib.loads((out / "config.toml").read_text())["seed"] == 1


def test_tables_have_one_row_per_constituency(toy_cli_run: tuple[Path, str]) -> None:
    import pandas as pd

    out, _ = toy_cli_run
    table = pd.read_csv(out / "constituencies.csv")
    assert len(table) == 60
    assert {"id", "winner", "electors", "votes_cast", "margin", "friendly_fight"} <= set(table)
    assert table["winner"].value_counts().to_dict() == {
        k: v for k, v in json.loads((out / "summary.json").read_text())["seats_by_party"].items()
        if v}
    rounds = pd.read_csv(out / "rounds.csv")
    assert list(rounds.columns) == ["round", "level", "region", "party", "bloc", "variable",
                                    "value"]
    assert set(rounds["round"]) == set(range(1, 9))


def test_goodwill_giver_fields_no_candidate_in_its_gesture_seat(
    toy_cli_run: tuple[Path, str]
) -> None:
    import pandas as pd

    out, _ = toy_cli_run
    table = pd.read_csv(out / "constituencies.csv").set_index("id")
    # the toy's Left Front stands down in C007 for the Congress leader
    assert table.loc["C007", "votes:LFT"] == 0
    assert table.loc["C007", "votes:CON"] > 0
    assert table.loc["C007", "allocated:Left-Congress"] == "CON"
    assert (table["votes:LFT"] > 0).sum() > 0  # LFT does stand elsewhere


def test_existing_output_folder_is_refused_without_force(
    toy_cli_run: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = toy_cli_run
    before = (out / "summary.json").read_bytes()
    assert main(["run", str(TOY), "--out", str(out), *FAST, "--no-plots"]) == 2
    err = capsys.readouterr().err
    assert "already holds a run" in err and "--force" in err
    assert (out / "summary.json").read_bytes() == before


def test_force_replaces_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    args = ["run", str(TOY), "--out", str(out), *FAST, "--no-plots", "--quiet",
            "--set", "calendar.rounds=2"]
    assert main(args) == 0
    assert main([*args, "--seed", "5"]) == 2
    assert main([*args, "--seed", "5", "--force"]) == 0
    assert json.loads((out / "summary.json").read_text())["seed"] == 5
    assert not (out / "plots").exists()  # --no-plots
    # --quiet prints only where the results went
    assert capsys.readouterr().out.strip().splitlines()[-1] == f"results written to {out}"


def test_non_empty_folder_without_a_run_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["run", str(TOY), "--out", str(out), *FAST, "--no-plots"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_set_by_list_id(tmp_path: Path) -> None:
    out = tmp_path / "run"
    code = main(["run", str(TOY), "--out", str(out), *FAST, "--no-plots", "--quiet",
                 "--set", "calendar.rounds=1", "--set", "parties.LFT.loyalty=0.5"])
    assert code == 0
    written = tomllib.loads((out / "config.toml").read_text())
    loyalty = {p["id"]: p["loyalty"] for p in written["parties"]}
    assert loyalty == {"RUL": 0.9, "RGT": 0.9, "LFT": 0.5, "CON": 0.9}


# ----------------------------------------------------------------------------- bad input

TOY_TEXT = TOY.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_RUNS = {
    "unknown key": (["--set", "voters.turnuot=0.5"], "voters.turnuot"),
    "wrong type": (["--set", "calendar.rounds=eight"], "calendar.rounds"),
    "negative electors": (["--set", "scenario.synthetic.electors_mean=-100"], "electors_mean"),
    "zero rounds": (["--set", "calendar.rounds=0"], "calendar.rounds"),
    "unknown behaviour": (["--set", "alliances.0.protocol=telepathy"], "telepathy"),
    "unknown behaviour parameter": (["--set", "parties.LFT.strategy.params.greed=1"], "greed"),
    "alliance names undefined party": (["--set", 'alliances.0.members=["LFT", "XYZ"]'], "XYZ"),
    "infinite value": (["--set", "parties.RUL.strength=inf"], "finite"),
    "set without =": (["--set", "calendar.rounds"], "expected dotted.key=value"),
    "set index out of range": (["--set", "parties.9.loyalty=0.5"], "out of range"),
    "set unknown id": (["--set", "parties.XYZ.loyalty=0.5"], "no element"),
    "negative seed": (["--seed", "-3"], "--seed"),
    "mood names a party not in the scenario": (["--set", "scenario.mood.shares={RUL=0.4, XYZ=0.1}"],
                                               "scenario.mood.shares.XYZ"),
    "unknown support rule": (["--set", 'voters.support=["telepathy"]'], "voters.support.0"),
}


@pytest.mark.parametrize("case", list(BAD_RUNS))
def test_bad_override_exits_2_with_one_line(case: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    extra, needle = BAD_RUNS[case]
    out = tmp_path / "never"
    assert main(["run", str(TOY), "--out", str(out), "--no-plots", *extra]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("coalsim: error: ")
    assert needle in lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()


BAD_FILES = {
    "shares not summing to 1": (
        'seed = 0\n[scenario]\nsource = "explicit"\n'
        '[[scenario.constituencies]]\nid = "X"\nregion = "R"\nelectors = 100\n'
        'shares = { A = 0.5, B = 0.2 }\n'
        '[[parties]]\nid = "A"\nideology = 0.0\n[[parties]]\nid = "B"\nideology = 0.5\n',
        "sum to about 1"),
    "negative electors": (
        '[scenario]\nsource = "explicit"\n'
        '[[scenario.constituencies]]\nid = "X"\nregion = "R"\nelectors = -1\n'
        'shares = { A = 0.5, B = 0.5 }\n'
        '[[parties]]\nid = "A"\nideology = 0.0\n[[parties]]\nid = "B"\nideology = 0.5\n',
        "scenario.constituencies.0.electors"),
    "invalid TOML": (TOY_TEXT.replace("[calendar]", "[calendar"), "not valid TOML"),
    "unknown key in file": (TOY_TEXT + "\n[extra]\nx = 1\n", "unknown key"),
    "alliance with undefined party": (TOY_TEXT.replace('members = ["LFT", "CON"]',
                                                       'members = ["LFT", "TMC"]'), "TMC"),
    "unknown behaviour parameter": (TOY_TEXT.replace("demand = 0.3", "greed = 0.3"), "greed"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_exits_2_with_one_line(case: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    text, needle = BAD_FILES[case]
    out = tmp_path / "never"
    assert main(["run", _write(tmp_path, text), "--out", str(out), "--no-plots"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("coalsim: error: ") and needle in err
    assert not out.exists()


def test_missing_and_unreadable_files_exit_2(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "never"
    assert main(["run", str(tmp_path / "missing.toml"), "--out", str(out)]) == 2
    assert "file not found" in capsys.readouterr().err
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert main(["run", str(folder), "--out", str(out)]) == 2
    assert "cannot read file" in capsys.readouterr().err
    assert not out.exists()


def test_default_output_folder_is_under_results(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(TOY), *FAST, "--set", "calendar.rounds=1", "--no-plots",
                 "--quiet"]) == 0
    (folder,) = (tmp_path / "results" / "toy").iterdir()
    assert folder.name.startswith("seed1-")
    assert (folder / "summary.json").is_file()


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["run"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["fly"])
    assert info.value.code == 2


def test_list_names_every_registered_behaviour(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for family in FAMILIES:
        assert f"{family}:" in out
        for name in registry(family):
            assert f"  {name} " in out
    assert main(["list", "protocol"]) == 0
    out = capsys.readouterr().out
    assert "protocol:" in out and "strategy:" not in out


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["run", "configs/does-not-exist.toml"],
    ["run", "configs/toy.toml", "--set", "parties.RUL.strength=inf"],
    ["run", "configs/toy.toml", "--set", "parties.LFT"],
])
def test_real_process_exits_2_without_traceback(args: list[str], tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "sim.cli", *args, "--out", str(tmp_path / "x")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("coalsim: error: ")
    assert not (tmp_path / "x").exists()
