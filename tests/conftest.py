"""Fixtures shared by the whole suite: runs through the CLI, experiment files, sweep tables.

Pure builders of raw config documents (the dicts a TOML file gives) live in ``builders.py``:
Hypothesis strategies use them at module level, where fixtures cannot reach.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from builders import ROOT, TOY

from sim.cli import main

SWEEP_TABLES = ("runs", "rounds", "failures")

#: experiment settings that make a toy run take ~0.05 s: 20 constituencies, 4 rounds
FAST_SWEEP = """
[set]
"voters.voters_per_agent" = 400
"scenario.synthetic.n_constituencies" = 20
"calendar.rounds" = 4
"""

CliRun = Callable[..., tuple[Path, str]]


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """``cli_run(name, *args)``: ``coalsim run *args --out <fresh folder>``; asserts exit 0 and
    returns (the run folder, what it printed)."""

    def run(name: str, *args: str) -> tuple[Path, str]:
        out = tmp_path_factory.mktemp(name) / "run"
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = main(["run", *args, "--out", str(out)])
        assert code == 0, buffer.getvalue()
        return out, buffer.getvalue()

    return run


@pytest.fixture(scope="session")
def toy_cli_run(cli_run: CliRun) -> tuple[Path, str]:
    """The toy config run once through the CLI, with plots (200 electors per agent)."""
    return cli_run("toy", str(TOY), "--set", "voters.voters_per_agent=200")


@pytest.fixture(scope="session")
def write_experiment() -> Callable[..., Path]:
    """``write_experiment(folder, body, name=..., fast=True, header=None)``: write
    ``folder/NAME.toml`` with a header (name, base = the toy config), ``body`` and, unless
    ``fast=False``, settings that make each run take ~0.05 s."""

    def write(folder: Path, body: str, *, name: str = "tiny", fast: bool = True,
              header: str | None = None) -> Path:
        head = header if header is not None else (
            f'name = "{name}"\ndescription = "a test sweep"\nbase = "{TOY.as_posix()}"\n')
        path = folder / f"{name}.toml"
        path.write_text(head + body + (FAST_SWEEP if fast else ""), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def read_sweep_tables() -> Callable[[Path], dict[str, pd.DataFrame]]:
    """``read_sweep_tables(root)``: a finished sweep's runs, rounds and failures tables."""

    def read(root: Path) -> dict[str, pd.DataFrame]:
        return {t: pd.read_parquet(root / f"{t}.parquet") for t in SWEEP_TABLES}

    return read


@pytest.fixture(scope="session")
def assert_same_sweep_tables(read_sweep_tables: Callable[[Path], dict[str, pd.DataFrame]]
                             ) -> Callable[[Path, Path], None]:
    """``assert_same_sweep_tables(a, b)``: two sweeps wrote identical tables."""

    def check(a: Path, b: Path) -> None:
        ta, tb = read_sweep_tables(a), read_sweep_tables(b)
        for name in SWEEP_TABLES:
            pd.testing.assert_frame_equal(ta[name], tb[name], obj=f"{name} table")

    return check


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The project checkout."""
    return ROOT
