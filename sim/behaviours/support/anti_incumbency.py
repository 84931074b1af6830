"""Anti-incumbency: supporters of the governing parties drift to the main opposition."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.support.base import SupportRule
from sim.voters.signals import SupportSignals


class AntiIncumbency(SupportRule):
    """Each round some supporters of the ruling parties turn to the region's largest opposition.

    h[r, g → o] = rate for every governing party g (``scenario.government``), where o is the
    opposition party with the most supporters in region r at the start of the round; nothing
    happens without a government. The default, 0.005 per round (about 4% of the government's
    supporters over an eight-round campaign, near two points of a 45% party), is a modest,
    uncalibrated placeholder of the incumbency disadvantage measured in Indian elections.

    Sources: Uppal, Y. (2009), The disadvantaged incumbents: estimating incumbency effects in
    Indian state legislatures, Public Choice 138; Linden, L. (2004), Are incumbents really
    advantaged? The preference for non-incumbents in Indian national elections (working
    paper); Ravishankar, N. (2009), The cost of ruling: anti-incumbency in elections, EPW 44(10).
    """

    name = "anti_incumbency"

    def __init__(self, *, rate: float = 0.005) -> None:
        check_range("rate", rate, 0.0, 1.0)
        self.rate = rate

    def hazards(self, signals: SupportSignals) -> np.ndarray:
        n_r, n_rows = signals.n_regions, signals.n_rows
        h = np.zeros((n_r, n_rows, n_rows))
        government = np.asarray(signals.government, dtype=bool)
        if self.rate <= 0 or not government.any() or government.all():
            return h
        opposition = np.flatnonzero(~government)
        largest = opposition[np.argmax(signals.composition[:, opposition + 1], axis=1)]
        regions = np.arange(n_r)
        for g in np.flatnonzero(government):
            h[regions, g + 1, largest + 1] = self.rate
        return h
