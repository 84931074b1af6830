"""``report.html`` of a sweep: one offline page (figures embedded as base64, no scripts, no links
outside the page) that reads as a document.

Order: what was run in one paragraph; **key findings** (the largest effects, each with the two
means and the change, with 95% intervals: Wilson for shares of runs, bootstrap for counts, t
otherwise); the headline outcome's figures; **scenario discovery** (the parameter region where
the outcome of interest happens, from a classification tree); the other figures; means by point;
then the design, parameters (named as the experiment labels them, table-valued options written
out), failures, sensitivity indices, a glossary and the experiment file.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.discovery import Box, discover
from sim.analysis.effects import Effect, largest_effects
from sim.analysis.expressions import ExpressionError, aliases, parse
from sim.io.atomic import write_bytes
from sim.plots import html as h
from sim.plots.labels import parameter_label, readable_value
from sim.plots.sweep_plots import (
    RESERVED,
    _slug,
    headline_outcome,
    informative,
    mean_ci,
    ordered_outcomes,
    outcome_text,
    save_sweep_plots,
)

MAX_POINTS_IN_TABLE = 60
MAX_FAILURES_SHOWN = 20
MAX_MEANS_COLUMNS = 8
FINDINGS = 6
MIN_LIFT = 0.1  # a box must raise the outcome's share by this much to be reported as a region
GLOSSARY_TERMS = ("interval", "scenario discovery", "transfer rate", "friendly fight", "IOU",
                  "ENP", "agreement round", "status", "margin (bloc)")


# --------------------------------------------------------------------------- reading


def _manifest(root: Path) -> dict[str, Any]:
    return dict(json.loads((root / "manifest.json").read_text(encoding="utf-8")))


def _base(root: Path) -> dict[str, Any] | None:
    path = root / "base.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _ok_runs(runs: pd.DataFrame) -> pd.DataFrame:
    return runs[runs["ok"].astype(bool)] if "ok" in runs.columns else runs


def _number(value: float) -> str:
    if value != value:
        return "–"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _with_interval(mean: float, low: float, high: float) -> str:
    if low == high or low != low:
        return _number(mean)
    return f"{_number(mean)} [{_number(low)}, {_number(high)}]"


# --------------------------------------------------------------------------- outcomes


def outcome_frame(runs: pd.DataFrame, experiment: dict[str, Any]
                  ) -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    """The successful runs with every outcome as a number: numeric outcomes as they are, a
    categorical one (an alliance's status) as a 0/1 column "share of runs where it is X"
    (X: ``agreed`` when present, else its most common value); and each column's (label, unit)."""
    labels = experiment.get("plots", {}).get("labels", {})
    units = experiment.get("plots", {}).get("units", {})
    data = _ok_runs(runs).copy()
    text: dict[str, tuple[str, str]] = {}
    for column in ordered_outcomes(runs, experiment):
        if not informative(runs, column):
            continue
        series = data[column]
        label, unit = outcome_text(column, labels, units)
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
                series.dtype):
            text[column] = (label, unit)
        elif series.nunique() <= 12:
            counts = series.astype(str).value_counts()
            level = "agreed" if "agreed" in counts.index else str(counts.index[0])
            name = f"{column} = {level}"
            data[name] = series.astype(str) == level
            what = (f"{label.removesuffix(': status')} {level}" if column.endswith(".status")
                    else f"{label} is {level}")
            text[name] = (f"share of runs where {what}", "share of runs")
    return data, text


# --------------------------------------------------------------------------- findings


def finding_sentence(e: Effect, outcome: tuple[str, str], parameter: str) -> str:
    """One key finding in words, with its intervals."""
    label, unit = outcome
    unit_text = f" {unit}" if unit and unit not in ("share of runs",) else ""
    lo_m, lo_l, lo_h, lo_n = e.low
    hi_m, hi_l, hi_h, hi_n = e.high
    d, d_lo, d_hi = e.change
    verb = "raises" if d > 0 else "lowers"
    resolved = "" if e.resolved else " (the interval includes no change)"
    return (f"<b>{h.e(parameter)}</b>: going from {h.e(readable_value(e.low_level))} to "
            f"{h.e(readable_value(e.high_level))} {verb} <b>{h.e(label)}</b> from "
            f"<span class='nowrap'>{h.e(_with_interval(lo_m, lo_l, lo_h))}</span> to "
            f"<span class='nowrap'>{h.e(_with_interval(hi_m, hi_l, hi_h))}</span>{h.e(unit_text)}"
            f" (change <span class='nowrap'>{d:+.3g} [{_number(d_lo)}, {_number(d_hi)}]"
            f"</span>; {lo_n} and {hi_n} runs){h.e(resolved)}.")


