"""Loyalty with campaign-driven transfer: the default voter response."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.responses.base import VoterResponse
from sim.engine import loyal_transfer as rule
from sim.engine.counters import stream_keys
from sim.voters.block import VoterBlock
from sim.voters.signals import CampaignSignals


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
    TAGS = frozenset({"fusable", "stochastic"})

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
        # the rule itself is :func:`sim.engine.loyal_transfer.update_block`; its counter-based
        # draws are keyed from ``rng``, so the fused kernel reproduces it exactly
        keys = stream_keys(rng, 3)
        r = block.region
        row = block.party.astype(np.intp) + 1
        reached = rule.update_block(
            block.party, block.transfer, block.turnout, keys, exposure=signals.exposure[r],
            floor=signals.transfer_floor, conflict=signals.conflict[r], lean=signals.lean[r],
            gain=self.gain_rate(block, signals, row), decay=self.decay_rate(block, signals, row),
            conflict_penalty=self.conflict_penalty, turnout_gain=self.turnout_gain,
            conversion=self.conversion)
        self.after(block, signals, rng, reached)

    def fused_tables(self, signals: CampaignSignals) -> rule.LoyalTransferTables:
        """The round's update as tables for the fused kernel (used when this class is tagged
        ``fusable``: variants that change the rule are not)."""
        return rule.loyal_transfer_tables(
            signals.exposure, signals.conflict, signals.lean, signals.transfer_floor,
            gain=self.gain, decay=self.decay, conflict_penalty=self.conflict_penalty,
            turnout_gain=self.turnout_gain, conversion=self.conversion)

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
