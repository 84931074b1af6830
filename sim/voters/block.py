"""One constituency's voter agents, as writable views into the population arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.fixed_point import UNIT16


@dataclass
class VoterBlock:
    """The voter agents of one constituency: writable views into the population arrays.

    Attributes:
        constituency: constituency index.
        region: its region index.
        party: int8 party index, -1 for non-partisans.
        loyalty: uint8 fixed point (× 1/255): probability of voting for its own party when
            that party stands.
        transfer: uint16 fixed point (× 1/65535): probability of voting for an ally standing in
            the seat when its own party does not stand.
        turnout: uint16 fixed point: probability of turning out.
    """

    constituency: int
    region: int
    party: np.ndarray
    loyalty: np.ndarray
    transfer: np.ndarray
    turnout: np.ndarray

    @property
    def size(self) -> int:
        return self.party.size

    def transfer_fraction(self) -> np.ndarray:
        return self.transfer.astype(np.float32) * UNIT16

    def turnout_fraction(self) -> np.ndarray:
        return self.turnout.astype(np.float32) * UNIT16
