"""A party's seat forecast, calibrated in the model's own world.

A party knows the reference election (baseline shares, turnout, geography), the rules of the
vote, the pair affinities of transfers, and what its own polls tell it: support by region
(non-partisans included), and its respondents' turnout, loyalty and transfer willingness. It
forecasts a candidacy plan (who stands where, who is allied with whom) in three steps:

1. **Constituency supporters.** Each region's swing (polled support ÷ reference support) is
   shrunk toward no swing by its sampling error, as an empirical-Bayes estimate:
   swing = 1 + k·(ratio − 1), k = τ² / (τ² + v), where v = π(1 − π) / (n_eff · base²) is the
   variance of the polled ratio (n_eff the respondents the exponential smoothing of its polls
   is worth: n / f with f₁ = 1, f_t = α² + (1 − α)² f_{t−1}) and τ = ``SWING_PRIOR_SD`` the
   spread of real regional swings. A small party's few respondents then move its forecast
   little. The swing is applied proportionally to every constituency's baseline shares (clipped
   to [1/4, 4]); the region's non-partisan share is taken as polled.
2. **Votes by the vote's own rules** (:func:`sim.core.forecast.expected_votes`): turnout by
   party as polled (relative to the region's reference turnout, scaled to each seat's), own
   party with its polled loyalty, allies with polled likely-voter transfer willingness × the
   pair affinity, defection of non-transferring voters, non-partisans split by baseline share.
3. **Seats.** In each of K scenarios each party's vote share in a seat gets a normal error
   with variance ``local_noise``² + 2·v(1 − v)/n_agents (what the swing model cannot know about
   a seat, and the sampling of the seat's own voter agents); a party's win probability is the
   share of scenarios in which it leads; expected seats are their sum. The scenarios' draws
   are shared by every party in a round (common random numbers: every proposal of a round is
   judged against the same errors).

The poll's own sampling error is not added again as a further spread: a party's belief
already scatters around the truth by that error from seed to seed, and adding it to the
forecast as well would spread win probabilities twice over (overrating trailing parties,
underrating leaders). With the vote's rules reproduced, a party's forecast of its own seats is
unbiased across seeds up to the lag of its smoothed polls (checked in ``tests/negotiation``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.ballots import vote_routes
from sim.core.forecast import expected_votes, flow_swing, win_shares

SWING_LIMITS = (0.25, 4.0)
FORECAST_DRAWS = 64
SWING_PRIOR_SD = 0.25  # τ: spread of real regional swings (relative), for the shrinkage
AGENT_SAMPLING = 1.2  # seed-to-seed variance of a seat's vote share, in units of v(1 − v)/n


@dataclass(frozen=True)
class ForecastSetting:
    """What every party knows for forecasting: the reference election and the vote's rules.

    Attributes:
        shares: (C, P) baseline vote shares.
        region_of: (C,) region index of each constituency.
        baseline: (R, P+1) support expected from the reference election (non-partisans, then
            parties), the denominator of the swing.
        turnout_ratio: (C,) each seat's reference turnout over its region's (electors-weighted).
        agents: (C,) voter agents per constituency.
        ideology: (P,) positions; affinity: (P, P) pair affinity of transfers.
        defection: ``voters.defection_share``.
        local_noise: ``negotiation.local_noise``.
        loyalty, transfer: (P,) configured means, used where a poll has no respondent.
        draws: scenarios per forecast.
    """

    shares: np.ndarray
    region_of: np.ndarray
    baseline: np.ndarray
    turnout_ratio: np.ndarray
    agents: np.ndarray
    ideology: np.ndarray
    affinity: np.ndarray
    defection: float
    local_noise: float
    loyalty: np.ndarray
    transfer: np.ndarray
    draws: int = FORECAST_DRAWS

    @property
    def n_constituencies(self) -> int:
        return self.shares.shape[0]

    @property
    def n_parties(self) -> int:
        return self.shares.shape[1]


@dataclass(frozen=True)
class Belief:
    """A party's smoothed polls.

    Attributes:
        support: (R, P+1) share of voters identifying with each party (column 0: none).
        turnout: (R, P+1) their mean turnout propensity.
        transfer: (R, P) each party's supporters' transfer willingness among likely voters.
        loyalty: (P,) their mean loyalty.
        respondents: effective respondents per region behind ``support`` (n_eff).
    """

    support: np.ndarray
    turnout: np.ndarray
    transfer: np.ndarray
    loyalty: np.ndarray
    respondents: float


class SeatForecaster:
    """One party's forecaster for one round (see the module docstring).

    Args:
        setting: what every party knows.
        belief: the party's smoothed polls.
        noise: (K, C, P) standard normal draws of the seats' unexplained errors, shared by
            every party in the round.
        stamp: what the forecaster was made from (the model's cache key).
    """

    def __init__(self, setting: ForecastSetting, belief: Belief, noise: np.ndarray,
                 stamp: tuple[int, ...] = ()) -> None:
        self.stamp = stamp
        self.setting = setting
        self.belief = belief
        self.noise = noise
        support = np.asarray(belief.support, dtype=np.float64)
        swing, error = shrunk_swing(support, setting.baseline, belief.respondents)
        after = setting.baseline * swing
        self.after = after / np.maximum(after.sum(axis=1, keepdims=True), 1e-12)  # (R, P+1)
        self.relative_error = (error / swing)[:, 1:]  # (R, P)
        transfer = np.asarray(belief.transfer, dtype=np.float64)
        self.transfer = np.where(np.isnan(transfer), setting.transfer[None], transfer)
        turnout = np.asarray(belief.turnout, dtype=np.float64)
        fallback = float(np.nanmean(turnout)) if np.isfinite(turnout).any() else 0.75
        self.turnout = np.where(np.isnan(turnout), fallback, turnout)
        loyalty = np.asarray(belief.loyalty, dtype=np.float64)
        self.loyalty = np.where(np.isnan(loyalty), setting.loyalty, loyalty)

    def win_probabilities(self, rows: np.ndarray, standing: np.ndarray, allies: np.ndarray,
                          routes: tuple[np.ndarray, ...] | None = None) -> np.ndarray:
        """(n, P) probability that each party wins each of the constituencies ``rows``.

        Args:
            rows: global indices of the constituencies forecast.
            standing: (n, P) bool, who stands there.
            allies: (n, P, P) or (P, P) bool, whose supporters may transfer to whom there.
            routes: the choice tables of ``standing`` and ``allies`` if already computed
                (:meth:`routes`).
        """
        st = self.setting
        rows = np.asarray(rows, dtype=np.int64)
        region = st.region_of[rows]
        shares = st.shares[rows]
        nonpartisan = st.baseline[region, :1]
        before = np.hstack([nonpartisan, (1.0 - nonpartisan) * shares])
        supporters = flow_swing(before, st.baseline, self.after, region)
        turnout = np.clip(self.turnout[region] * st.turnout_ratio[rows, None], 0.0, 1.0)
        mass = (supporters * turnout)[None]
        standing = np.asarray(standing, dtype=bool)
        if routes is None:
            routes = self.routes(rows, standing, allies)
        floating = np.where(standing, shares, 0.0)
        empty = floating.sum(axis=1) <= 0
        floating[empty] = standing[empty]
        floating /= floating.sum(axis=1, keepdims=True)
        primary, uses, secondary = routes
        votes = expected_votes(mass, (primary, uses, secondary), self.loyalty,
                               self.transfer[region], st.affinity, st.defection, floating)[0]
        total = votes.sum(axis=1, keepdims=True)
        v = np.where(total > 0, votes / np.where(total > 0, total, 1.0), 0.0)
        outcome = st.local_noise ** 2 + AGENT_SAMPLING * v * (1.0 - v) \
            / np.maximum(st.agents[rows], 1)[:, None]
        belief = (v * self.relative_error[region]) ** 2
        sd = np.sqrt(np.maximum(outcome - belief, 0.0))
        return win_shares(v, sd, standing, self.noise[:, rows])

    def routes(self, rows: np.ndarray, standing: np.ndarray,
               allies: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The vote's choice tables for this plan (the same for every party's forecaster)."""
        st = self.setting
        return vote_routes(np.asarray(standing, dtype=bool), allies, st.ideology,
                           st.shares[np.asarray(rows, dtype=np.int64)], st.affinity)

    def seats(self, rows: np.ndarray, standing: np.ndarray, allies: np.ndarray,
              routes: tuple[np.ndarray, ...] | None = None) -> np.ndarray:
        """(P,) expected seats of every party over the constituencies ``rows``."""
        return self.win_probabilities(rows, standing, allies, routes).sum(axis=0)


def shrunk_swing(support: np.ndarray, base: np.ndarray, respondents: float,
                 prior_sd: float = SWING_PRIOR_SD) -> tuple[np.ndarray, np.ndarray]:
    """(R, P) regional swings (polled ÷ reference support) shrunk toward 1 by their sampling
    error (see the module docstring), clipped to ``SWING_LIMITS`` (1 where the reference
    support is 0), and the sampling error left in them (their standard deviation)."""
    support = np.asarray(support, dtype=np.float64)
    base = np.asarray(base, dtype=np.float64)
    ok = base > 0
    safe = np.where(ok, base, 1.0)
    ratio = np.where(ok, support / safe, 1.0)
    pi = np.clip(support, 0.0, 1.0)
    variance = np.where(ok, np.maximum(pi * (1 - pi), 1e-12)
                        / (max(respondents, 1.0) * safe ** 2), np.inf)
    weight = prior_sd ** 2 / (prior_sd ** 2 + variance)
    error = np.where(ok, weight * np.sqrt(np.where(ok, variance, 0.0)), 0.0)
    return np.clip(1.0 + weight * (ratio - 1.0), *SWING_LIMITS), error


def smoothing_factor(polls: int, smoothing: float) -> float:
    """The variance factor f of an exponentially smoothed proportion after ``polls`` polls
    (the first taken whole): f₁ = 1, f_t = α² + (1 − α)² f_{t−1}; n_eff = n / f."""
    f = 1.0
    for _ in range(max(polls, 1) - 1):
        f = smoothing ** 2 + (1.0 - smoothing) ** 2 * f
    return f
