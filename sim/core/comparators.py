"""Backtest comparators: the naive forecasts a simulation has to beat.

Each comparator turns a *baseline* election (``C x P`` vote shares) into a forecast of a
*target* election, knowing only what is known before the count: the target's nominations
(``C x P`` bool, who stood where) and, for the swing models, the target's statewide vote shares
(the "perfect poll" of the classic swing backtest; Butler & Stokes' uniform swing, and the
proportional swing usual in multi-party systems).

* :func:`carry_forward`: the baseline winner wins again where it stands; elsewhere the standing
  party with the largest baseline share. Predicted shares: the baseline's, over the standing
  parties.
* :func:`uniform_swing`: every constituency moves by the statewide change in points,
  ``baseline + (target_state - baseline_state)``, clipped at 0.
* :func:`proportional_swing`: every constituency is multiplied by the statewide ratio,
  ``baseline * target_state / baseline_state``.

Shared conventions:

* Only parties that stand get a share; predicted rows are renormalised to sum to 1 over the
  standing parties (renormalising does not change the ranking, so not the winners). If every
  standing party's forecast is 0 (all clipped), they share the constituency equally.
* **A party standing where it had no baseline share** starts from 0 there, as the baseline
  says: uniform swing gives it the statewide change (if positive), proportional swing nothing.
* **A new party** (:func:`new_parties`: a statewide baseline share below ``min_share``,
  default 0.5%, so also a party too small in the baseline for a ratio to mean anything, e.g.
  the AMMK's 193 votes in Tamil Nadu 2016 before its 2.4% in 2021) has nothing to swing: in
  every constituency where it stands it gets its target statewide share divided by the share
  of the state's weight (e.g. valid votes) in the constituencies it contests, i.e. its average
  share where it stands, under both swing models. Carry-forward, which knows no target
  shares, keeps its baseline share.
* **A constituency missing from the baseline** (e.g. a countermanded poll) starts from the
  baseline's statewide shares.
* ``contenders`` (default all) marks the columns that can win a seat (e.g. exclude an "others"
  column that sums many small candidates).

Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "SWING_MODELS",
    "Forecast",
    "carry_forward",
    "new_parties",
    "proportional_swing",
    "swing",
    "uniform_swing",
]


@dataclass(frozen=True)
class Forecast:
    """A comparator's forecast of the target election.

    Attributes:
        method: ``"carry_forward"``, ``"uniform_swing"`` or ``"proportional_swing"``.
        shares: ``C x P`` predicted vote shares, rows sum to 1 over the standing parties (0 for
            a constituency where nobody stands).
        winners: ``C`` column index of the predicted winner (-1 where nobody can win).
    """

    method: str
    shares: np.ndarray
    winners: np.ndarray


def _check(baseline: np.ndarray, stood: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b = np.asarray(baseline, dtype=np.float64)
    st = np.asarray(stood, dtype=bool)
    if b.ndim != 2 or st.shape != b.shape:
        raise ValueError(f"baseline {b.shape} and stood {st.shape} must be the same C x P")
    if (b < 0).any() or not np.isfinite(b).all():
        raise ValueError("baseline shares must be finite and non-negative")
    return b, st


def _weights(weights: np.ndarray | None, n: int) -> np.ndarray:
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or (w < 0).any():
        raise ValueError("weights must be C non-negative numbers")
    return w


def new_parties(baseline_state: np.ndarray, min_share: float = 0.005) -> np.ndarray:
    """Parties treated as new by the swing models: statewide baseline share below ``min_share``.

    Args:
        baseline_state: ``P`` statewide shares of the baseline election.
        min_share: the threshold (with 0, only parties with no baseline vote are new).

    Returns:
        ``P`` bool.
    """
    bs = np.asarray(baseline_state, dtype=np.float64)
    return (bs < min_share) | (bs <= 0)


def _fill_missing_rows(baseline: np.ndarray, baseline_state: np.ndarray | None) -> np.ndarray:
    """Rows with no baseline share at all (constituency missing) get the statewide shares."""
    if baseline_state is None:
        return baseline
    empty = baseline.sum(axis=1) == 0
    out = baseline.copy()
    out[empty] = np.asarray(baseline_state, dtype=np.float64)[None, :]
    return out


def _new_party_share(
    stood: np.ndarray, target_state: np.ndarray, new: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """``P``: each new party's target statewide share over the weight share it contests."""
    cover = (w[:, None] * stood).sum(axis=0) / max(float(w.sum()), 1e-300)
    out = np.zeros(stood.shape[1])
    ok = new & (cover > 0)
    out[ok] = target_state[ok] / cover[ok]
    return out


