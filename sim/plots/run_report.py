"""A run's figures and its ``report.html``: one offline page (figures embedded) that says what
the simulated election gave, how the talks went, with every term explained.

:func:`write_run_outputs` draws from :class:`~sim.plots.run_tables.RunTables`, so
``coalsim run`` (from the result) and ``coalsim plot RUN_DIR`` (from the folder's tables) write
the same figures and page.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w
from matplotlib.figure import Figure

from sim.io.atomic import write_bytes
from sim.plots import html as h
from sim.plots.palette import Palette, run_palette
from sim.plots.run_maps import map_figures
from sim.plots.run_plots import (
    ideology_of,
    plot_negotiation,
    plot_public_response,
    plot_seats,
    plot_seats_by_state,
    plot_support,
    top_with_others,
)
from sim.plots.run_tables import RunTables
from sim.run.summary import seat_margins, seats_by_state

CAPTIONS = {
    "seats.png": "The simulated house: one dot per seat, grouped by alliance or bloc; and the "
                 "largest parties' seats.",
    "map_winners.png": "Simulated winner in each constituency (dense cities enlarged).",
    "map_actual.png": "Actual winners of the reference election, for comparison (same colours).",
    "map_allocation.png": "Which partner each alliance fielded in each constituency "
                          "('disputed': a friendly fight; 'not allied': no joint candidate).",
    "map_margin.png": "Simulated winning margin: winner's votes minus the runner-up's, as % of "
                      "votes cast.",
    "negotiation.png": "Seat-sharing talks round by round: seats each of an alliance's largest "
                       "partners claimed (solid) and was offered (dashed); circled where it "
                       "accepted.",
    "public_response.png": "Allied supporters' willingness to transfer their vote to a partner, "
                           "and poll support by bloc, both weighted by electors.",
    "support.png": "Each party's true support (share of the electorate identifying with it) "
                   "round by round, as persuasion, anti-incumbency and mood move it.",
    "seats_by_state.png": "Simulated seats by alliance or bloc in each state.",
}
GLOSSARY_TERMS = ("seats", "majority", "alliance / bloc", "margin (bloc)", "transfer rate",
                  "transfer willingness", "friendly fight", "IOU", "ENP", "strike rate",
                  "poll support", "agreement round", "status")


def palette_of(tables: RunTables) -> Palette:
    """The run's palette (one colour per party and bloc in every figure)."""
    return run_palette(tables.summary, tables.constituencies, tables.info.blocs,
                       by_state=tables.info.source == "results")


def run_figures(tables: RunTables) -> dict[str, Figure]:
    """Every figure of a run, by file name, in the order the report shows them."""
    palette = palette_of(tables)
    figures = {"seats.png": plot_seats(tables.summary, palette, ideology_of(tables.config),
                                       title=f"Simulated seats: {tables.info.name}, seed "
                                             f"{tables.info.seed}")}
    figures.update(map_figures(tables.constituencies, palette, tables.info))
    figures["negotiation.png"] = plot_negotiation(tables.rounds, palette)
    figures["public_response.png"] = plot_public_response(tables.rounds, tables.constituencies,
                                                          palette)
    figures["support.png"] = plot_support(tables.rounds, palette)
    if tables.info.source == "results":
        seats = seats_by_state(tables.constituencies)
        if len(seats) > 1:
            figures["seats_by_state.png"] = plot_seats_by_state(seats, palette)
    return figures


