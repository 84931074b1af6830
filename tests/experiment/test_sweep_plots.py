"""Each sweep figure draws from a small hand-made table; the figure choice follows the
parameters; report.html is one offline page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.plots.report import write_report
from sim.plots.sweep_plots import (
    mean_ci,
    outcome_text,
    plot_categorical,
    plot_heatmap,
    plot_mean_ci,
    plot_outcome_scatter,
    plot_sensitivity,
    plot_shares,
    sweep_figures,
)


def runs_table(n_reps: int = 4, continuous: bool = False) -> pd.DataFrame:
    """3 intensities × 2 protocols × n_reps, seats rising with intensity; one failed run."""
    rng = np.random.default_rng(0)
    rows = []
    point = 0
    for intensity in (0.0, 1.0, 2.0):
        for protocol in ("gamson", "seat_by_seat"):
            for r in range(n_reps):
                x = rng.uniform(0, 2) if continuous else intensity
                rows.append({
                    "run_id": f"p{point:04d}-r{r:02d}", "point": point, "replication": r,
                    "seed": int(rng.integers(2**40)), "ok": True, "campaign.intensity": x,
                    "protocol": protocol, "seats": 5 + 3 * x + rng.normal(),
                    "status": "agreed" if rng.random() < 0.7 else "collapsed",
                    "agreement_round": float(rng.integers(2, 9)),
                    "config_sha256": "x"})
            point += 1
    table = pd.DataFrame(rows)
    table.loc[0, ["ok", "seats"]] = [False, np.nan]
    return table


def test_mean_ci_is_a_t_interval_for_rates_and_bounded_for_counts() -> None:
    m, lo, hi, n = mean_ci([1.5, 2.5, 3.5, np.nan])
    assert m - lo == pytest.approx(hi - m)
    assert (m, n) == (2.5, 3)
    assert hi - m == pytest.approx(4.302653 * 1.0 / np.sqrt(3), rel=1e-5)
    assert mean_ci([5.0])[1:3] == (5.0, 5.0)
    m, lo, hi, n = mean_ci([60, 60, 60, 59])  # seats of 60: never past the maximum
    assert hi <= 60 and lo >= 59


def test_plot_mean_ci_one_point_per_level_with_labels() -> None:
    fig = plot_mean_ci(runs_table(), "campaign.intensity", "seats", xlabel="intensity (x)",
                       ylabel="mean seats (seats)", title="tiny: seats")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "intensity (x)" and ax.get_ylabel() == "mean seats (seats)"
    assert ax.get_title() == "tiny: seats"
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [0.0, 1.0, 2.0]
    assert np.all(np.diff(line.get_ydata()) > 0)
    assert len(ax.collections) == 1                       # the interval band


def test_plot_mean_ci_hue_and_binning() -> None:
    fig = plot_mean_ci(runs_table(), "campaign.intensity", "seats", hue="protocol")
    assert len(fig.axes[0].get_lines()) == 2
    fig = plot_mean_ci(runs_table(n_reps=6, continuous=True), "campaign.intensity", "seats")
    (line,) = fig.axes[0].get_lines()
    assert 5 <= len(line.get_xdata()) <= 10               # decile bins of sampled points


def test_plot_heatmap_cells() -> None:
    fig = plot_heatmap(runs_table(), "campaign.intensity", "protocol", "seats",
                       clabel="mean seats")
    image = fig.axes[0].images[0]
    assert image.get_array().shape == (2, 3)
    assert fig.axes[1].get_ylabel() == "mean seats"       # the colour bar


@pytest.mark.parametrize("kind", ["box", "violin"])
def test_plot_categorical(kind: str) -> None:
    fig = plot_categorical(runs_table(), "protocol", "seats", kind=kind, ylabel="seats")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("gamson") and "n=11" in labels[0]   # the failed run left out
    assert ax.get_ylabel() == "seats"


def test_plot_shares_stack_to_one() -> None:
    fig = plot_shares(runs_table(), "protocol", "status")
    heights = {}
    for bar in fig.axes[0].patches:
        heights[bar.get_x()] = heights.get(bar.get_x(), 0.0) + bar.get_height()
    assert all(h == pytest.approx(1.0) for h in heights.values())


def test_plot_sensitivity_sobol_and_morris() -> None:
    sobol = pd.DataFrame({"outcome": "seats", "parameter": ["a", "a", "b", "b"],
                          "index": ["S1", "ST", "S1", "ST"], "value": [0.6, 0.7, 0.2, 0.3],
                          "conf": [0.05, 0.06, 0.04, 0.05]})
    fig = plot_sensitivity(sobol, "seats", labels={"a": "intensity"})
    ax = fig.axes[0]
    assert len(ax.patches) == 4 and "Sobol" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["intensity", "b"]
    morris = pd.DataFrame({"outcome": "seats", "parameter": ["a"] * 3,
                           "index": ["mu_star", "mu", "sigma"], "value": [2.0, 1.5, 0.5],
                           "conf": [0.3, np.nan, np.nan]})
    assert len(plot_sensitivity(morris, "seats").axes[0].patches) == 2


def test_plot_outcome_scatter() -> None:
    table = runs_table()
    fig = plot_outcome_scatter(table, "agreement_round", "seats", hue="campaign.intensity")
    assert len(fig.axes) == 2                             # a colour bar for a numeric hue
    fig = plot_outcome_scatter(table, "agreement_round", "seats", hue="protocol")
    assert fig.axes[0].get_legend() is not None


def test_outcome_text_names_units() -> None:
    assert outcome_text("seats_by_alliance.Left-Congress") == (
        "seats won by Left-Congress", "seats")
    assert outcome_text("alliances.LC.allocation.LFT")[1] == "constituencies"
    assert outcome_text("turnout", labels={"turnout": "T"}) == ("T", "share of electors")


def meta(params: list[dict], **extra) -> dict:
    return {"name": "tiny", "parameters": params,
            "plots": {"outcomes": [], "scatter": [], "categorical": "box", "labels": {},
                      "units": {}, **extra}}


INTENSITY = {"name": "campaign.intensity", "label": "intensity", "units": "x", "numeric": True}
PROTOCOL = {"name": "protocol", "label": "protocol", "units": "", "numeric": False}


def test_figures_follow_the_parameters() -> None:
    table = runs_table()
    one = sweep_figures(table.drop(columns="protocol"), None, meta([INTENSITY]))
    kinds = {f.slug.split("__")[0] for f in one}
    assert kinds == {"mean", "shares"}
    two = sweep_figures(table, None, meta([INTENSITY, PROTOCOL]))
    kinds = {f.slug.split("__")[0] for f in two}
    assert {"heatmap", "lines", "box", "shares"} <= kinds
    for f in two:
        title = f.figure.axes[0].get_title()
        assert title.startswith("tiny: ")                 # titles name the experiment
    chosen = sweep_figures(table, None, meta([INTENSITY, PROTOCOL], outcomes=["seats"],
                                             scatter=[["agreement_round", "seats"]]))
    assert {f.slug for f in chosen} >= {"heatmap__seats", "scatter__seats__agreement_round"}
    assert not any("status" in f.slug for f in chosen)


def test_report_is_one_offline_page(tmp_path: Path) -> None:
    table = runs_table()
    table.to_parquet(tmp_path / "runs.parquet", index=False)
    table.iloc[0:0][["run_id"]].assign(error_type="", error_message="", traceback="").to_parquet(
        tmp_path / "failures.parquet", index=False)
    manifest = {
        "experiment": {**meta([{**INTENSITY, "kind": "real", "paths": ["campaign.intensity"],
                                "describe": "0, 1, 2"},
                               {**PROTOCOL, "kind": "categorical", "paths": ["x.protocol"],
                                "describe": "gamson, seat_by_seat"}]),
                       "description": "Does <joint> campaigning pay?", "file": "e.toml",
                       "base": "toy.toml", "design": {"kind": "grid"}, "replications": 4,
                       "n_points": 6, "n_runs": 24, "seed": 1, "common_random_numbers": False,
                       "outcomes": ["seats"], "settings": {}},
        "experiment_file": "name = 'tiny'", "counts": {}, "timings": {}, "sessions": [],
        "tables": {"runs": "runs.parquet"}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    report = write_report(tmp_path)
    text = report.read_text()
    pngs = sorted((tmp_path / "plots").glob("*.png"))
    assert pngs
    assert text.count("data:image/png;base64,") == len(pngs)
    assert "Does &lt;joint&gt; campaigning pay?" in text
    assert "<th>parameter</th>" in text and "x.protocol" in text
    assert not re.search(r"(src|href)=['\"]https?:", text)   # nothing fetched from outside
