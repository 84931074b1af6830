"""Derived outcomes: margins, majorities, ratios; names with spaces and dashes; nothing else
is evaluated."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.analysis.expressions import (
    ExpressionError,
    evaluate_on_summary,
    is_expression,
    parse,
)

SUMMARY = {"seats_by_alliance": {"INDIA": 234, "NDA": 293, "Left-Congress": 12,
                                 "Sanjukta Morcha": 20},
           "seats_by_party": {"BJP": 240, "INC": 99}, "allocation": {"INC": 328},
           "transfer_rate": 0.45, "agreement_round": None}


@pytest.mark.parametrize(("text", "value"), [
    ("INDIA - NDA", -59.0),
    ("seats_by_alliance.INDIA - seats_by_alliance.NDA", -59.0),
    ("NDA >= 272", 1.0),
    ("INDIA >= 272 or transfer_rate > 0.4", 1.0),
    ("not NDA > 300 and BJP < 272", 1.0),
    ("INC / allocation.INC", 99 / 328),
    ("Left-Congress - 10", 2.0),
    ("Sanjukta Morcha - Left-Congress", 8.0),
    ("`Sanjukta Morcha` * 2 + -1", 39.0),
    ("(INDIA + NDA) / 2", 263.5),
])
def test_evaluates_on_a_summary(text: str, value: float) -> None:
    assert evaluate_on_summary(text, SUMMARY) == pytest.approx(value)


@pytest.mark.parametrize("text", ['__import__("os").system("true")', "INDIA.__class__",
                                  "[INDIA]", "lambda: 1", "FOO - NDA", "INDIA -", "'x' > 1",
                                  "agreement_round + 1"])
def test_refuses_anything_else(text: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate_on_summary(text, SUMMARY)


def test_evaluates_over_a_table_column_by_column() -> None:
    runs = pd.DataFrame({"seats_by_alliance.A": [10, 20, 30], "seats_by_alliance.B": [25, 15, 5]})
    expression = parse("A - B > 0", runs.columns, {"A": "seats_by_alliance.A",
                                                   "B": "seats_by_alliance.B"})
    assert set(expression.names) == {"seats_by_alliance.A", "seats_by_alliance.B"}
    assert list(expression.evaluate({c: runs[c] for c in runs})) == [False, True, True]


def test_what_counts_as_an_expression() -> None:
    assert is_expression("INDIA - NDA") and is_expression("NDA >= 272")
    assert not is_expression("seats_by_alliance.Left-Congress")
    assert not is_expression("transfer_rate")
