"""numba's ``njit``, or a no-op decorator where numba is not installed.

numba is a dependency, but every kernel has a numpy twin, so the package stays usable (slowly)
without it.

Kernels ask for numba's on-disk cache (``cache=True``): a fresh process loads the compiled
kernels (~0.7 s) instead of compiling them (~10 s). numba writes the cache beside the source,
else under ``NUMBA_CACHE_DIR`` or the user's cache folder; where none is writable numba refuses
``cache=True`` ("cannot cache function"), and the kernel is compiled in memory instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    from numba import njit as numba_njit

    _njit: Any = numba_njit

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only where numba is missing
    HAVE_NUMBA = False
    _njit = None


def njit(*args: Any, **kwargs: Any) -> Any:
    """``numba.njit`` with the same arguments, or the undecorated function without numba."""
    if _njit is not None:
        if kwargs.get("cache") and not (args and callable(args[0])):
            return _cached_or_not(kwargs)
        return _njit(*args, **kwargs)

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:  # pragma: no cover
        return function

    return wrap(args[0]) if args and callable(args[0]) else wrap  # pragma: no cover


def _cached_or_not(kwargs: dict[str, Any]) -> Callable[[Callable[..., Any]], Any]:
    """``njit(cache=True, ...)``, falling back to no cache where no cache folder is writable."""

    def wrap(function: Callable[..., Any]) -> Any:
        try:
            return _njit(**kwargs)(function)
        except RuntimeError as exc:
            if "cannot cache" not in str(exc):
                raise
            return _njit(**{**kwargs, "cache": False})(function)

    return wrap
