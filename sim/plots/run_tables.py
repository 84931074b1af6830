"""A finished run as the figures and the report see it: its tables and a few facts of its
config, from a :class:`~sim.run.single.RunResult` or read back from a run folder.

Both doors give the same :class:`RunTables`, so ``coalsim run`` and ``coalsim plot RUN_DIR``
draw identical figures.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

RUN_TABLE_FILES = ("config.toml", "summary.json", "rounds.csv", "constituencies.csv")


class NotARunFolder(ValueError):
    """The folder lacks a run's tables."""


@dataclass(frozen=True)
class Alliance:
    """An alliance as the figures need it: its name and members (leader first)."""

    name: str
    members: tuple[str, ...]
    scope: str = "whole"


@dataclass(frozen=True)
class RunInfo:
    """The facts of a run's config that the figures use."""

    name: str
    seed: int
    description: str
    source: str
    dataset: str | None
    alliances: tuple[Alliance, ...]
    party_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> RunInfo:
        """From a resolved config document (``config.toml`` of a run folder)."""
        scenario = doc.get("scenario", {})
        baseline = (scenario.get("results") or {}).get("baseline")
        dataset = (next(iter(baseline)) if isinstance(baseline, dict) and baseline
                   else baseline if isinstance(baseline, str) else None)
        return cls(
            name=str(doc.get("name", "run")), seed=int(doc.get("seed", 0)),
            description=str(doc.get("description", "")),
            source=str(scenario.get("source", "synthetic")), dataset=dataset,
            alliances=tuple(Alliance(a["name"], tuple(a["members"]), a.get("scope", "whole"))
                            for a in doc.get("alliances", [])),
            party_names={p["id"]: p.get("name") or p["id"] for p in doc.get("parties", [])},
        )

    @property
    def blocs(self) -> dict[str, list[str]]:
        return {a.name: list(a.members) for a in self.alliances}


@dataclass(frozen=True)
class RunTables:
    """A run's tables: summary, per-round records, one row per constituency.

    Attributes:
        config: the resolved config document.
        info: the facts of it the figures use.
        summary: the headline outcomes (``summary.json``).
        rounds: tidy per-round records (``rounds.csv``).
        constituencies: one row per constituency (``constituencies.csv``).
        manifest: provenance (``manifest.json``; empty before the run is written).
    """

    config: dict[str, Any]
    info: RunInfo
    summary: dict[str, Any]
    rounds: pd.DataFrame
    constituencies: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_result(cls, result: Any, manifest: dict[str, Any] | None = None) -> RunTables:
        """From a :class:`~sim.run.single.RunResult`."""
        doc = result.config.to_dict()
        return cls(doc, RunInfo.from_document(doc), result.summary, result.rounds,
                   result.constituencies, manifest or {})


def is_run_folder(folder: Path) -> bool:
    """True when ``folder`` holds a run's tables."""
    return all((Path(folder) / name).is_file() for name in RUN_TABLE_FILES)


def read_run(folder: Path) -> RunTables:
    """Read a run folder written by ``coalsim run``.

    Raises:
        NotARunFolder: a table is missing or unreadable.
    """
    folder = Path(folder)
    missing = [n for n in RUN_TABLE_FILES if not (folder / n).is_file()]
    if missing:
        raise NotARunFolder(f"{folder}: no {missing[0]}; not a run folder")
    try:
        doc = tomllib.loads((folder / "config.toml").read_text(encoding="utf-8"))
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        rounds = pd.read_csv(folder / "rounds.csv", keep_default_na=False,
                             dtype={"region": str, "party": str, "bloc": str})
        table = pd.read_csv(folder / "constituencies.csv", keep_default_na=False,
                            na_values={"iou": [""], "margin_pct": [""]})
        manifest_path = folder / "manifest.json"
        manifest = (json.loads(manifest_path.read_text(encoding="utf-8"))
                    if manifest_path.is_file() else {})
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise NotARunFolder(f"{folder}: cannot read its tables ({exc})") from None
    rounds["value"] = pd.to_numeric(rounds["value"], errors="coerce")
    return RunTables(doc, RunInfo.from_document(doc), summary, rounds, table, manifest)
