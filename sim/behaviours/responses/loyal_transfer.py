"""Loyalty with campaign-driven transfer: the default voter response."""

from __future__ import annotations

import numpy as np

from sim.behaviours.base import check_range
from sim.behaviours.responses.base import VoterResponse
from sim.kernels import (
    LoyalTransferTables,
    lean_cdf,
    loyal_transfer_tables,
    stream_keys,
    uniform24_np,
    uniform53_np,
)
from sim.voters import UNIT16, CampaignSignals, VoterBlock, to_u16


class LoyalTransfer(VoterResponse):
    """Supporters reached by joint movements grow willing to vote for allies; unreached ones cool.

    Each round a voter is reached by its alliance's joint campaign with the probability in
    ``signals.exposure``. A reached voter's transfer willingness w moves toward 1 with
    diminishing returns, w += gain·(1 − w), and its turnout propensity t likewise by
    ``turnout_gain``; an unreached voter's willingness decays toward its party's floor,
    w −= decay·(w − floor). Open conflict between partners (disputed seats, friendly fights)
    cuts willingness by ``conflict_penalty`` × the conflict level. A reached non-partisan leans
    to one of the partners with probability ``conversion`` (in proportion to their effort).

    Sources: the Left–Congress joint movements of 2020 (seed report 1) and the 2023 INDIA bloc's
    quiet months (seed report 2); the diminishing-returns exposure model follows campaign-effects
    studies such as Huber & Arceneaux (2007), AJPS 51(4).
    """

    name = "loyal_transfer"

    def __init__(
        self,
        *,
        gain: float = 0.15,
        decay: float = 0.05,
        conflict_penalty: float = 0.3,
        turnout_gain: float = 0.03,
        conversion: float = 0.05,
    ) -> None:
        check_range("gain", gain, 0.0, 1.0)
        check_range("decay", decay, 0.0, 1.0)
        check_range("conflict_penalty", conflict_penalty, 0.0, 1.0)
        check_range("turnout_gain", turnout_gain, 0.0, 1.0)
        check_range("conversion", conversion, 0.0, 1.0)
        self.gain = gain
        self.decay = decay
        self.conflict_penalty = conflict_penalty
        self.turnout_gain = turnout_gain
        self.conversion = conversion

    def respond(self, block: VoterBlock, signals: CampaignSignals,
                rng: np.random.Generator) -> None:
        # counter-based draws keyed from ``rng``: the i-th agent's draws depend only on the
        # stream and i, so the fused kernel (``fused_tables``) reproduces this rule exactly
        keys = stream_keys(rng, 3)
        r = block.region
        row = block.party.astype(np.intp) + 1
        index = np.arange(block.size)
        reached = uniform24_np(keys[0], index) < signals.exposure[r].astype(np.float32)[row]
        w = block.transfer.astype(np.float32) * UNIT16
        floor = signals.transfer_floor.astype(np.float32)[row]
        gain = self.gain_rate(block, signals, row)
        decay = self.decay_rate(block, signals, row)
        w = np.where(reached, w + gain * (1 - w), w - decay * np.maximum(w - floor, 0))
        conflict = signals.conflict[r].astype(np.float32)[row]
        w *= 1 - np.float32(self.conflict_penalty) * conflict
        block.transfer[:] = to_u16(w)
        t = block.turnout.astype(np.float32) * UNIT16
        block.turnout[:] = to_u16(np.where(reached, t + np.float32(self.turnout_gain) * (1 - t), t))
        self._convert(block, reached, signals.lean[r], keys)
        self.after(block, signals, rng, reached)

    def fused_tables(self, signals: CampaignSignals) -> LoyalTransferTables | None:
        """The round's update as tables for the fused kernel (``sim.kernels``), or None when a
        variant overrides a hook (it then runs :meth:`respond` block by block)."""
        base = LoyalTransfer
        cls = type(self)
        if (cls.respond is not base.respond or cls.gain_rate is not base.gain_rate
                or cls.decay_rate is not base.decay_rate or cls.after is not base.after
                or cls._convert is not base._convert):
            return None
        return loyal_transfer_tables(signals, self.gain, self.decay, self.conflict_penalty,
                                     self.turnout_gain, self.conversion)

    # hooks for variants -------------------------------------------------------------
    def gain_rate(self, block: VoterBlock, signals: CampaignSignals,
                  row: np.ndarray) -> np.ndarray | np.float32:
        """Per-agent (or scalar) gain in transfer willingness when reached."""
        return np.float32(self.gain)

    def decay_rate(self, block: VoterBlock, signals: CampaignSignals,
                   row: np.ndarray) -> np.ndarray | np.float32:
        """Per-agent (or scalar) decay toward the floor when not reached."""
        return np.float32(self.decay)

    def after(self, block: VoterBlock, signals: CampaignSignals, rng: np.random.Generator,
              reached: np.ndarray) -> None:
        """A variant's extra effect, after the loyal-transfer update (default: none)."""

    def _convert(self, block: VoterBlock, reached: np.ndarray, lean: np.ndarray,
                 keys: np.ndarray) -> None:
        if self.conversion <= 0 or lean.sum() <= 0:
            return
        candidates = np.flatnonzero(reached & (block.party < 0))
        if candidates.size == 0:
            return
        converts = candidates[uniform53_np(keys[1], candidates) < self.conversion]
        if converts.size:
            # as Generator.choice(p=lean/lean.sum()): the first cdf entry above the uniform
            pick = np.searchsorted(lean_cdf(lean), uniform53_np(keys[2], converts), side="right")
            block.party[converts] = np.minimum(pick, lean.size - 1)
