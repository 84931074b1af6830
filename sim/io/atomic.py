"""Atomic writes: a file appears complete or not at all.

Every write goes to a temporary file in the same folder, is flushed to disk (``fsync``) and
renamed over the target (``os.replace``, atomic on POSIX), so a process killed mid-write leaves
the old file or none, never half of one. The temporary file is removed on any error.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd


def file_mode() -> int:
    """The permission bits a new file gets under the current umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _replace_with(path: Path, write: Callable[[str], None]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (fsync, then rename)."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    _replace_with(path, write)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` atomically (no newline translation)."""
    write_bytes(path, text.encode("utf-8"))


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as indented JSON (unknown types as ``str``), atomically."""
    write_text(path, json.dumps(value, indent=2, default=str) + "\n")


def write_parquet(path: Path, table: pd.DataFrame) -> None:
    """Write a table as Parquet (pyarrow), atomically."""
    _replace_with(path, lambda tmp: table.to_parquet(tmp, index=False, engine="pyarrow"))
