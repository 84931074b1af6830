"""The voter-response family: how voter agents react each round to joint campaigns."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import Behaviour
from sim.voters.block import VoterBlock
from sim.voters.signals import CampaignSignals


class VoterResponse(Behaviour, family="response"):
    """Base of voter response rules.

    A rule updates one constituency's voter agents in place, as array operations over the
    block (never one Python object per voter), drawing only from ``rng``.
    """

    def respond(self, block: VoterBlock, signals: CampaignSignals,
                rng: np.random.Generator) -> None:
        """Update ``block``'s traits for this round."""
        raise NotImplementedError