def constant_notes(runs: pd.DataFrame, experiment: dict[str, Any]) -> list[str]:
    """Outcomes that were the same in every run (no chart is drawn for them)."""
    labels = experiment.get("plots", {}).get("labels", {})
    units = experiment.get("plots", {}).get("units", {})
    data = _ok_runs(runs)
    notes = []
    for column in ordered_outcomes(runs, experiment):
        values = data[column].dropna()
        label, _ = outcome_text(column, labels, units)
        if len(values) == 0:
            notes.append(f"{label}: no run produced a value")
        elif values.astype(str).nunique() == 1:
            notes.append(f"{label}: {readable_value(values.iloc[0])} in every run")
    return notes


# --------------------------------------------------------------------------- discovery


def discovery_target(data: pd.DataFrame, experiment: dict[str, Any],
                     text: dict[str, tuple[str, str]]) -> tuple[np.ndarray, str] | None:
    """The runs with the outcome of interest (bool per run) and a sentence saying what it is:
    the experiment's ``[discovery] target`` expression, else the headline outcome at or above
    its median."""
    spec = experiment.get("discovery") or {}
    target = spec.get("target")
    columns = [c for c in data.columns if c not in RESERVED]
    if target:
        alliances = {c.split(".", 1)[1]: c for c in columns
                     if c.startswith("seats_by_alliance.")}
        parties = {c.split(".", 1)[1]: c for c in columns if c.startswith("seats_by_party.")}
        try:
            expression = parse(target, columns, {**aliases([], []), **parties, **alliances})
            values = expression.evaluate({c: data[c] for c in expression.names})
        except ExpressionError:
            return None
        return np.asarray(values, dtype=bool), f"runs where <code>{h.e(target)}</code>"
    headline = headline_outcome(experiment, list(text))
    if headline is None:
        return None
    series = pd.to_numeric(data[headline], errors="coerce")
    label, _ = text[headline]
    if pd.api.types.is_bool_dtype(data[headline].dtype):
        return data[headline].to_numpy(dtype=bool), h.e(label.replace("share of runs where ",
                                                                      "runs where "))
    median = float(series.median())
    hits = (series >= median).to_numpy()
    relation = "at least"
    if hits.all():  # most runs at the minimum (e.g. no friendly fight): ask for any above it
        hits, relation = (series > median).to_numpy(), "above"
    return (hits, f"runs where {h.e(label)} is {relation} its median ({_number(median)}); set "
            "<code>[discovery] target</code> to ask another question")


def discovery_section(data: pd.DataFrame, experiment: dict[str, Any],
                      text: dict[str, tuple[str, str]], labels: dict[str, str],
                      figure: str) -> tuple[list[str], Box | None, np.ndarray | None]:
    """The scenario-discovery section's HTML, the box and the target."""
    found = discovery_target(data, experiment, text)
    pnames = [p["name"] for p in experiment["parameters"]]
    if found is None:
        return ["<p class='muted'>No outcome to search for.</p>"], None, None
    target, what = found
    box = discover(data, pnames, target, show=readable_value, labels=labels)
    if box is None:
        share = "every" if target.all() else "no"
        return [f"<p>Outcome of interest: {what}. It happens in {share} run, so there is no "
                "region to find.</p>"], None, target
    region = h.e(box.describe(labels, readable_value))
    if box.density < box.base_rate + MIN_LIFT or not box.conditions:
        return [f"<p>Outcome of interest: {what} ({box.base_rate:.0%} of all runs). No region "
                "of the parameters concentrates it: the best box the classification tree "
                f"finds ({region}) has it in {box.density:.0%} of its runs, "
                f"hardly more than the {box.base_rate:.0%} of all runs.</p>"], None, target
    parts = [f"<p>Outcome of interest: {what} ({box.base_rate:.0%} of all runs).</p>",
             f"<p><strong>It is concentrated where {region}</strong>: "
             f"{box.density:.0%} of the {box.n_runs} runs there have it (density), and they are "
             f"{box.coverage:.0%} of all runs that have it (coverage).</p>", figure,
             "<details><summary>The classification tree</summary>"
             f"<pre>{h.e(box.rules)}</pre></details>"]
    return parts, box, target


# --------------------------------------------------------------------------- tables


