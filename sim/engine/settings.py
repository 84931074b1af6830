"""Which engine runs the voter kernels, on how many threads, in chunks of what size.

The numba engine runs fused compiled kernels on a thread pool; the numpy engine runs their
array twins on one thread. Results are identical either way (``tests/engine`` checks it bit for
bit), and never depend on the thread count or the chunk size.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sim.engine.jit import HAVE_NUMBA

ENGINES = ("numba", "numpy")
DEFAULT_CHUNK = 1 << 16  # agents per work item: 64 Ki agents × 6 bytes stay in L2


def _default_engine() -> str:
    wanted = os.environ.get("COALSIM_ENGINE", "").strip().lower()
    if wanted == "numpy" or not HAVE_NUMBA:
        return "numpy"
    return "numba"


_state: dict[str, Any] = {"engine": _default_engine(), "threads": None, "chunk": DEFAULT_CHUNK}


def engine() -> str:
    """The engine in use: ``"numba"`` (fused compiled kernels) or ``"numpy"`` (array twins)."""
    return _state["engine"]


def set_engine(name: str) -> None:
    """Choose the engine (``numba`` needs numba installed). Results are identical either way."""
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {name!r}")
    if name == "numba" and not HAVE_NUMBA:
        raise RuntimeError("numba is not installed; use the numpy engine")
    _state["engine"] = name


def max_threads() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def threads() -> int:
    """The kernels' thread budget: :func:`set_threads` (``voters.threads``), else the
    ``COALSIM_THREADS`` environment variable, else ``NUMBA_NUM_THREADS``, else every core.
    The numpy engine always runs on one thread."""
    chosen = _state["threads"]
    if chosen is None:
        for variable in ("COALSIM_THREADS", "NUMBA_NUM_THREADS"):
            value = os.environ.get(variable, "").strip()
            if value:
                chosen = int(value)
                break
        else:
            chosen = max_threads()
    return max(1, int(chosen))


def set_threads(n: int | None) -> None:
    """Set the kernels' thread budget (``None``: back to the environment's default)."""
    if n is not None and int(n) < 1:
        raise ValueError(f"threads must be >= 1, got {n!r}")
    _state["threads"] = None if n is None else int(n)


def chunk_size() -> int:
    """Agents per work item (results never depend on it)."""
    return _state["chunk"]


@contextlib.contextmanager
def settings(*, engine: str | None = None, threads: int | None = None,
             chunk: int | None = None) -> Iterator[None]:
    """Temporarily change the engine, thread budget or chunk size (tests and benchmarks)."""
    saved = dict(_state)
    try:
        if engine is not None:
            set_engine(engine)
        if threads is not None:
            set_threads(threads)
        if chunk is not None:
            if chunk < 1:
                raise ValueError(f"chunk must be >= 1, got {chunk!r}")
            _state["chunk"] = int(chunk)
        yield
    finally:
        _state.update(saved)


_pool: dict[str, Any] = {"executor": None, "size": 0, "pid": 0}


def executor(size: int) -> ThreadPoolExecutor:
    """The kernels' thread pool, (re)made for ``size`` threads and this process."""
    if _pool["executor"] is None or _pool["size"] != size or _pool["pid"] != os.getpid():
        if _pool["executor"] is not None and _pool["pid"] == os.getpid():
            _pool["executor"].shutdown(wait=False)
        _pool.update(executor=ThreadPoolExecutor(size, thread_name_prefix="coalsim-kernel"),
                     size=size, pid=os.getpid())
    return _pool["executor"]
