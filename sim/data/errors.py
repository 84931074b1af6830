"""The error raised for malformed election data files."""

from __future__ import annotations


class DataError(ValueError):
    """A data file is malformed.

    The message is a single line naming the file, the 1-based line number in the CSV (the header
    is line 1) and/or the column, what was expected and what was found, e.g.::

        results.csv: line 7, column 'votes': expected a non-negative integer, got '12a'

    The CLI turns this exception into exit code 2 with that message.

    Attributes:
        file: the file name (or path) as shown in the message.
        line: 1-based line number, or ``None`` when the problem is not tied to one line.
        column: the column name, or ``None``.
        expected: what was expected.
        got: what was found (``None`` when not applicable).
    """

    def __init__(
        self,
        file: str,
        expected: str,
        *,
        line: int | None = None,
        column: str | None = None,
        got: object = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.expected = expected
        self.got = got
        where = [file]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        message = f"{', '.join(where[:1])}: {', '.join(where[1:])}" if len(where) > 1 else file
        message += f": expected {expected}"
        if got is not None:
            message += f", got {got!r}"
        super().__init__(message.replace("\n", " "))
