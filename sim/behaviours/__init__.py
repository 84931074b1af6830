"""Pluggable agent behaviours: party strategies, negotiation protocols, voter responses and
support rules.

``registry`` (the ``Behaviour`` base, capability tags, ``build``/``resolve``/``registry``),
and one sub-package per family, each a base class and small modules of registered classes:
``strategies``, ``protocols``, ``responses``, ``support``. Importing this package registers
every built-in behaviour.

May import: ``sim.negotiation``, ``sim.voters``, ``sim.engine``, ``sim.core``. Not the config,
the scenario or the model: a behaviour sees only the plain data its family's methods get.
"""

from sim.behaviours import protocols, responses, strategies, support

__all__ = ["protocols", "responses", "strategies", "support"]
