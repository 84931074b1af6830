"""One run's figures and report.html: written by ``coalsim run``, redrawn by ``coalsim plot
RUN_DIR`` from the tables alone; charts that stay readable at 36 parties; one colour per bloc."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from sim.cli import main
from sim.plots.palette import build_palette
from sim.plots.run_plots import (
    hemicycle_positions,
    house_order,
    largest_partners,
    negotiation_table,
    plot_public_response,
    plot_seats,
    plot_support,
    top_with_others,
    weighted_by_region,
)
from sim.plots.run_report import headline, palette_of
from sim.plots.run_tables import read_run
from sim.run.summary import seat_margins

DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def test_run_folder_has_a_self_contained_report(toy_cli_run: tuple[Path, str]) -> None:
    out, _ = toy_cli_run
    page = (out / "report.html").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in (out / "plots").glob("*.png"))
    assert len(DATA_URI.findall(page)) == len(pngs) == 4  # seats, talks, polls, support
    for section in ("Key results", "Seats by alliance / bloc", "Alliances", "Measures",
                    "Parties", "Figures", "Closest contests", "What the terms mean",
                    "Provenance"):
        assert f">{section}<" in page, section
    for term in ("transfer rate", "friendly fight", "IOU", "ENP", "strike rate"):
        assert f"<dt>{term}</dt>" in page, term
    assert "simulated" in page and "not a forecast" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert re.search(r"<strong>\w[\w-]* wins \d+ of 60 seats", page)


def test_plot_redraws_a_run_from_its_tables(toy_cli_run: tuple[Path, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    original, _ = toy_cli_run
    copy = tmp_path / "run"
    shutil.copytree(original, copy)
    shutil.rmtree(copy / "plots")
    (copy / "report.html").unlink()
    assert main(["plot", str(copy)]) == 0
    assert "report:" in capsys.readouterr().out
    assert sorted(p.name for p in (copy / "plots").glob("*.png")) == sorted(
        p.name for p in (original / "plots").glob("*.png"))
    first = DATA_URI.sub("IMG", (original / "report.html").read_text(encoding="utf-8"))
    again = DATA_URI.sub("IMG", (copy / "report.html").read_text(encoding="utf-8"))
    assert again == first


@pytest.mark.parametrize("make", ["missing", "file", "partial", "unfinished_sweep", "empty"])
def test_plot_refuses_what_is_not_a_results_folder(make: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x"
    if make == "file":
        target.write_text("hello")
    elif make == "partial":
        target.mkdir()
        (target / "config.toml").write_text('name = "x"\n')
        (target / "summary.json").write_text("{}")
    elif make == "unfinished_sweep":
        (target / "parts").mkdir(parents=True)
        (target / "manifest.json").write_text("{}")
    elif make == "empty":
        target.mkdir()
    assert main(["plot", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coalsim: error: ") and "\n" not in err and str(target) in err


def test_plot_on_a_corrupt_run_folder_exits_2_in_a_subprocess(toy_cli_run: tuple[Path, str],
                                                             tmp_path: Path) -> None:
    original, _ = toy_cli_run
    copy = tmp_path / "run"
    shutil.copytree(original, copy)
    (copy / "config.toml").write_text("not = [valid")
    done = subprocess.run([sys.executable, "-m", "sim.cli", "plot", str(copy)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_one_colour_per_bloc_in_every_chart(toy_cli_run: tuple[Path, str]) -> None:
    out, _ = toy_cli_run
    tables = read_run(out)
    palette = palette_of(tables)
    leader = tables.info.alliances[0].members[0]
    bloc = tables.info.alliances[0].name
    assert palette[bloc] == palette[leader]
    seats = plot_seats(tables.summary, palette)
    legend = seats.axes[0].get_legend()
    patch = next(h for h, t in zip(legend.legend_handles, legend.get_texts(), strict=True)
                 if t.get_text().startswith(f"{bloc}:"))
    assert to_hex(patch.get_facecolor()) == to_hex(palette[bloc])
    polls = plot_public_response(tables.rounds, tables.constituencies, palette)
    line = next(ln for ln in polls.axes[1].get_lines() if ln.get_label() == bloc)
    assert to_hex(line.get_color()) == to_hex(palette[bloc])


def test_support_chart_shows_the_largest_parties_and_sums_the_rest() -> None:
    rows = []
    for r in (1, 2):
        for party, value in (("A", 0.30 + 0.01 * r), ("B", 0.20), ("C", 0.05), ("D", 0.04)):
            rows.append({"round": r, "level": "party", "region": "", "party": party,
                         "bloc": party, "variable": "support", "value": value})
        rows.append({"round": r, "level": "scenario", "region": "", "party": "", "bloc": "",
                     "variable": "nonpartisan_support", "value": 0.41 - 0.01 * r})
    palette = build_palette(["A", "B", "C", "D"], {})
    fig = plot_support(pd.DataFrame(rows), palette, top=2)
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    assert set(lines) == {"A", "B", "others (2 parties)", "no party"}
    assert to_hex(lines["A"].get_color()) == to_hex(palette["A"])
    assert list(lines["A"].get_ydata()) == pytest.approx([31.0, 32.0])
    assert list(lines["others (2 parties)"].get_ydata()) == pytest.approx([9.0, 9.0])
    assert list(lines["no party"].get_ydata()) == pytest.approx([40.0, 39.0])


def test_hemicycle_has_one_dot_per_seat_left_to_right() -> None:
    for n in (1, 4, 60, 294, 542, 543):
        x, y, rows = hemicycle_positions(n)
        assert len(x) == len(y) == n and rows >= 1
        assert (y >= -1e-9).all()
        r = np.hypot(x, y)
        assert r.min() >= 0.4 - 1e-9 and r.max() <= 1 + 1e-9
        angle = np.arctan2(y, x)
        assert (np.diff(angle) <= 1e-9).all()  # from the left (π) to the right (0)


def test_house_order_groups_blocs_left_to_right_by_ideology() -> None:
    palette = build_palette(["BJP", "INC", "AITC", "BSP"], {"NDA": ["BJP"],
                                                            "INDIA": ["INC", "AITC"]})
    ideology = {"BJP": 0.8, "INC": -0.2, "AITC": -0.1, "BSP": -0.2}
    order = house_order({"BJP": 240, "INC": 99, "AITC": 29, "BSP": 0}, palette, ideology)
    assert order == [("INDIA", "INC", 99), ("INDIA", "AITC", 29), ("NDA", "BJP", 240)]


def test_top_with_others_worked_by_hand() -> None:
    assert top_with_others({"a": 5, "b": 3, "c": 1, "d": 1, "e": 0}, 2) == [
        ("a", 5), ("b", 3), ("others (2)", 2.0)]
    assert top_with_others({"a": 5, "b": 3, "c": 1}, 2) == [("a", 5), ("b", 3), ("c", 1)]


def test_poll_support_is_weighted_by_electors() -> None:
    """A big state counts more: 900 electors at 50% and 100 at 10% give 46%, not 30%."""
    values = pd.DataFrame({"round": [1, 1], "region": ["UP", "LD"], "value": [0.5, 0.1]})
    weights = pd.Series({"UP": 900.0, "LD": 100.0})
    assert weighted_by_region(values, weights).loc[1] == pytest.approx(0.46)


def test_negotiation_chart_shows_the_largest_partners_not_the_last_at_the_table() -> None:
    rows = []
    for r in (1, 2, 3):
        rows += [(r, "party", "", "BIG", "A", "seats_claimed", 50.0 if r == 1 else 0.0),
                 (r, "party", "", "BIG", "A", "seats_offered", 40.0 if r == 1 else 0.0),
                 (r, "party", "", "BIG", "A", "accepted", 0.0)]
        for small in ("S1", "S2"):
            rows += [(r, "party", "", small, "A", "seats_claimed", 3.0),
                     (r, "party", "", small, "A", "seats_offered", 3.0),
                     (r, "party", "", small, "A", "accepted", 1.0)]
    rounds = pd.DataFrame(rows, columns=["round", "level", "region", "party", "bloc",
                                         "variable", "value"])
    table = negotiation_table(rounds)
    assert largest_partners(table, "A", 2) == ["BIG", "S1"]


def test_seats_chart_at_india_scale_lists_at_most_thirteen_bars() -> None:
    parties = {f"P{i:02d}": max(0, 40 - i) for i in range(36)}
    parties["P00"] = 300
    summary = {"seats_by_party": parties, "n_constituencies": sum(parties.values()),
               "seats_by_alliance": {"A": 300 + 39, **{f"P{i:02d}": parties[f"P{i:02d}"]
                                                      for i in range(2, 36)}}}
    palette = build_palette(list(parties), {"A": ["P00", "P01"]})
    fig = plot_seats(summary, palette)
    labels = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert len(labels) == 13 and labels[-1].startswith("others (")
    assert len(fig.axes[0].get_legend().get_texts()) <= 8


def test_headline_and_margins_worked_by_hand() -> None:
    summary = {"n_constituencies": 542, "seats_by_alliance": {"NDA": 287, "INDIA": 164,
                                                              "YSRCP": 25}}
    assert headline(summary) == "NDA wins 287 of 542 seats, a majority; next: INDIA with 164."
    seats = summary["seats_by_alliance"]
    assert seat_margins(seats, ["INDIA", "NDA"]) == {"INDIA - NDA": -123}
    assert seat_margins(seats, ["INDIA"]) == {"INDIA - NDA": -123}
    assert seat_margins(seats, []) == {}
