"""Support rules (party identification that moves); every module here registers its classes."""

from sim.behaviours.support import anti_incumbency, mood, persuasion
from sim.behaviours.support.base import SupportRule, combined_hazards

__all__ = ["SupportRule", "anti_incumbency", "combined_hazards", "mood", "persuasion"]
