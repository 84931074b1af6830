"""``coalsim sweep`` and ``coalsim plot`` end to end, and the sensitivity designs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main


def test_sweep_then_plot(tmp_path: Path, capsys: pytest.CaptureFixture,
                         write_experiment: Callable[..., Path]) -> None:
    path = write_experiment(tmp_path, """seed = 2
replications = 2
outcomes = ["seats_by_alliance.Left-Congress", "alliances.Left-Congress.status"]
[parameters]
"alliances.0.protocol.name" = { values = ["gamson", "seat_by_seat"], label = "protocol" }
""")
    out = tmp_path / "results" / "tiny"
    assert main(["sweep", str(path), "--backend", "serial", "--out", str(out), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "4 runs" in captured.out and "none failed" in captured.out
    assert "2 points × 2 replications = 4 runs" in captured.err
    for name in ("runs.parquet", "rounds.parquet", "failures.parquet", "manifest.json",
                 "experiment.toml", "base.toml", "report.html"):
        assert (out / name).is_file(), name
    runs = pd.read_parquet(out / "runs.parquet")
    assert list(runs.columns[:6]) == ["run_id", "point", "replication", "seed", "ok",
                                      "alliances.0.protocol.name"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment_file"] == path.read_text()
    assert manifest["counts"] == {"runs": 4, "points": 2, "replications": 2, "done": 4,
                                  "failed": 0}
    assert {"numpy", "pandas", "pyarrow", "SALib"} <= set(manifest["versions"])
    assert manifest["timings"]["run_seconds_total"] > 0
    figures = sorted(p.name for p in (out / "plots").glob("*.png"))
    assert "box__seats_by_alliance.Left-Congress__alliances.0.protocol.name.png" in figures
    # coalsim plot redraws from the tables alone
    for png in (out / "plots").glob("*.png"):
        png.unlink()
    (out / "report.html").unlink()
    assert main(["plot", str(out)]) == 0
    assert sorted(p.name for p in (out / "plots").glob("*.png")) == figures
    assert (out / "report.html").is_file()


@pytest.mark.slow
@pytest.mark.parametrize(("design", "n_runs", "indices"), [
    ('kind = "sobol"\nsamples = 4', 16, {"S1", "ST"}),
    ('kind = "morris"\nsamples = 3\nlevels = 4', 9, {"mu_star", "mu", "sigma"}),
])
def test_sensitivity_designs(tmp_path: Path, design: str, n_runs: int,
                             indices: set[str], write_experiment: Callable[..., Path]) -> None:
    path = write_experiment(tmp_path, f"""seed = 4
outcomes = ["seats_by_alliance.Left-Congress", "turnout", "transfer_rate"]
[parameters]
"campaign.intensity" = {{ range = [0.0, 2.0] }}
"voters.response.params.gain" = {{ distribution = "triangular", range = [0.0, 0.4], mode = 0.15 }}
[design]
{design}
""")
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--backend", "serial", "--out", str(out), "--quiet"]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == n_runs
    assert runs["voters.response.params.gain"].between(0.0, 0.4).all()
    sens = pd.read_parquet(out / "sensitivity.parquet")
    assert set(sens["index"]) == indices
    assert set(sens["parameter"]) == {"campaign.intensity", "voters.response.params.gain"}
    assert "turnout" in set(sens["outcome"])
    assert any(p.name.startswith("sensitivity__") for p in (out / "plots").glob("*.png"))
