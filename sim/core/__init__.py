"""Pure maths: numpy and scipy only, nothing else of ``sim``, no state, no I/O.

``rng`` (named random streams from one seed), ``goals`` (party goals and utility), ``forecast``
(seat forecasts), ``allocation`` (apportionment, assignment), ``games`` (Rubinstein,
Baron–Ferejohn, Nash), ``fptp`` (counting), ``metrics`` (ENP, IOU, transfer rate), ``swing``
(baselines and swing).

May import: numpy, scipy, and ``sim.core`` itself.
"""