def means_by_point(runs: pd.DataFrame, experiment: dict[str, Any],
                   params: list[dict[str, Any]]) -> str:
    pnames = [p["name"] for p in params]
    chosen = experiment.get("plots", {}).get("outcomes") or []
    columns = [c for c in ordered_outcomes(runs, experiment)
               if pd.api.types.is_numeric_dtype(runs[c].dtype)
               and not pd.api.types.is_bool_dtype(runs[c].dtype) and informative(runs, c)]
    if chosen:
        columns = [c for c in columns if any(c == o or c.startswith(f"{o}.") for o in chosen)]
    columns = columns[:MAX_MEANS_COLUMNS]
    points = runs["point"].nunique()
    if not columns or points > MAX_POINTS_IN_TABLE:
        return (f"<p class='muted'>{points} points: too many for a table; see "
                "<code>runs.parquet</code>.</p>")
    labels = experiment.get("plots", {}).get("labels", {})
    units = experiment.get("plots", {}).get("units", {})
    header = [p["label"] for p in params] + ["runs ok"]
    for c in columns:
        label, unit = outcome_text(c, labels, units)
        header.append(label + (f" ({unit})" if unit else ""))
    rows = []
    for _, group in runs.groupby("point", sort=True):
        ok = group[group["ok"].astype(bool)]
        row: list[Any] = [readable_value(group.iloc[0][p]) for p in pnames]
        row.append(f"{len(ok)}/{len(group)}")
        for c in columns:
            m, lo, hi, n = mean_ci(ok[c])
            row.append("–" if n == 0 else _with_interval(m, lo, hi))
        rows.append(row)
    return (h.table(header, rows, numeric=set(range(len(pnames), len(header))))
            + "<p class='muted'>mean [95% interval] across replications (bootstrap for "
              "counts, t otherwise)</p>")


def _design_table(manifest: dict[str, Any], runs: pd.DataFrame) -> str:
    exp = manifest["experiment"]
    timings = manifest.get("timings", {})
    design = ", ".join(f"{k} = {v}" for k, v in exp["design"].items() if v is not None)
    ok = runs["ok"].astype(bool)
    rows = [
        ["experiment file", exp["file"]], ["base config", exp["base"]], ["design", design],
        ["points × replications", f"{exp['n_points']} × {exp['replications']} = "
                                  f"{exp['n_runs']} runs"],
        ["runs ok / failed", f"{int(ok.sum())} / {int((~ok).sum())}"],
        ["master seed", f"{exp['seed']} (run seeds by SeedSequence spawning"
                        f"{'; common random numbers' if exp['common_random_numbers'] else ''})"],
        ["wall time", f"{timings.get('wall_seconds_total', '?')} s over "
                      f"{len(manifest.get('sessions', []))} session(s); "
                      f"{timings.get('run_seconds_mean', '?')} s per run on average"],
        ["experiment sha256", manifest.get("experiment_sha256", "")[:16]],
        ["versions", ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())],
        ["git commit", manifest.get("git_commit") or "–"],
    ]
    return h.table(["", ""], rows)


# --------------------------------------------------------------------------- the page


