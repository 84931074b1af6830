"""Fixed-point encodings of voter traits: fractions in [0, 1] as 8- or 16-bit integers.

Loyalty is stored as uint8 (× 1/255), transfer willingness and turnout propensity as uint16
(× 1/65535): 1 + 2 + 2 bytes per agent instead of 24 as float64.
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import njit

UNIT16 = np.float32(1.0 / 65535.0)
UNIT8 = np.float32(1.0 / 255.0)
F0, F1 = np.float32(0.0), np.float32(1.0)
F65535 = np.float32(65535.0)


def to_u16(values: np.ndarray) -> np.ndarray:
    """Fractions in [0, 1] to 16-bit fixed point."""
    return np.rint(np.clip(values, 0.0, 1.0) * 65535.0).astype(np.uint16)


def to_u8(values: np.ndarray) -> np.ndarray:
    """Fractions in [0, 1] to 8-bit fixed point."""
    return np.rint(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)


@njit(inline="always")
def scalar_to_u16(x):
    """As :func:`to_u16` for one float32 (inside kernels)."""
    x = min(max(x, F0), F1)
    return np.uint16(np.rint(x * F65535))
