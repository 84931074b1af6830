"""Counter-based random streams for the voter kernels.

The i-th draw of a stream with 64-bit key ``k`` is ``mix64(k + (i + 1)·γ)`` (SplitMix64:
Steele, Lea & Flood 2014, the ``mix64variant13`` finaliser; γ = 0x9E3779B97F4A7C15), where i is
the agent's position within its constituency. Keys come from the model's named streams
(``Streams.generator(phase, round, constituency)``), so a draw depends only on (seed, phase,
round, constituency, agent): never on the chunk size, the thread count or the order work items
run in. Uniforms: float32 from the top 24 bits (as numpy's ``random(dtype=float32)``), float64
from the top 53 bits, uint32 from the top 32 bits. Each draw has a numpy form (``*_np``, over
index arrays) and a scalar kernel form (``hash64``, ``u24``, ``u53``).
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import njit

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
ONE64 = np.uint64(1)
S30, S27, S31 = np.uint64(30), np.uint64(27), np.uint64(31)
S40, S11, S32 = np.uint64(40), np.uint64(11), np.uint64(32)
INV24 = np.float32(1.0 / (1 << 24))
INV53 = 1.0 / (1 << 53)


def stream_keys(rng: np.random.Generator | np.random.BitGenerator, n: int) -> np.ndarray:
    """``n`` 64-bit keys for counter-based streams: the next raw outputs of a named generator
    (or of its bit generator, which spares making the ``Generator``)."""
    bits = rng.bit_generator if isinstance(rng, np.random.Generator) else rng
    return np.asarray(bits.random_raw(n), dtype=np.uint64)


def sequence_keys(sequence: np.random.SeedSequence, n: int) -> np.ndarray:
    """As :func:`stream_keys` for ``Generator(PCG64(sequence))`` (what ``Streams.generator``
    makes), without making the generator."""
    return stream_keys(np.random.PCG64(sequence), n)


def hash_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """The counter-based draw ``mix64(key + (index + 1)·γ)`` for each index (uint64)."""
    z = np.asarray(index, dtype=np.uint64) + ONE64
    z *= GOLDEN
    z += np.uint64(key)
    z ^= z >> S30
    z *= MIX1
    z ^= z >> S27
    z *= MIX2
    z ^= z >> S31
    return z


def uniform24_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """float32 uniforms in [0, 1) with 24 random bits."""
    return (hash_np(key, index) >> S40).astype(np.float32) * INV24


def uniform53_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """float64 uniforms in [0, 1) with 53 random bits."""
    return (hash_np(key, index) >> S11).astype(np.float64) * INV53


def uint32_np(key: np.uint64 | int, index: np.ndarray) -> np.ndarray:
    """uint32 uniforms (the top 32 bits)."""
    return (hash_np(key, index) >> S32).astype(np.uint32)


@njit(inline="always")
def hash64(key, i):
    z = key + np.uint64(i + 1) * GOLDEN
    z = (z ^ (z >> S30)) * MIX1
    z = (z ^ (z >> S27)) * MIX2
    return z ^ (z >> S31)


@njit(inline="always")
def u24(key, i):
    return np.float32(hash64(key, i) >> S40) * INV24


@njit(inline="always")
def u53(key, i):
    return np.float64(hash64(key, i) >> S11) * INV53
