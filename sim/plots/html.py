"""The pieces of the offline HTML reports (one run's and one sweep's): page, tables, figures
embedded as base64 PNG (no scripts, no links outside the page), and the glossary of the terms
the reports use."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1180px;padding:0 1rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
h3{margin-top:1.4rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.88rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
figure{margin:1.2rem 0;display:block;max-width:100%}
figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555;max-width:860px}
code,pre{background:#f6f6f6;padding:.1rem .3rem;font-size:.85rem}
pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.muted{color:#666}.badge{display:inline-block;padding:.1rem .5rem;border-radius:.6rem;
background:#fde9c8;color:#7a4a00;font-size:.8rem;margin-left:.4rem;vertical-align:middle}
ul.findings li{margin:.35rem 0}dl.glossary dt{font-weight:600;margin-top:.4rem}
dl.glossary dd{margin-left:1.2rem}details{margin:.6rem 0}.nowrap{white-space:nowrap}
"""

#: Term -> what it means in this model (shown wherever a report uses the term).
GLOSSARY: dict[str, str] = {
    "seats": "constituencies won under first past the post: the candidate with the most "
             "votes wins, however small the plurality.",
    "majority": "more than half the constituencies simulated (e.g. 272 of 542).",
    "alliance / bloc": "an alliance is a pre-electoral pact of the config ([[alliances]]); a "
                       "party outside every alliance counts as its own bloc.",
    "margin (bloc)": "one bloc's seats minus another's, e.g. INDIA − NDA; positive when the "
                     "first bloc is ahead.",
    "transfer rate": "of the supporters of an alliance member whose own party did not stand "
                     "in their constituency (a partner stood there for the alliance) and who "
                     "turned out, the share who voted for that partner. 1 = the alliance's "
                     "vote adds up perfectly; a low rate means partners' voters stay home or "
                     "go elsewhere.",
    "transfer willingness": "a voter's probability of voting for an ally when its own party "
                            "does not stand; joint campaigns raise it, inactivity and "
                            "partners fighting each other lower it.",
    "friendly fight": "a constituency where two members of the same formed alliance both "
                      "field candidates (a seat they could not agree on by the deadline).",
    "IOU": "index of opposition unity: in a constituency, the largest opposition party's "
           "votes as a percentage of all opposition votes (Butler, Lahiri & Roy); 100 = the "
           "opposition stood one candidate against the government. Reported as the mean "
           "over constituencies.",
    "ENP": "effective number of parties (Laakso & Taagepera 1979): 1 / Σ share², of votes "
           "or of seats; 2 means two equal parties, higher means a more fragmented contest.",
    "strike rate": "seats won / constituencies contested by a party.",
    "poll support": "the share of each region's poll sample supporting a party or bloc; "
                    "national figures are weighted by each region's electors.",
    "agreement round": "the round in which every member accepted the split (empty if the "
                       "alliance went to the deadline or collapsed).",
    "status": "agreed (every member accepted), deadline (talks ran out: members who still "
              "rejected went alone), collapsed (fewer than two members left), mixed (regional "
              "tables ended differently).",
    "interval": "95% interval: Wilson score interval for a share of runs, a bootstrap "
                "percentile interval for counts (never past the smallest or largest value "
                "seen), a t-interval for other means.",
    "scenario discovery": "a classification tree (CART) over the sweep's parameters that "
                          "finds the region of parameter values where an outcome of interest "
                          "happens (e.g. the alliance wins); coverage = share of all such runs "
                          "inside the region, density = share of the region's runs with the "
                          "outcome.",
}


def e(value: Any) -> str:
    """HTML-escaped text."""
    return html.escape(str(value))


def table(header: Sequence[str], rows: Iterable[Sequence[Any]],
          numeric: set[int] | None = None) -> str:
    """An HTML table; columns in ``numeric`` are right-aligned and never wrap."""
    numeric = numeric or set()
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td class='num'>{e(c)}</td>" if i in numeric else f"<td>{e(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def image_data(path: Path) -> str:
    """A PNG as a data URI."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def figure(path: Path, caption: str) -> str:
    return (f"<figure><img alt='{e(caption)}' src='{image_data(path)}'>"
            f"<figcaption>{e(caption)}</figcaption></figure>")


def glossary(terms: Iterable[str]) -> str:
    """The glossary entries of ``terms`` (in the order given)."""
    items = "".join(f"<dt>{e(t)}</dt><dd>{e(GLOSSARY[t])}</dd>" for t in terms if t in GLOSSARY)
    return f"<dl class='glossary'>{items}</dl>"


def page(title: str, body: Sequence[str]) -> str:
    """A whole HTML document."""
    return "\n".join(["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
                      f"<title>{e(title)}</title><style>{CSS}</style></head><body>", *body,
                      "</body></html>"])


def fmt(value: Any, digits: int = 4) -> str:
    """A number for a table: integers as they are, floats to ``digits`` significant digits,
    missing as an en dash."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)
