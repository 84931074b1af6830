"""The support family: rules that move voters' party identification between parties.

Why a family of its own, configured as a list (``voters.support``), rather than more variants
of the voter response: a response rule (``voters.response``) updates what a voter does with
its party identification (transfer willingness, turnout); a support rule changes the
identification itself. Several support mechanisms act at once in a real campaign (persuasion by
every party's campaign, anti-incumbency, a national mood), and each should be switchable and
sweepable on its own, so they are listed, not subclassed into one another.

How rules compose: each rule gives, for the round, the probability ``h[r, a, b]`` that a voter
of row a (party + 1; row 0: no party) in region r switches to row b. The probabilities of the
listed rules add (competing causes of one small per-round move; if they ever sum above 1 for a
row they are scaled down to 1). The model then applies the sum once, as one array pass over the
population (:mod:`sim.engine.switch`, a numba kernel with a bit-identical numpy twin), after
the response rule has run: the order of the list does not matter, and a rule never sees
another's switches of the same round.

A rule sees only :class:`~sim.voters.signals.SupportSignals` (campaign effort per party and
region, alliances, ideologies, loyalties, the government, the current and the reference
composition of each region) and returns a plain array; it holds no per-voter state.
"""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import Behaviour
from sim.voters.signals import SupportSignals


class SupportRule(Behaviour, family="support"):
    """Base of support rules: the round's switching probabilities between parties."""

    def hazards(self, signals: SupportSignals) -> np.ndarray:
        """(R, P+1, P+1) probability that a voter of row a in region r switches to row b this
        round (rows: party + 1, row 0 no party; the diagonal is ignored)."""
        raise NotImplementedError


def combined_hazards(rules: list[SupportRule], signals: SupportSignals) -> np.ndarray:
    """The listed rules' switching probabilities, added (see the module docstring)."""
    total = np.zeros((signals.n_regions, signals.n_rows, signals.n_rows))
    for rule in rules:
        h = np.asarray(rule.hazards(signals), dtype=np.float64)
        if h.shape != total.shape:
            raise ValueError(f"support rule {rule.name!r} gave hazards of shape {h.shape}, "
                             f"expected {total.shape}")
        total += h
    return total