def build_report(root: Path, figures: list[tuple[Path, str]]) -> str:
    """The HTML text of a sweep folder's report (figures as written by
    :func:`~sim.plots.sweep_plots.save_sweep_plots`)."""
    root = Path(root)
    manifest = _manifest(root)
    exp = manifest["experiment"]
    base = _base(root)
    runs = pd.read_parquet(root / "runs.parquet")
    failures_path = root / "failures.parquet"
    failures = pd.read_parquet(failures_path) if failures_path.is_file() else pd.DataFrame()
    sens_path = root / "sensitivity.parquet"
    sensitivity = pd.read_parquet(sens_path) if sens_path.is_file() else None
    params = [{**p, "label": parameter_label(p, base)} for p in exp["parameters"]]
    plabels = {p["name"]: p["label"] for p in params}
    data, text = outcome_frame(runs, exp)
    headline = headline_outcome(exp, list(text))
    n_ok = int(runs["ok"].astype(bool).sum())

    body = [f"<h1>{h.e(exp['name'])}<span class='badge'>simulated sweep</span></h1>",
            f"<p>{h.e(exp.get('description') or '(no description)')}</p>",
            f"<p class='muted'>{exp['n_runs']} simulated runs ({n_ok} completed): "
            f"{exp['n_points']} parameter settings × {exp['replications']} replications with "
            f"their own seeds, varying {', '.join(h.e(p['label']) for p in params)}. "
            "Properties of the model under its assumptions, not forecasts.</p>",
            "<h2>Key findings</h2>"]
    effects = largest_effects(data, [p["name"] for p in params], list(text), top=FINDINGS)
    if effects:
        body.append("<ul class='findings'>" + "".join(
            f"<li>{finding_sentence(e, text[e.outcome], plabels[e.parameter])}</li>"
            for e in effects) + "</ul>")
        body.append("<p class='muted'>Largest effects first (change relative to the outcome's "
                    "spread across runs), each averaged over the other parameters; 95% "
                    "intervals: Wilson / Newcombe for shares of runs, bootstrap for counts, "
                    "t / Welch otherwise.</p>")
    else:
        body.append("<p>No parameter moved any outcome.</p>")
    notes = constant_notes(runs, exp)
    if notes:
        body.append("<p class='muted'>Not charted (no variation): " + "; ".join(
            h.e(n) for n in notes) + ".</p>")

    def is_for(path: Path, column: str | None) -> bool:
        if column is None:
            return False
        parts = path.stem.split("__")
        return len(parts) > 1 and parts[1] == _slug(column)

    named = {p.name: (p, c) for p, c in figures}
    discovery_png = named.pop("discovery.png", None)
    head_figures = [(p, c) for p, c in named.values()
                    if headline and is_for(p, headline.split(" = ")[0])]
    other_figures = [(p, c) for p, c in named.values() if (p, c) not in head_figures]
    if head_figures and headline:
        body += [f"<h2>Headline outcome: {h.e(text[headline][0])}</h2>"]
        body += [h.figure(p, c) for p, c in head_figures]
    body.append("<h2>Scenario discovery</h2>")
    figure_html = h.figure(*discovery_png) if discovery_png else ""
    section, _, _ = discovery_section(data, exp, text, plabels, figure_html)
    body += section
    body.append("<h2>Other figures</h2>" if head_figures else "<h2>Figures</h2>")
    body += [h.figure(p, c) for p, c in other_figures] or ["<p class='muted'>None.</p>"]
    body += ["<h2>Means by point</h2>", means_by_point(runs, exp, params)]
    body += ["<h2>Design</h2>", _design_table(manifest, runs)]
    if exp.get("settings"):
        body += ["<h3>Fixed settings (<code>[set]</code>)</h3>",
                 h.table(["key", "value"], [[k, readable_value(v)]
                                            for k, v in exp["settings"].items()])]
    body += ["<h2>Parameters</h2>", h.table(
        ["parameter", "config keys", "kind", "values", "units"],
        [[p["label"], ", ".join(p["paths"]), p["kind"],
          ", ".join(readable_value(v) for v in p["values"]) if p.get("values") else
          p["describe"], p.get("units", "")] for p in params])]
    body += ["<h2>Outcomes recorded</h2>",
             "<p>" + ", ".join(f"<code>{h.e(o)}</code>" for o in exp["outcomes"])
             + ". Tables: " + ", ".join(f"<code>{h.e(t)}</code>" for t in
                                        manifest.get("tables", {}).values())
             + " (each one <code>pandas.read_parquet</code> call).</p>"]
    body.append("<h2>Failures</h2>")
    if len(failures):
        pnames = [p["name"] for p in params]
        body.append(f"<p>{len(failures)} run(s) raised; the rest completed.</p>")
        body.append(h.table(["run", *[p["label"] for p in params], "error"],
                            [[r["run_id"], *[readable_value(r[p]) for p in pnames],
                              f"{r['error_type']}: {r['error_message']}"[:300]]
                             for _, r in failures.head(MAX_FAILURES_SHOWN).iterrows()]))
    else:
        body.append("<p>None: every run completed.</p>")
    if sensitivity is not None:
        body.append("<h2>Sensitivity indices</h2>")
        if len(sensitivity):
            body.append(h.table(["outcome", "parameter", "index", "value", "95% ±"],
                                [[r["outcome"], plabels.get(r["parameter"], r["parameter"]),
                                  r["index"], h.fmt(r["value"]), h.fmt(r["conf"])]
                                 for _, r in sensitivity.iterrows()], numeric={3, 4}))
        for note in manifest.get("sensitivity_notes", []):
            body.append(f"<p class='muted'>{h.e(note)}</p>")
    body += ["<h2>What the terms mean</h2>", h.glossary(GLOSSARY_TERMS),
             "<h2>Experiment file</h2>", f"<pre>{h.e(manifest.get('experiment_file', ''))}</pre>"]
    return h.page(f"{exp['name']}: sweep report", body)


def write_report(root: Path) -> Path:
    """Draw the figures of a results folder and write ``report.html``; return its path."""
    from sim.plots.sweep_plots import plot_discovery

    root = Path(root)
    figures = save_sweep_plots(root)
    manifest = _manifest(root)
    exp = manifest["experiment"]
    runs = pd.read_parquet(root / "runs.parquet")
    data, text = outcome_frame(runs, exp)
    found = discovery_target(data, exp, text)
    params = [{**p, "label": parameter_label(p, _base(root))} for p in exp["parameters"]]
    if found is not None:
        box = discover(data, [p["name"] for p in params], found[0])
        if box is not None and box.conditions and box.density >= box.base_rate + MIN_LIFT:
            fig = plot_discovery(data, box, found[0], params,
                                 title="Scenario discovery: where the outcome happens")
            path = root / "plots" / "discovery.png"
            fig.savefig(path, dpi=110)
            figures.append((path, "Each dot a run (jittered): green where the outcome of "
                                  "interest happened; the outlined region is the box found."))
    path = root / "report.html"
    write_bytes(path, build_report(root, figures).encode("utf-8"))
    return path
