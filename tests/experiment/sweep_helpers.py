"""Helpers for the experiment tests: tiny experiment files on a fast toy config, and a
protocol that raises mid-run (named in configs as ``sweep_helpers:ExplodingProtocol``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.behaviours.protocols.base import Proposal, TableContext
from sim.behaviours.protocols.proportional import CampaignResponsive

ROOT = Path(__file__).resolve().parents[2]
TOY = ROOT / "configs" / "toy.toml"

#: a toy run in ~0.05 s: 20 constituencies, 4 rounds, 400 voters per agent
FAST = """
[set]
"voters.voters_per_agent" = 400
"scenario.synthetic.n_constituencies" = 20
"calendar.rounds" = 4
"""

TABLES = ("runs", "rounds", "failures")


def write_experiment(folder: Path, body: str, *, name: str = "tiny", fast: bool = True,
                     header: str | None = None) -> Path:
    """Write ``folder/NAME.toml``: a header (name, base = the toy config), ``body``, and the
    fast settings."""
    head = header if header is not None else (
        f'name = "{name}"\ndescription = "a test sweep"\nbase = "{TOY.as_posix()}"\n')
    path = folder / f"{name}.toml"
    path.write_text(head + body + (FAST if fast else ""), encoding="utf-8")
    return path


def read_tables(root: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(root / f"{t}.parquet") for t in TABLES}


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = read_tables(a), read_tables(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=f"{name} table")


class ExplodingProtocol(CampaignResponsive):
    """campaign_responsive that raises in round 2 when ``explode`` is true (not registered)."""

    def __init__(self, *, responsiveness: float = 1.0, explode: bool = False) -> None:
        super().__init__(responsiveness=responsiveness)
        self.explode = explode

    def propose(self, ctx: TableContext) -> Proposal:
        if self.explode and ctx.round >= 2:
            raise RuntimeError("boom: the talks blew up")
        return super().propose(ctx)