def _finish(
    method: str, raw: np.ndarray, stood: np.ndarray, contenders: np.ndarray | None
) -> Forecast:
    x = np.where(stood, np.clip(raw, 0.0, None), 0.0)
    # every standing party forecast at 0 (all clipped): they share the constituency equally
    flat = (x.sum(axis=1) == 0) & stood.any(axis=1)
    x[flat] = stood[flat].astype(np.float64)
    total = x.sum(axis=1, keepdims=True)
    shares = np.divide(x, total, out=np.zeros_like(x), where=total > 0)
    can = np.ones(x.shape[1], dtype=bool) if contenders is None else np.asarray(contenders, bool)
    ranked = np.where(stood & can[None, :], shares, -1.0)
    winners = np.where((stood & can[None, :]).any(axis=1), ranked.argmax(axis=1), -1)
    return Forecast(method, shares, winners.astype(np.int64))


def _state_vectors(
    baseline_state: np.ndarray, target_state: np.ndarray, n_p: int
) -> tuple[np.ndarray, np.ndarray]:
    bs = np.asarray(baseline_state, dtype=np.float64)
    ts = np.asarray(target_state, dtype=np.float64)
    if bs.shape != (n_p,) or ts.shape != (n_p,):
        raise ValueError(f"statewide shares must have {n_p} entries")
    return bs, ts


def carry_forward(
    baseline: np.ndarray,
    stood: np.ndarray,
    *,
    baseline_state: np.ndarray | None = None,
    contenders: np.ndarray | None = None,
) -> Forecast:
    """The baseline winner wins again where it stands, else the best standing party.

    Args:
        baseline: ``C x P`` baseline vote shares.
        stood: ``C x P`` bool, the target's nominations.
        baseline_state: ``P`` statewide baseline shares, the baseline of constituencies the
            baseline lacks (without it they are a tie broken by column order).
        contenders: ``P`` bool, the columns that can win (default all).

    Returns:
        The :class:`Forecast`: the baseline's shares over the standing parties, renormalised;
        the winner is the standing contender with the largest baseline share.
    """
    b, st = _check(baseline, stood)
    return _finish("carry_forward", _fill_missing_rows(b, baseline_state), st, contenders)


SWING_MODELS: tuple[str, ...] = ("uniform", "proportional")
"""The swing models of :func:`swing`."""


def swing(
    baseline: np.ndarray,
    stood: np.ndarray,
    baseline_state: np.ndarray,
    target_state: np.ndarray,
    model: str,
    *,
    weights: np.ndarray | None = None,
    contenders: np.ndarray | None = None,
    min_share: float = 0.005,
) -> Forecast:
    """Swing the baseline by the statewide change, uniformly (points) or proportionally (ratio).

    Args:
        baseline: ``C x P`` baseline vote shares.
        stood: ``C x P`` bool, the target's nominations.
        baseline_state: ``P`` statewide shares of the baseline election.
        target_state: ``P`` statewide shares of the target election.
        model: ``"uniform"``: ``max(0, baseline + target_state - baseline_state)``;
            ``"proportional"``: ``baseline * target_state / baseline_state``.
        weights: ``C`` weights (valid votes) of the new parties' coverage.
        contenders: ``P`` bool, the columns that can win (default all).
        min_share: statewide baseline share below which a party is new (:func:`new_parties`).

    Returns:
        The :class:`Forecast` (method ``"<model>_swing"``): the swung shares of the standing
        parties, renormalised; new parties as in the module docstring.

    Raises:
        ValueError: unknown model or inconsistent shapes.
    """
    if model not in SWING_MODELS:
        raise ValueError(f"model must be one of {SWING_MODELS}, got {model!r}")
    b, st = _check(baseline, stood)
    bs, ts = _state_vectors(baseline_state, target_state, b.shape[1])
    w = _weights(weights, b.shape[0])
    new = new_parties(bs, min_share)
    start = _fill_missing_rows(b, bs)
    if model == "uniform":
        raw = start + (ts - bs)[None, :]
    else:
        with np.errstate(over="ignore"):
            ratio = np.divide(ts, bs, out=np.zeros_like(ts), where=bs > 0)
        new |= ~np.isfinite(ratio)  # a baseline share too small to divide by
        raw = start * np.where(new, 0.0, ratio)[None, :]
    raw[:, new] = _new_party_share(st, ts, new, w)[new]
    return _finish(f"{model}_swing", raw, st, contenders)


def uniform_swing(
    baseline: np.ndarray,
    stood: np.ndarray,
    baseline_state: np.ndarray,
    target_state: np.ndarray,
    **options: Any,
) -> Forecast:
    """Add each party's statewide change in points to every constituency it contests.

    :func:`swing` with ``model="uniform"``; ``options`` are its keyword arguments.
    """
    return swing(baseline, stood, baseline_state, target_state, "uniform", **options)


def proportional_swing(
    baseline: np.ndarray,
    stood: np.ndarray,
    baseline_state: np.ndarray,
    target_state: np.ndarray,
    **options: Any,
) -> Forecast:
    """Multiply each party's baseline by its statewide ratio ``target_state / baseline_state``.

    :func:`swing` with ``model="proportional"``; ``options`` are its keyword arguments.
    """
    return swing(baseline, stood, baseline_state, target_state, "proportional", **options)
