"""numba's ``njit``, or a no-op decorator where numba is not installed.

numba is a dependency, but every kernel has a numpy twin, so the package stays usable (slowly)
without it.
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
        return _njit(*args, **kwargs)

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:  # pragma: no cover
        return function

    return wrap(args[0]) if args and callable(args[0]) else wrap  # pragma: no cover
