"""Party strategies; every module here registers its classes on import."""

from sim.behaviours.strategies import pragmatic
from sim.behaviours.strategies.base import PartyStrategy

__all__ = ["PartyStrategy", "pragmatic"]
