"""Variants of the loyal-transfer response, each adding one documented mechanism."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.responses.loyal_transfer import LoyalTransfer
from sim.engine.fixed_point import UNIT16, to_u8, to_u16
from sim.voters.block import VoterBlock
from sim.voters.signals import CampaignSignals


class IdeologicalProximity(LoyalTransfer):
    """Transfer grows faster between ideologically close partners and barely between distant ones.

    As loyal_transfer, but the gain when reached is gain × (1 − d/2)^sharpness, where d is the
    ideological distance from the voter's party to its partners (0–2 on the left–right axis).

    Sources: Golder (2006) on ideological compatibility of pre-electoral coalitions; Gschwend &
    Hooghe (2008), Should I stay or should I go?, EJPR 47(5), on voters' acceptance of
    coalition partners by distance.
    """

    name = "ideological_proximity"

    def __init__(self, *, sharpness: float = 2.0, gain: float = 0.15, decay: float = 0.05,
                 conflict_penalty: float = 0.3, turnout_gain: float = 0.03,
                 conversion: float = 0.05) -> None:
        super().__init__(gain=gain, decay=decay, conflict_penalty=conflict_penalty,
                         turnout_gain=turnout_gain, conversion=conversion)
        check_range("sharpness", sharpness, 0.0, 20.0)
        self.sharpness = sharpness

    def gain_rate(self, block: VoterBlock, signals: CampaignSignals,
                  row: np.ndarray) -> np.ndarray:
        distance = (signals.ally_distance if signals.ally_distance is not None
                    else np.zeros(signals.transfer_floor.size))
        proximity = np.clip(1.0 - distance / 2.0, 0.0, 1.0) ** self.sharpness
        return (np.float32(self.gain) * proximity.astype(np.float32))[row]


class Bandwagon(LoyalTransfer):
    """Uncommitted voters drift toward parties rising in the polls.

    As loyal_transfer; then each non-partisan adopts a party whose poll support rose since the
    previous poll with probability ``rate`` × (the total rise, as a share of the sample),
    choosing among rising parties in proportion to their rise.

    Sources: Simon (1954), Bandwagon and underdog effects of election predictions; Barnfield
    (2020), Think twice before jumping on the bandwagon, Political Studies Review 18(4).
    """

    name = "bandwagon"

    def __init__(self, *, rate: float = 2.0, gain: float = 0.15, decay: float = 0.05,
                 conflict_penalty: float = 0.3, turnout_gain: float = 0.03,
                 conversion: float = 0.05) -> None:
        super().__init__(gain=gain, decay=decay, conflict_penalty=conflict_penalty,
                         turnout_gain=turnout_gain, conversion=conversion)
        check_range("rate", rate, 0.0, 100.0)
        self.rate = rate

    def after(self, block: VoterBlock, signals: CampaignSignals, rng: np.random.Generator,
              reached: np.ndarray) -> None:
        rise = np.maximum(signals.support_change[block.region], 0.0)
        total = rise.sum()
        if total <= 0 or self.rate <= 0:
            return
        floating = np.flatnonzero(block.party < 0)
        if floating.size == 0:
            return
        p_switch = min(1.0, self.rate * total)
        movers = floating[rng.random(floating.size) < p_switch]
        if movers.size:
            block.party[movers] = rng.choice(rise.size, size=movers.size, p=rise / total)


class SocialInfluence(LoyalTransfer):
    """Voters' willingness to transfer moves toward that of their neighbours in a local network.

    As loyal_transfer; then each voter's transfer willingness moves a fraction ``influence``
    toward the mean of its partisan neighbours among its ``neighbours`` nearest on a ring
    network over the constituency's voters (a random ring, fixed for the run by its seed; kept
    as a permutation array, no per-voter objects).

    Sources: DeGroot (1974), Reaching a consensus, JASA 69(345); Huckfeldt & Sprague (1995),
    Citizens, Politics and Social Communication.
    """

    name = "social_influence"

    def __init__(self, *, influence: float = 0.2, neighbours: int = 4, gain: float = 0.15,
                 decay: float = 0.05, conflict_penalty: float = 0.3, turnout_gain: float = 0.03,
                 conversion: float = 0.05) -> None:
        super().__init__(gain=gain, decay=decay, conflict_penalty=conflict_penalty,
                         turnout_gain=turnout_gain, conversion=conversion)
        check_range("influence", influence, 0.0, 1.0)
        if isinstance(neighbours, bool) or not isinstance(neighbours, int) or neighbours < 2 \
                or neighbours % 2:
            raise ValueError(f"parameter 'neighbours' must be an even integer >= 2, "
                             f"got {neighbours!r}")
        self.influence = influence
        self.neighbours = neighbours

    def ring(self, signals: CampaignSignals, block: VoterBlock) -> np.ndarray:
        """The constituency's network: voters in ring order (fixed for the run)."""
        rng = np.random.default_rng([signals.seed, block.constituency, 0x50C1A1])
        return rng.permutation(block.size)

    def after(self, block: VoterBlock, signals: CampaignSignals, rng: np.random.Generator,
              reached: np.ndarray) -> None:
        if block.size <= self.neighbours or self.influence <= 0:
            return
        order = self.ring(signals, block)
        w = block.transfer[order].astype(np.float32) * UNIT16
        half = self.neighbours // 2
        partisan = block.party[order] >= 0
        weight = partisan.astype(np.float32)
        shifts = [s for k in range(1, half + 1) for s in (k, -k)]
        total = sum(np.roll(w * weight, s) for s in shifts)
        count = sum(np.roll(weight, s) for s in shifts)
        # only partisans hold a willingness to transfer; non-partisan neighbours do not count
        neighbour_mean = np.where(count > 0, total / np.maximum(count, 1), w)
        updated = np.where(partisan, w + np.float32(self.influence) * (neighbour_mean - w), w)
        block.transfer[order] = to_u16(updated)


