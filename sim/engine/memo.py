"""A least-recently-used memo of read-only arrays, bounded by the bytes it holds.

Drawing a population builds one exact sampler (an alias table of 65,536 levels) per party and
per distinct turnout: ~300 of them for one state, a pure function of (mean, concentration,
levels) that costs ~10 ms each and dominated a small run repeated in one process (calibration,
sweeps). Each is kept here, keyed by its inputs, so a second run with the same laws reuses them
(the results are the same arrays, so runs are bit-identical with or without the memo).

The bound is ``COALSIM_TABLE_CACHE_MB`` (default 256 MiB, enough for the largest state; 0
turns the memo off). It holds no state that changes what a run computes, only how fast.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np

DEFAULT_MB = 256


def budget_bytes() -> int:
    """The memo's bound in bytes: ``COALSIM_TABLE_CACHE_MB`` MiB, else 256 MiB."""
    value = os.environ.get("COALSIM_TABLE_CACHE_MB", "").strip()
    try:
        mb = float(value) if value else DEFAULT_MB
    except ValueError:
        mb = DEFAULT_MB
    return max(0, int(mb * (1 << 20)))


class ArrayMemo:
    """Tuples of read-only arrays by key, the least recently used dropped past ``budget`` bytes.

    Args:
        budget: bytes held at most; ``None`` reads :func:`budget_bytes` at each insertion.
    """

    def __init__(self, budget: int | None = None) -> None:
        self._budget = budget
        self._items: OrderedDict[Hashable, tuple[np.ndarray, ...]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def nbytes(self) -> int:
        """Bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> tuple[np.ndarray, ...] | None:
        """The arrays stored under ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, arrays: tuple[np.ndarray, ...]) -> None:
        """Store read-only copies of ``arrays`` under ``key``; drop the oldest past the bound."""
        budget = budget_bytes() if self._budget is None else self._budget
        size = sum(a.nbytes for a in arrays)
        if size > budget:
            return
        frozen = tuple(np.array(a, copy=True) for a in arrays)
        for a in frozen:
            a.setflags(write=False)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= sum(a.nbytes for a in old)
            self._items[key] = frozen
            self._bytes += size
            while self._bytes > budget:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= sum(a.nbytes for a in dropped)

    def clear(self) -> None:
        """Forget everything (and the hit counts)."""
        with self._lock:
            self._items.clear()
            self._bytes = 0
            self.hits = 0
            self.misses = 0
