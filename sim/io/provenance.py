"""Provenance of a run or a sweep: package and library versions, git commit, timestamps."""

from __future__ import annotations

import contextlib
import datetime as dt
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from sim._version import __version__

LIBRARIES = ("mesa", "numpy", "numba", "pandas", "scipy", "pyarrow", "SALib", "matplotlib",
             "pydantic", "distributed")


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def versions() -> dict[str, str]:
    """Versions of coalition-sim, Python and every installed library it uses (read from the
    installed distributions, without importing them)."""
    out = {"coalition_sim": __version__, "python": platform.python_version()}
    for dist in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[dist] = metadata.version(dist)
    return out


def git_commit() -> str | None:
    """The commit of the source checkout, if the package runs from one (else None)."""
    root = Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip()
    return commit or None if out.returncode == 0 else None
