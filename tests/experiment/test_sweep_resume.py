"""A sweep killed with SIGKILL mid-way and resumed gives the same final tables as an
uninterrupted one; a resumed sweep refuses a changed experiment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import ROOT

from sim.cli import main
from sim.experiment import load_experiment
from sim.experiment.runner import run_sweep

BODY = """seed = 3
replications = 4
outcomes = ["seats_by_alliance.Left-Congress", "transfer_rate", "agreement_round"]
[parameters]
"campaign.intensity" = { range = [0.0, 2.0], count = 6 }
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and sessions are POSIX")
def test_sigkill_then_resume_equals_an_uninterrupted_sweep(tmp_path: Path,
                                                           write_experiment: Callable[..., Path],
                                                           assert_same_sweep_tables: Callable
                                                           ) -> None:
    path = write_experiment(tmp_path, BODY)
    killed = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", str(path), "--backend", "processes",
         "--workers", "2", "--out", str(killed), "--quiet", "--no-plots"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    parts = killed / "parts"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if parts.is_dir() and len(list(parts.glob("*.json"))) >= 3:
                break
            if proc.poll() is not None:
                pytest.fail(f"the sweep ended before it could be killed: "
                            f"{proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)       # the parent only: its workers must notice
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close()
    done_at_kill = len(list(parts.glob("*.json")))
    assert 3 <= done_at_kill < 24, "the kill must land mid-way"
    assert not (killed / "runs.parquet").exists()
    manifest = json.loads((killed / "manifest.json").read_text())
    assert manifest["status"] == "running"

    # without --resume the folder is refused (exit 2), with it only the missing runs are done
    assert main(["sweep", str(path), "--backend", "serial", "--out", str(killed),
                 "--quiet", "--no-plots"]) == 2
    outcome = run_sweep(load_experiment(path), killed, backend="serial", resume=True,
                        progress=False, plots=False)
    assert outcome.n_previously_done == done_at_kill
    assert outcome.n_new == 24 - done_at_kill
    manifest = json.loads((killed / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert [s["status"] for s in manifest["sessions"]] == ["killed", "complete"]

    clean = tmp_path / "clean"
    run_sweep(load_experiment(path), clean, backend="processes", workers=2, progress=False,
              plots=False)
    assert_same_sweep_tables(killed, clean)


def test_resume_refuses_a_changed_experiment(tmp_path: Path,
                                             capsys: pytest.CaptureFixture,
                                             write_experiment: Callable[..., Path]) -> None:
    path = write_experiment(tmp_path, BODY.replace("replications = 4", "replications = 1")
                            .replace("count = 6", "count = 2"))
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--backend", "serial", "--out", str(out), "--quiet",
                 "--no-plots"]) == 0
    path.write_text(path.read_text().replace("count = 2", "count = 3"))
    assert main(["sweep", str(path), "--backend", "serial", "--out", str(out), "--quiet",
                 "--resume"]) == 2
    assert "different experiment" in capsys.readouterr().err
    assert main(["sweep", str(path), "--backend", "serial", "--out", str(out), "--quiet",
                 "--no-plots", "--force"]) == 0
    assert len(list((out / "parts").glob("*.json"))) == 3
