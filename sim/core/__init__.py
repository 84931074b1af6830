"""Pure maths: numpy and scipy only, nothing else of ``sim``, no state, no I/O.

``rng`` (named random streams from one seed), ``goals`` (party goals and utility), ``forecast``
(seat forecasts), ``allocation`` (apportionment, assignment), ``games`` (Rubinstein,
Baron–Ferejohn, Nash), ``fptp`` (counting), ``metrics`` (ENP, IOU, transfer rate), ``swing``
(baselines and swing), ``notional`` (a party's notional strength where it stood down for an
ally), ``comparators`` (carry-forward, uniform and proportional swing), ``accuracy`` (how far a
prediction is from what happened).

May import: numpy, scipy, and ``sim.core`` itself.
"""