def save_run_plots(tables: RunTables, folder: Path) -> list[Path]:
    """Draw every figure of a run into ``folder`` as PNG; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    paths = []
    for name, fig in run_figures(tables).items():
        fig.savefig(folder / name, dpi=110)
        paths.append(folder / name)
    return paths


# --------------------------------------------------------------------------- the page


def headline(summary: Mapping[str, Any]) -> str:
    """One sentence: who wins, and whether that is a majority."""
    seats = summary.get("seats_by_alliance") or summary.get("seats_by_party", {})
    total = int(summary["n_constituencies"])
    majority = total // 2 + 1
    if not seats:
        return "No seats were counted."
    ranked = sorted(seats.items(), key=lambda kv: (-kv[1], kv[0]))
    first, n = ranked[0]
    second = f"; next: {ranked[1][0]} with {ranked[1][1]}" if len(ranked) > 1 else ""
    verdict = ("a majority" if n >= majority else f"short of the majority of {majority}")
    return f"{first} wins {n} of {total} seats, {verdict}{second}."


def party_table(tables: RunTables, palette: Palette, top: int = 15) -> tuple[list[str],
                                                                               list[list[Any]]]:
    """Seats, vote share, constituencies contested and strike rate of the largest parties."""
    summary, table = tables.summary, tables.constituencies
    seats, votes = summary["seats_by_party"], summary["votes_by_party"]
    total_votes = max(1, sum(votes.values()))
    ranked = [p for p, _ in top_with_others({p: seats[p] + votes[p] / total_votes / 10
                                             for p in seats}, top)]
    rows = []
    for p in ranked:
        if p not in seats:
            rest = [q for q in seats if q not in ranked]
            rows.append([p, "", sum(seats[q] for q in rest),
                         f"{100 * sum(votes[q] for q in rest) / total_votes:.1f}", "", ""])
            continue
        column = f"votes:{p}"
        stood = summary.get("contested_by_party", {})  # counted from nominations
        contested = int(stood[p]) if p in stood else \
            int((table[column] > 0).sum()) if column in table else 0  # older run folders
        strike = f"{100 * seats[p] / contested:.0f}%" if contested else "–"
        rows.append([p, palette.bloc_of(p), seats[p], f"{100 * votes[p] / total_votes:.1f}",
                     contested, strike])
    return ["party", "bloc", "seats", "vote %", "contested", "strike rate"], rows


def closest_contests(table: pd.DataFrame, n: int = 10) -> list[list[Any]]:
    """The ``n`` constituencies won by the smallest margin, with winner and runner-up."""
    columns = [c for c in table.columns if c.startswith("votes:")]
    rows = []
    for _, row in table.nsmallest(n, "margin_pct").iterrows():
        votes = row[columns].astype(float).sort_values(ascending=False)
        runner = votes.index[1].split(":", 1)[1] if len(votes) > 1 else "–"
        rows.append([row["id"], row["name"], row["winner"], runner,
                     f"{float(row['margin_pct']):.2f}"])
    return rows


def alliance_rows(summary: Mapping[str, Any]) -> list[list[Any]]:
    rows = []
    seats = summary.get("seats_by_alliance", {})
    for name, info in summary.get("alliances", {}).items():
        allocation = top_with_others(info.get("allocation", {}), 6)
        rows.append([name, info["status"], h.fmt(info.get("agreement_round")),
                     ", ".join(info.get("final_members") or info.get("members", [])) or "–",
                     ", ".join(info.get("walked_out", [])) or "–",
                     ", ".join(f"{p} {int(n)}" for p, n in allocation) or "–",
                     seats.get(name, 0)])
    return rows


def measures(summary: Mapping[str, Any]) -> list[list[Any]]:
    items = [
        ("transfer rate", "transfer_rate", "share of non-standing partners' voters who voted "
                                           "for the ally"),
        ("friendly fights", "friendly_fights", "constituencies where allies stood against "
                                               "each other"),
        ("IOU (mean)", "iou_mean", "opposition unity, 100 = one opposition candidate"),
        ("ENP of votes", "enp_votes", "effective number of parties by votes"),
        ("ENP of seats", "enp_seats", "effective number of parties by seats"),
        ("turnout", "turnout", "votes cast / electors"),
    ]
    return [[label, h.fmt(summary.get(key)), gloss] for label, key, gloss in items]


def build_run_report(tables: RunTables, figures: list[tuple[Path, str]]) -> str:
    """The HTML text of a run's report."""
    info, summary = tables.info, tables.summary
    palette = palette_of(tables)
    margins = summary.get("seat_margins") or seat_margins(
        summary.get("seats_by_alliance", {}), [a.name for a in info.alliances])
    manifest = tables.manifest
    body = [
        f"<h1>{h.e(info.name)}<span class='badge'>simulated</span></h1>",
        f"<p>{h.e(info.description or '(no description)')}</p>",
        f"<p class='muted'>One simulated election, seed {info.seed}"
        + (f", config sha256 {h.e(manifest['config_sha256'][:12])}" if
           manifest.get("config_sha256") else "")
        + ". A model's outcome under its stated assumptions, not a forecast.</p>",
        "<h2>Key results</h2>",
        f"<p><strong>{h.e(headline(summary))}</strong></p>",
    ]
    if margins:
        body.append("<ul class='findings'>" + "".join(
            f"<li>Seat margin <code>{h.e(k)}</code>: {v:+d}</li>" for k, v in margins.items())
            + "</ul>")
    seats_blocs = top_with_others(summary.get("seats_by_alliance", {}), 10)
    body += ["<h3>Seats by alliance / bloc</h3>",
             h.table(["bloc", "seats", "share of seats"],
                     [[b, int(n), f"{100 * n / summary['n_constituencies']:.1f}%"]
                      for b, n in seats_blocs], numeric={1, 2})]
    if summary.get("alliances"):
        body += ["<h3>Alliances</h3>",
                 h.table(["alliance", "status", "agreement round", "members at the end",
                          "walked out (of a table)", "constituencies allocated", "seats won"],
                         alliance_rows(summary), numeric={2, 6})]
    body += ["<h3>Measures</h3>", h.table(["measure", "value", "meaning"], measures(summary),
                                          numeric={1})]
    header, rows = party_table(tables, palette)
    body += ["<h3>Parties</h3>", h.table(header, rows, numeric={2, 3, 4, 5})]
    body += ["<h2>Figures</h2>"] + [h.figure(path, caption) for path, caption in figures]
    body += ["<h2>Closest contests</h2>",
             h.table(["id", "constituency", "winner", "runner-up", "margin, % of votes"],
                     closest_contests(tables.constituencies), numeric={4})]
    body += ["<h2>What the terms mean</h2>", h.glossary(GLOSSARY_TERMS)]
    provenance = [["seed", info.seed]]
    for key in ("package_version", "git_commit", "started", "wall_seconds"):
        if key in manifest:
            provenance.append([key.replace("_", " "), h.fmt(manifest[key])])
    if manifest.get("versions"):
        provenance.append(["versions", ", ".join(f"{k} {v}" for k, v in
                                                 manifest["versions"].items())])
    body += ["<h2>Provenance</h2>", h.table(["", ""], provenance),
             "<details><summary>The resolved config (<code>config.toml</code>)</summary>"
             f"<pre>{h.e(tomli_w.dumps(tables.config))}</pre></details>",
             "<p class='muted'>Tables beside this page: <code>summary.json</code>, "
             "<code>rounds.csv</code>, <code>constituencies.csv</code>; redraw with "
             "<code>coalsim plot RUN_DIR</code>.</p>"]
    return h.page(f"{info.name}: simulated run report", body)


def write_run_outputs(tables: RunTables, folder: Path, *, plots: bool = True) -> Path:
    """Draw a run's figures into ``folder/plots`` (unless ``plots`` is False) and write
    ``folder/report.html`` (atomically); returns the report's path."""
    folder = Path(folder)
    paths = save_run_plots(tables, folder / "plots") if plots else []
    figures = [(p, CAPTIONS.get(p.name, p.stem)) for p in paths]
    report = folder / "report.html"
    write_bytes(report, build_run_report(tables, figures).encode("utf-8"))
    return report

