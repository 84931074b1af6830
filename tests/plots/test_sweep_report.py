"""The sweep report reads as a document: findings first with intervals, the headline outcome's
charts next, named options and readable table values, no chart for an empty outcome, bounded
intervals for counts, a scenario-discovery section."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.plots.labels import humanise_path, parameter_label, readable_value
from sim.plots.report import (
    discovery_section,
    discovery_target,
    outcome_frame,
    write_report,
)

PROTOCOLS = ['{"name":"gamson","params":{}}',
             '{"name":"seat_by_seat","params":{"claim_margin":0.5}}']


def _folder(tmp_path: Path, discovery: dict[str, str] | None = None) -> Path:
    rng = np.random.default_rng(2)
    rows = []
    point = 0
    for intensity in (0.0, 1.0, 2.0):
        for protocol in PROTOCOLS:
            for r in range(12):
                strong = intensity == 2.0 and "seat_by_seat" in protocol
                seats = 60 if strong and r != 0 else int(rng.integers(10, 30))
                rows.append({"run_id": f"p{point:04d}-r{r:02d}", "point": point,
                             "replication": r, "seed": r, "ok": True,
                             "campaign.intensity": intensity, "alliances.0.protocol": protocol,
                             "seats_by_alliance.Left-Congress": seats,
                             "seats_by_alliance.RUL": 60 - seats,
                             "friendly_fights": 0,
                             "alliances.Left-Congress.status": "agreed" if rng.random() < 0.8
                             else "collapsed", "config_sha256": "x"})
            point += 1
    pd.DataFrame(rows).to_parquet(tmp_path / "runs.parquet", index=False)
    (tmp_path / "base.toml").write_text('[[alliances]]\nname = "Left-Congress"\n'
                                        'members = ["LFT", "CON"]\n')
    parameters = [
        {"name": "campaign.intensity", "kind": "real", "paths": ["campaign.intensity"],
         "label": "campaign.intensity", "units": "", "numeric": True, "describe": "0, 1, 2",
         "values": [0.0, 1.0, 2.0]},
        {"name": "alliances.0.protocol", "kind": "categorical",
         "paths": ["alliances.0.protocol"], "label": "alliances.0.protocol", "units": "",
         "numeric": False, "describe": "…", "values": PROTOCOLS},
    ]
    manifest = {"experiment": {
        "name": "tiny", "description": "A test sweep.", "file": "e.toml", "base": "toy.toml",
        "parameters": parameters, "design": {"kind": "grid"}, "replications": 12,
        "n_points": 6, "n_runs": 72, "seed": 1, "common_random_numbers": False,
        "outcomes": ["seats_by_alliance", "friendly_fights", "alliances.Left-Congress.status"],
        "settings": {}, "plots": {"outcomes": [], "labels": {}, "units": {}},
        "discovery": discovery or {}},
        "experiment_file": "name = 'tiny'", "timings": {}, "sessions": [],
        "tables": {"runs": "runs.parquet"}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def _sections(page: str) -> list[str]:
    return re.findall(r"<h2>([^<]+)</h2>", page)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One report, drawn once for the module (the figures take a few seconds)."""
    root = _folder(tmp_path_factory.mktemp("sweep"), {"target": "Left-Congress > RUL"})
    return root, write_report(root).read_text(encoding="utf-8")


def test_report_reads_as_a_document(written: tuple[Path, str]) -> None:
    root, page = written
    sections = _sections(page)
    assert sections[0] == "Key findings"
    assert sections[1].startswith("Headline outcome: seats won by Left-Congress")
    assert page.index("<h2>Headline outcome") < page.index("data:image/png")
    assert sections[2] == "Scenario discovery"
    assert sections.index("Other figures") < sections.index("Design")
    assert sections[-2:] == ["What the terms mean", "Experiment file"]
    findings = page[page.index("Key findings"):page.index("Headline outcome")]
    assert "campaign intensity" in findings and "campaign.intensity" not in findings
    assert "protocol (Left-Congress)" in findings
    assert "seat_by_seat (claim margin 0.5)" in page          # a table value, written out
    assert '{"name"' not in page.replace("&quot;", '"').split("Experiment file")[0]
    assert "friendly fights: 0 in every run" in page         # said, not charted
    assert not list((root / "plots").glob("*friendly_fights*"))
    assert "<span class='nowrap'>" in findings               # intervals never wrap


def test_count_intervals_never_pass_the_seat_maximum(written: tuple[Path, str]) -> None:
    _, page = written
    intervals = re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", page)
    assert intervals
    assert max(float(hi) for _, hi in intervals) <= 60


def test_scenario_discovery_finds_the_winning_region(written: tuple[Path, str]) -> None:
    root, page = written
    section = page[page.index("<h2>Scenario discovery</h2>"):page.index("Other figures")]
    assert "Left-Congress &gt; RUL" in section
    assert re.search(r"campaign intensity &gt; 1\.\d+", section)
    assert "seat_by_seat (claim margin 0.5)" in section
    assert "density" in section and "coverage" in section
    assert (root / "plots" / "discovery.png").is_file()


def test_labels_and_values_worked_by_hand() -> None:
    base = {"alliances": [{"name": "INDIA"}], "parties": [{"id": "INC"}]}
    assert humanise_path("alliances.0.protocol.params.responsiveness", base) == (
        "responsiveness (INDIA protocol)")
    assert humanise_path("parties.INC.strategy.params.concession", base) == (
        "concession (INC strategy)")
    assert humanise_path("voters.voters_per_agent") == "voters per agent"
    assert parameter_label({"name": "x", "label": "joint campaign", "units": "× budget"},
                           units=True) == "joint campaign (× budget)"
    assert readable_value('{"name": "nash", "params": {}}') == "nash"
    assert readable_value({"a": 1, "b": [1, 2]}) == "a = 1, b = 1, 2"
    assert readable_value(0.30000000004) == "0.3"


@pytest.mark.parametrize("target", ["import os", "nonsense >", "NOPE > 1"])
def test_a_bad_discovery_target_gives_no_region(tmp_path: Path, target: str) -> None:
    root = _folder(tmp_path, {"target": target})
    experiment = json.loads((root / "manifest.json").read_text())["experiment"]
    data, text = outcome_frame(pd.read_parquet(root / "runs.parquet"), experiment)
    assert discovery_target(data, experiment, text) is None
    section, box, _ = discovery_section(data, experiment, text, {}, "")
    assert box is None and "No outcome" in section[0]


def test_the_default_target_is_the_headline_at_or_above_its_median(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    experiment = json.loads((root / "manifest.json").read_text())["experiment"]
    data, text = outcome_frame(pd.read_parquet(root / "runs.parquet"), experiment)
    target, what = discovery_target(data, experiment, text)
    seats = data["seats_by_alliance.Left-Congress"]
    assert (target == (seats >= seats.median())).all() and "median" in what
