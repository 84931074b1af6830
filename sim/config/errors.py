"""Configuration errors that say where: file, key, and what was expected.

A :class:`ConfigError` carries a one-line message naming the file, the key (a dotted path such
as ``alliances.0.members.1``) and the expectation; the CLI prints it and exits with code 2.
Checks raise :class:`LocatedError` (a key and a message) through :func:`require`; validation
turns it into a :class:`ConfigError` naming the file.
"""

from __future__ import annotations

from pydantic import ValidationError


class ConfigError(ValueError):
    """A configuration cannot be used; the message names file, key and expectation."""


class LocatedError(ValueError):
    """A problem at config key ``loc`` (a dotted path)."""

    def __init__(self, loc: str, message: str) -> None:
        super().__init__(message)
        self.loc = loc


def require(condition: bool, loc: str, message: str) -> None:
    """Raise :class:`LocatedError` at ``loc`` unless ``condition`` holds."""
    if not condition:
        raise LocatedError(loc, message)


def format_validation_error(exc: ValidationError, source: str) -> str:
    """One line for pydantic's first error: ``<source>: key '<path>': <what> (got <value>)``,
    with the count of further problems."""
    error = exc.errors()[0]
    loc = ".".join(str(part) for part in error["loc"])
    message = error["msg"]
    ctx_error = (error.get("ctx") or {}).get("error")
    if isinstance(ctx_error, LocatedError):
        loc = ctx_error.loc
        message = str(ctx_error)
    elif message.startswith("Value error, "):
        message = message[len("Value error, "):]
    elif error["type"] == "extra_forbidden":
        message = "unknown key (check the spelling; the README lists every key)"
    elif error["type"] == "missing":
        message = "required key is missing"
    got = ""
    if error["type"] not in ("missing", "extra_forbidden") and not isinstance(
        error.get("input"), dict | list
    ) and not isinstance(ctx_error, LocatedError):
        got = f" (got {error['input']!r})"
    more = f" [and {exc.error_count() - 1} more problem(s)]" if exc.error_count() > 1 else ""
    where = f"key '{loc}'" if loc else "top level"
    return f"{source}: {where}: {message}{got}{more}"
