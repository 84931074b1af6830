"""``report.html``: one offline page per sweep (images embedded as base64, no scripts, no
links outside the page) with the description, the design, the parameter table, means by point,
failures, sensitivity indices and every figure."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import Any

import pandas as pd

from sim.io.atomic import write_bytes
from sim.plots.sweep_plots import RESERVED, mean_ci, outcome_text, save_sweep_plots

MAX_POINTS_IN_TABLE = 60
MAX_FAILURES_SHOWN = 20

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.88rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1.2rem 0;display:inline-block;max-width:100%}
figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555;max-width:760px}
code,pre{background:#f6f6f6;padding:.1rem .3rem;font-size:.85rem}
pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.muted{color:#666}
"""


def _e(value: Any) -> str:
    return html.escape(str(value))


def _table(header: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td class='num'>{_e(c)}</td>" if i in numeric else f"<td>{_e(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/png;base64,{data}"


def _means_by_point(runs: pd.DataFrame, experiment: dict[str, Any]) -> str:
    pnames = [p["name"] for p in experiment["parameters"]]
    chosen = experiment.get("plots", {}).get("outcomes") or []
    columns = [c for c in runs.columns if c not in RESERVED and c not in pnames
               and pd.api.types.is_numeric_dtype(runs[c].dtype)
               and not pd.api.types.is_bool_dtype(runs[c].dtype)]
    if chosen:
        columns = [c for c in columns if any(c == o or c.startswith(f"{o}.") for o in chosen)]
    columns = columns[:10]
    points = runs["point"].nunique()
    if not columns or points > MAX_POINTS_IN_TABLE:
        return (f"<p class='muted'>{points} points: too many for a table; see "
                "<code>runs.parquet</code>.</p>")
    labels = experiment.get("plots", {}).get("labels", {})
    units = experiment.get("plots", {}).get("units", {})
    header = [*pnames, "runs ok"]
    for c in columns:
        label, unit = outcome_text(c, labels, units)
        header.append(f"{label}" + (f" ({unit})" if unit else ""))
    rows = []
    for _, group in runs.groupby("point", sort=True):
        ok = group[group["ok"].astype(bool)]
        row: list[Any] = [_fmt(group.iloc[0][p]) for p in pnames]
        row.append(f"{len(ok)}/{len(group)}")
        for c in columns:
            m, lo, hi, n = mean_ci(ok[c])
            row.append("–" if n == 0 else (f"{m:.3g} [{lo:.3g}, {hi:.3g}]" if n > 1
                                           else f"{m:.3g}"))
        rows.append(row)
    return (_table(header, rows, numeric=set(range(len(pnames) + 1, len(header))))
            + "<p class='muted'>mean [95% interval] across replications</p>")


def build_report(root: Path, figures: list[tuple[Path, str]]) -> str:
    """The HTML text of a results folder's report."""
    root = Path(root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    exp = manifest["experiment"]
    runs = pd.read_parquet(root / "runs.parquet")
    failures_path = root / "failures.parquet"
    failures = pd.read_parquet(failures_path) if failures_path.is_file() else pd.DataFrame()
    sens_path = root / "sensitivity.parquet"
    sensitivity = pd.read_parquet(sens_path) if sens_path.is_file() else None
    timings = manifest.get("timings", {})
    design = exp["design"]
    design_text = ", ".join(f"{k} = {v}" for k, v in design.items() if v is not None)
    overview = [
        ["experiment file", exp["file"]],
        ["base config", exp["base"]],
        ["design", design_text],
        ["points × replications", f"{exp['n_points']} × {exp['replications']} = "
                                  f"{exp['n_runs']} runs"],
        ["runs ok / failed", f"{int(runs['ok'].astype(bool).sum())} / "
                             f"{int((~runs['ok'].astype(bool)).sum())}"],
        ["master seed", f"{exp['seed']} (run seeds by SeedSequence spawning"
                        f"{'; common random numbers' if exp['common_random_numbers'] else ''})"],
        ["wall time", f"{timings.get('wall_seconds_total', '?')} s over "
                      f"{len(manifest.get('sessions', []))} session(s); "
                      f"{timings.get('run_seconds_mean', '?')} s per run on average"],
        ["experiment sha256", manifest.get("experiment_sha256", "")[:16]],
        ["design sha256", manifest.get("design_sha256", "")[:16]],
        ["versions", ", ".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())],
        ["git commit", manifest.get("git_commit") or "–"],
    ]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(exp['name'])}: sweep report</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(exp['name'])}</h1>",
        f"<p>{_e(exp.get('description') or '(no description)')}</p>",
        "<h2>Design</h2>", _table(["", ""], overview),
    ]
    if exp.get("settings"):
        parts += ["<h3>Fixed settings (<code>[set]</code>)</h3>",
                  _table(["key", "value"], [[k, v] for k, v in exp["settings"].items()])]
    parts += ["<h2>Parameters</h2>", _table(
        ["parameter", "config keys", "kind", "values", "label", "units"],
        [[p["name"], ", ".join(p["paths"]), p["kind"], p["describe"], p["label"],
          p.get("units", "")] for p in exp["parameters"]])]
    parts += ["<h2>Outcomes</h2>",
              "<p>Recorded: " + ", ".join(f"<code>{_e(o)}</code>" for o in exp["outcomes"])
              + ". Tables: " + ", ".join(f"<code>{_e(t)}</code>" for t in
                                         manifest.get("tables", {}).values())
              + " (each one <code>pandas.read_parquet</code> call).</p>",
              "<h3>Means by point</h3>", _means_by_point(runs, exp)]
    parts.append("<h2>Failures</h2>")
    if len(failures):
        shown = failures.head(MAX_FAILURES_SHOWN)
        pnames = [p["name"] for p in exp["parameters"]]
        parts.append(f"<p>{len(failures)} run(s) raised; the rest completed.</p>")
        parts.append(_table(["run", *pnames, "error"],
                            [[r["run_id"], *[_fmt(r[p]) for p in pnames],
                              f"{r['error_type']}: {r['error_message']}"[:300]]
                             for _, r in shown.iterrows()]))
    else:
        parts.append("<p>None: every run completed.</p>")
    if sensitivity is not None:
        parts.append("<h2>Sensitivity indices</h2>")
        if len(sensitivity):
            parts.append(_table(["outcome", "parameter", "index", "value", "95% ±"],
                                [[r["outcome"], r["parameter"], r["index"], _fmt(r["value"]),
                                  _fmt(r["conf"])] for _, r in sensitivity.iterrows()],
                                numeric={3, 4}))
        for note in manifest.get("sensitivity_notes", []):
            parts.append(f"<p class='muted'>{_e(note)}</p>")
    parts.append("<h2>Figures</h2>")
    if not figures:
        parts.append("<p class='muted'>No figures.</p>")
    for path, caption in figures:
        parts.append(f"<figure><img alt='{_e(caption)}' src='{_img(path)}'>"
                     f"<figcaption>{_e(caption)}</figcaption></figure>")
    parts.append("<h2>Experiment file</h2>")
    parts.append(f"<pre>{_e(manifest.get('experiment_file', ''))}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(root: Path) -> Path:
    """Draw the figures of a results folder and write ``report.html``; return its path."""
    root = Path(root)
    figures = save_sweep_plots(root)
    path = root / "report.html"
    write_bytes(path, build_report(root, figures).encode("utf-8"))
    return path