class InactivityDecay(LoyalTransfer):
    """Goodwill erodes faster the longer partners go without joint campaigning.

    As loyal_transfer, but the decay toward the floor grows with the rounds since a joint
    movement last ran in the region: decay × (1 + acceleration × quiet rounds).

    Sources: seed report 2 (the INDIA bloc's "lack of activity in the last three months had
    raised concerns", Dec 2023).
    """

    name = "inactivity_decay"

    def __init__(self, *, acceleration: float = 0.5, gain: float = 0.15, decay: float = 0.05,
                 conflict_penalty: float = 0.3, turnout_gain: float = 0.03,
                 conversion: float = 0.05) -> None:
        super().__init__(gain=gain, decay=decay, conflict_penalty=conflict_penalty,
                         turnout_gain=turnout_gain, conversion=conversion)
        check_range("acceleration", acceleration, 0.0, 10.0)
        self.acceleration = acceleration

    def decay_rate(self, block: VoterBlock, signals: CampaignSignals,
                   row: np.ndarray) -> np.float32:
        quiet = 0 if signals.rounds_since_campaign is None else \
            int(signals.rounds_since_campaign[block.region])
        return np.float32(min(1.0, self.decay * (1.0 + self.acceleration * quiet)))


class AntiIncumbency(LoyalTransfer):
    """Supporters of the governing parties grow less loyal, and some drift away, each round.

    As loyal_transfer; then government supporters' loyalty falls by ``erosion`` × loyalty and
    a share ``drift`` of them become non-partisan each round.

    Sources: Uppal (2009), The disadvantaged incumbents, Public Choice 138; Ravishankar (2009)
    on anti-incumbency in Indian elections.
    """

    name = "anti_incumbency"

    def __init__(self, *, erosion: float = 0.02, drift: float = 0.01, gain: float = 0.15,
                 decay: float = 0.05, conflict_penalty: float = 0.3, turnout_gain: float = 0.03,
                 conversion: float = 0.05) -> None:
        super().__init__(gain=gain, decay=decay, conflict_penalty=conflict_penalty,
                         turnout_gain=turnout_gain, conversion=conversion)
        check_range("erosion", erosion, 0.0, 1.0)
        check_range("drift", drift, 0.0, 1.0)
        self.erosion = erosion
        self.drift = drift

    def after(self, block: VoterBlock, signals: CampaignSignals, rng: np.random.Generator,
              reached: np.ndarray) -> None:
        if signals.government is None or not signals.government.any():
            return
        governing = signals.government[block.party.astype(np.intp) + 1]
        if not governing.any():
            return
        idx = np.flatnonzero(governing)
        loyalty = block.loyalty[idx].astype(np.float32) / np.float32(255.0)
        block.loyalty[idx] = to_u8(loyalty * (1 - np.float32(self.erosion)))
        leave = idx[rng.random(idx.size) < self.drift]
        block.party[leave] = -1
