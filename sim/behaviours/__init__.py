"""Pluggable agent behaviours: party strategies, negotiation protocols and voter responses."""

from sim.behaviours.base import Behaviour, BehaviourError, build, registry, resolve

__all__ = ["Behaviour", "BehaviourError", "build", "registry", "resolve"]
