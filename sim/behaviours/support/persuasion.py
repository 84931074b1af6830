"""Persuasion: a party's campaign wins over some of the voters it reaches."""

from __future__ import annotations

import numpy as np

from sim.behaviours.registry import check_range
from sim.behaviours.support.base import SupportRule
from sim.voters.signals import SupportSignals


class Persuasion(SupportRule):
    """Voters reached by a party's campaign sometimes adopt it, the uncommitted and the near most.

    Each round a voter of region r is reached by party q's campaign with probability
    x_q = 1 − exp(−reach × effort[r, q]) (every party campaigns: alone, or its share of a joint
    movement). The campaign persuades through the party's supporters around the voter (it
    mobilises its workers and sympathisers, who carry its message: the two-step flow), so a
    reached voter of row a switches to q with probability

        h[r, a → q] = rate × x_q × c_q × openness(a) × proximity(a, q)^sharpness,

    where c_q is q's share of the region's voters now, openness is 1 for a non-partisan and
    1 − loyalty for a supporter of a party (its weakly attached share), and
    proximity(a, q) = 1 − |ideology_a − ideology_q| / 2 (1 for a non-partisan). A party's pull
    thus grows with its campaign and its local base, and a party without supporters in a
    region persuades nobody there however much it spends. Partners at a table covering the
    region do not poach each other's supporters (their joint movement asks voters to transfer,
    not to switch). Nobody is persuaded where no party campaigns.

    The default rate is modest and not yet calibrated: field experiments find the persuasive
    effect of campaign contact in general elections close to zero on average, larger among the
    uncommitted.

    Sources: Kalla, J. & Broockman, D. (2018), The minimal persuasive effects of campaign
    contact in general elections: evidence from 49 field experiments, APSR 112(1); Zaller, J.
    (1992), The Nature and Origins of Mass Opinion (the weakly attached move most);
    Lazarsfeld, P., Berelson, B. & Gaudet, H. (1944), The People's Choice, and Huckfeldt, R. &
    Sprague, J. (1995), Citizens, Politics and Social Communication (campaigns work through
    local networks); Lokniti–CSDS National Election Studies (a quarter to a third of Indian
    voters decide during the campaign).
    """

    name = "persuasion"

    def __init__(self, *, rate: float = 1.0, sharpness: float = 1.0) -> None:
        check_range("rate", rate, 0.0, 1.0)
        check_range("sharpness", sharpness, 0.0, 20.0)
        self.rate = rate
        self.sharpness = sharpness

    def hazards(self, signals: SupportSignals) -> np.ndarray:
        n_r, n_rows = signals.n_regions, signals.n_rows
        n_p = n_rows - 1
        h = np.zeros((n_r, n_rows, n_rows))
        if self.rate <= 0:
            return h
        openness = np.concatenate([[1.0], 1.0 - np.asarray(signals.loyalty, dtype=float)])
        ideology = np.asarray(signals.ideology, dtype=float)
        proximity = np.ones((n_rows, n_p))
        proximity[1:] = np.clip(1.0 - np.abs(ideology[:, None] - ideology[None, :]) / 2.0,
                                0.0, 1.0) ** self.sharpness
        proximity[1:][np.arange(n_p), np.arange(n_p)] = 0.0  # nobody switches to itself
        weights = openness[:, None] * proximity  # (P+1, P): from row a to party q
        poaching = np.zeros((n_r, n_rows, n_p), dtype=bool)
        poaching[:, 1:, :] = signals.partners
        pull = signals.exposure() * np.asarray(signals.composition, dtype=float)[:, 1:]
        h[:, :, 1:] = np.where(poaching, 0.0, self.rate * pull[:, None, :] * weights[None])
        return h
