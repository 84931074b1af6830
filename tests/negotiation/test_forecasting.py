"""Parties' seat forecasts (``sim.negotiation.forecasting``): the pieces worked by hand, each
party forecasting from its own poll, and calibration in the model's own world: across seeds,
a party's forecast of its own seats at the deadline misses the seats it wins by about nothing.
"""

from __future__ import annotations

import numpy as np
import pytest
from builders import ROOT, TOY, make_config, party, synthetic_doc

from sim.model.coalition import CoalitionModel
from sim.negotiation.forecasting import shrunk_swing, smoothing_factor
from sim.run.single import run_one
from sim.world.loading import load_config


def test_smoothing_factor_by_hand() -> None:
    # one poll: the poll itself; then f = α² + (1 − α)² f: 0.25 + 0.25 = 0.5, 0.25 + 0.125
    assert smoothing_factor(1, 0.5) == 1.0
    assert smoothing_factor(2, 0.5) == pytest.approx(0.5)
    assert smoothing_factor(3, 0.5) == pytest.approx(0.375)
    # steady state α / (2 − α): a third for α = 0.5, so n_eff = 3n
    assert smoothing_factor(60, 0.5) == pytest.approx(1 / 3)
    assert smoothing_factor(9, 1.0) == 1.0  # no smoothing: only the last poll counts


def test_swings_are_shrunk_by_their_sampling_error() -> None:
    base = np.array([[0.40, 0.02]])
    polled = np.array([[0.44, 0.04]])  # both up: +10% and +100%
    swing, error = shrunk_swing(polled, base, respondents=1000)
    # big party: v = 0.44·0.56/(1000·0.16) = 0.00154, k = 0.0625/(0.0625 + v) = 0.976
    v = 0.44 * 0.56 / (1000 * 0.16)
    k = 0.0625 / (0.0625 + v)
    assert swing[0, 0] == pytest.approx(1 + k * 0.1)
    assert error[0, 0] == pytest.approx(k * np.sqrt(v))
    # a small party's doubling rests on ~40 respondents: shrunk most of the way back
    assert 1.0 < swing[0, 1] < 1.5
    many, _ = shrunk_swing(polled, base, respondents=1e9)
    assert many[0] == pytest.approx([1.1, 2.0], abs=1e-4)  # a huge sample is taken at its word
    none, _ = shrunk_swing(polled, np.array([[0.4, 0.0]]), respondents=1000)
    assert none[0, 1] == 1.0  # no reference support: no swing


def test_each_party_polls_its_own_sample() -> None:
    # two identical parties see different polls (each its own respondents) and so forecast
    # from different beliefs; the public poll is another sample again
    twins = [party("A", -0.2, 0.3), party("B", -0.2, 0.3), party("R", 0.5, 0.4)]
    model = CoalitionModel(make_config(synthetic_doc({"A": 0.3, "B": 0.3, "R": 0.4},
                                                     parties=twins)))
    model.step()
    a, b = model.parties[0], model.parties[1]
    assert not np.array_equal(a.polls[-1].support, b.polls[-1].support)
    assert not np.array_equal(a.polls[-1].support, model.latest_poll.support)
    assert not np.array_equal(a.view().forecast, b.view().forecast)
    # the same population: they agree within sampling error
    assert np.abs(a.polls[-1].support - b.polls[-1].support).max() < 0.15


def test_forecasts_are_recorded_against_the_seats_won() -> None:
    result = run_one(load_config(TOY, ["voters.voters_per_agent=500", "calendar.rounds=2"]))
    summary = result.summary
    assert set(summary["forecast_seats"]) == set(summary["seats_by_party"])
    for pid, forecast in summary["forecast_seats"].items():
        assert summary["forecast_error"][pid] == pytest.approx(
            forecast - summary["seats_by_party"][pid], abs=1e-3)
    recorded = result.rounds[result.rounds["variable"] == "forecast_seats"]
    assert set(recorded["round"]) == {2} and len(recorded) == 4


def calibration(config_path, overrides: list[str], seeds: range) -> dict[str, np.ndarray]:
    """Forecast minus seats won, per party, one entry per seed."""
    config = load_config(config_path, overrides)
    errors: dict[str, list[float]] = {}
    seats: dict[str, list[int]] = {}
    for seed in seeds:
        summary = run_one(config, seed=seed).summary
        for pid, error in summary["forecast_error"].items():
            errors.setdefault(pid, []).append(error)
            seats.setdefault(pid, []).append(summary["seats_by_party"][pid])
    return {pid: (np.array(errors[pid]), np.array(seats[pid])) for pid in errors}


def assert_calibrated(errors: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    """Every party winning a seat or more on average: |mean error| within 10% of its mean
    seats, widened by 2.5 standard errors of the mean (the seeds' own noise, which for a party
    of two or three seats is larger than a tenth of them). Parties winning less than a seat
    on average: within 1 seat."""
    for pid, (error, seats) in errors.items():
        mean, se = error.mean(), error.std(ddof=1) / np.sqrt(error.size)
        bound = 0.1 * seats.mean() + 2.5 * se if seats.mean() >= 1 else 1.0
        assert abs(mean) <= bound, (pid, mean, se, seats.mean())


@pytest.mark.slow
def test_forecasts_of_own_seats_are_calibrated_on_the_synthetic_toy() -> None:
    assert_calibrated(calibration(TOY, ["voters.voters_per_agent=100"], range(24)))


@pytest.mark.slow
def test_forecasts_of_own_seats_are_calibrated_in_west_bengal() -> None:
    config = ROOT / "configs" / "west_bengal_2021.toml"
    assert_calibrated(calibration(config, ["voters.voters_per_agent=300"], range(8)))
