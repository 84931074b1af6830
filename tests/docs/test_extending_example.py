"""docs/extending.md's worked example runs as written: strategy file, config, sweep, plots."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "extending.md"
EXAMPLES = ROOT / "docs" / "examples"


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_shows_the_example_files_verbatim() -> None:
    python, toml = code_blocks("python"), code_blocks("toml")
    assert python[0] == (EXAMPLES / "poll_watcher.py").read_text(encoding="utf-8")
    assert toml[0] in (EXAMPLES / "poll_watcher_toy.toml").read_text(encoding="utf-8")
    assert toml[1] == (EXAMPLES / "poll_watcher_sweep.toml").read_text(encoding="utf-8")


def test_the_users_strategy_runs_from_its_config(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    code = main(["run", str(EXAMPLES / "poll_watcher_toy.toml"), "--out", str(out),
                 "--set", "voters.voters_per_agent=400", "--no-plots"])
    assert code == 0, capsys.readouterr().err
    resolved = (out / "config.toml").read_text()
    assert 'name = "poll_watcher:PollWatcher"' in resolved
    assert "sensitivity = 10.0" in resolved


def test_a_misspelt_parameter_is_refused_with_exit_2(tmp_path: Path, capsys) -> None:
    code = main(["run", str(EXAMPLES / "poll_watcher_toy.toml"), "--out", str(tmp_path / "x"),
                 "--set", "parties.LFT.strategy.params.sensitivty=10"])
    assert code == 2
    err = capsys.readouterr().err
    assert "has no parameter 'sensitivty'" in err and "sensitivity" in err
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
@pytest.mark.slow
def test_the_sweep_and_its_plots(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sweep"
    code = main(["sweep", str(EXAMPLES / "poll_watcher_sweep.toml"), "--backend", "serial",
                 "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 9
    assert sorted(runs["parties.LFT.strategy.params.sensitivity"].unique()) == [0.0, 10.0, 30.0]
    assert any(p.suffix == ".png" for p in (out / "plots").iterdir())
    assert (out / "report.html").exists()
    code = main(["plot", str(out)])
    assert code == 0


def test_the_docs_contract_test_passes() -> None:
    namespace: dict[str, object] = {}
    exec(compile(code_blocks("python")[1], str(DOC), "exec"), namespace)
    test_class = namespace["TestPollWatcher"]
    instance = test_class()
    for attribute in dir(instance):
        if attribute.startswith("test_"):
            getattr(instance, attribute)()
