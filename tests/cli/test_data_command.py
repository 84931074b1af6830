"""``coalsim data``: the shipped datasets by the names configs use."""

from __future__ import annotations

import pytest

from sim.cli import main


def test_lists_every_dataset_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["dataset", "kind", "state", "year"]
    assert out[-1].startswith("176 datasets (83 assembly, 2 lok_sabha, 91 lok_sabha_segments)")
    assert len(out) == 176 + 2


def test_filters_by_state_and_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "--state", "wb", "--kind", "assembly"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:-1]]
    assert rows == ["wb_assembly_2011", "wb_assembly_2016", "wb_assembly_2021"]


def test_an_unknown_state_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "--state", "Narnia"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Narnia" in err
