"""``coalsim threshold``: a real search on a tiny toy, the experiment-file defaults, and bad
input (exit 2, one line, nothing run)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import TOY

from sim.cli import main

TINY = ["--set", "voters.voters_per_agent=400", "--set", "scenario.synthetic.n_constituencies=20",
        "--set", "calendar.rounds=3"]


def test_a_search_on_the_toy_writes_its_outputs(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "thr"
    code = main(["threshold", str(TOY), "--parameter", "campaign.intensity", "--outcome",
                 "transfer_rate", "--target", "0.45", "--range", "0", "2", "--replications",
                 "3", "--max-probes", "5", "--out", str(out), *TINY])
    printed = capsys.readouterr()
    assert code in (0, 1)
    assert printed.err.count("campaign.intensity = ") == 5 or code == 1
    summary = json.loads((out / "threshold.json").read_text())
    assert summary["parameters"] == ["campaign.intensity"] and summary["replications"] == 3
    assert (out / "threshold.png").read_bytes()[:4] == b"\x89PNG"
    rows = (out / "probes.csv").read_text().splitlines()
    assert rows[0] == "value,replication,outcome" and len(rows) == 1 + 3 * (5 if code == 0 else 2)
    if code == 0:
        assert summary["increasing"] and 0 <= summary["crossing"] <= 2
        assert summary["interval"][0] <= summary["crossing"] <= summary["interval"][1]
        assert "transfer_rate reaches 0.45 at campaign.intensity = " in printed.out


def test_an_experiment_gives_the_range_and_replications(
        tmp_path: Path, write_experiment: Callable[..., Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    experiment = write_experiment(tmp_path, 'replications = 2\n[parameters]\n'
                                  '"campaign.intensity" = [0.0, 1.0, 2.0]\n')
    code = main(["threshold", str(experiment), "--parameter", "campaign.intensity",
                 "--outcome", "Left-Congress - RUL", "--target", "1000", "--max-probes", "3"])
    captured = capsys.readouterr()
    assert code == 1  # 1000 seats is never reached: "not crossed", both ends shown
    assert "in [0, 2], 2 runs per value" in captured.err
    assert captured.out.startswith("not crossed: Left-Congress - RUL is ")


@pytest.mark.parametrize(("args", "message"), [
    (["--parameter", "campaign.intensity", "--outcome", "transfer_rate", "--target", "0.5"],
     "--range LOW HIGH: needed"),
    (["--parameter", "campaign.intensity", "--outcome", "transfer_rate", "--target", "0.5",
      "--range", "2", "1"], "LOW must be below HIGH"),
    (["--parameter", "campaign.intensty", "--outcome", "transfer_rate", "--target", "0.5",
      "--range", "0", "1"], "campaign.intensty"),
    (["--parameter", "campaign.intensity", "--outcome", "NOPE - RUL", "--target", "0",
      "--range", "0", "1"], "unknown name 'NOPE'"),
    (["--parameter", "campaign.intensity", "--outcome", "transfer_rate", "--target", "0.5",
      "--range", "0", "1", "--replications", "1"], "--replications must be at least 2"),
    (["--parameter", "voters.turnout", "--outcome", "transfer_rate", "--target", "0.5",
      "--range", "0", "3"], "voters.turnout"),
])
def test_bad_input_exits_2_in_one_line(args: list[str], message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["threshold", str(TOY), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coalsim: error: ") and "\n" not in err and message in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["threshold", str(tmp_path / "none.toml"), "--parameter", "x", "--outcome",
                 "y", "--target", "0"]) == 2
    assert "file not found" in capsys.readouterr().err
