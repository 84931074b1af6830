"""Named, independent random streams derived from one seed.

Every random draw in a run comes from a stream named for the phase that uses it (``scenario``,
``population``, ``voters``, ``polls``, ``negotiation``, ``election``, ...). A stream may be
split further by integer keys such as (round, constituency), so a chunk's random numbers depend
only on the seed and the chunk's identity, never on the order in which chunks are processed, the
chunk size or the number of threads.
"""

from __future__ import annotations

import zlib

import numpy as np


def _name_key(name: str) -> int:
    """A stable 32-bit integer for a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Factory of named ``numpy.random.Generator`` objects spawned from one seed.

    Args:
        seed: the run's seed (a non-negative integer).

    Example:
        >>> s = Streams(7)
        >>> a = s.generator("polls", 3).random()
        >>> b = Streams(7).generator("polls", 3).random()
        >>> a == b
        True
    """

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
        self.seed = int(seed)

    def sequence(self, name: str, *keys: int) -> np.random.SeedSequence:
        """The seed sequence of stream ``name``, sub-stream ``keys``."""
        spawn_key = (_name_key(name), *(int(k) for k in keys))
        return np.random.SeedSequence(entropy=self.seed, spawn_key=spawn_key)

    def generator(self, name: str, *keys: int) -> np.random.Generator:
        """A fresh generator for stream ``name`` and sub-stream ``keys``."""
        return np.random.Generator(np.random.PCG64(self.sequence(name, *keys)))

    def integer_seed(self, name: str, *keys: int) -> int:
        """A 63-bit integer seed for libraries that take an int (e.g. ``mesa.Model``)."""
        return int(self.sequence(name, *keys).generate_state(2, dtype=np.uint32).view(np.uint64)[0]
                   >> np.uint64(1))
