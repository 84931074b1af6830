"""Voter response rules; every module here registers its classes on import."""

from sim.behaviours.responses import loyal_transfer, variants
from sim.behaviours.responses.base import VoterResponse

__all__ = ["VoterResponse", "loyal_transfer", "variants"]
