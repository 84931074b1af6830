"""Negotiation protocols; every module here registers its classes on import."""

from sim.behaviours.protocols import bargaining, proportional, seat_by_seat
from sim.behaviours.protocols.base import NegotiationProtocol

__all__ = ["NegotiationProtocol", "bargaining", "proportional", "seat_by_seat"]
