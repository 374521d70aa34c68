"""What to read from an event-log file, and what every engine reader shares."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from journeykit.exceptions import MissingDependencyError, ParseError, SchemaError

FileFormat = Literal["csv", "parquet"]

_INSTALL = "pip install 'journeykit[analytics]'"

# A time followed by its offset (Z, +02, +0200 or +02:00): such text is converted
# from that offset to UTC; all other text, a date-only value such as 2024-05-01
# included, is taken to be UTC. The time before the offset is what keeps a date's
# day (the -01 of 2024-05-01) from being read as an offset.
_OFFSET = r"\d:\d\d(?::\d\d(?:\.\d*)?)?\s*(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"


class _Spec:
    """What to read: the file and the roles of its columns."""

    def __init__(
        self,
        file: Path,
        case: str,
        activity: str,
        timestamp: str | None,
        timestamps: tuple[str, ...],
        separator: str,
        row_index: str | None,
    ) -> None:
        self.file = file
        self.display = str(file)
        self.case = case
        self.activity = activity
        self.timestamp = timestamp
        self.timestamps = timestamps
        self.separator = separator
        self.row_index = row_index

    def check_columns(self, columns: Sequence[str], fmt: FileFormat) -> tuple[list[str], list[str]]:
        """The string and the timestamp columns to convert; a SchemaError for a missing one."""
        line = 1 if fmt == "csv" else None
        required = {"case": self.case, "activity": self.activity}
        if self.timestamp is not None:
            required["timestamp"] = self.timestamp
        for role, name in required.items():
            if name not in columns:
                shown = ", ".join(repr(c) for c in columns[:12]) + (", ..." if len(columns) > 12 else "")
                raise SchemaError(
                    f"the file has no column {name!r} for the {role} (its columns: {shown}); "
                    f"name the right one with {role}=",
                    file=self.display,
                    line=line,
                )
        if self.row_index is not None and self.row_index in columns:
            raise SchemaError(
                f"the file already has a column {self.row_index!r}; choose another row_index=",
                file=self.display,
                line=line,
            )
        wanted = [self.timestamp, *self.timestamps] if self.timestamp is not None else [*self.timestamps]
        stamps = list(dict.fromkeys(name for name in wanted if name in columns))
        strings = [name for name in (self.case, self.activity) if name not in stamps]
        return strings, stamps

    def bad_timestamp(self, row: int, column: str, value: object, fmt: FileFormat) -> ParseError:
        """The error for the first value that is no timestamp (``row`` counts data rows from 0)."""
        where = f"row {row + 1}: " if fmt == "parquet" else ""
        return ParseError(
            f"{where}{column} is {str(value)[:80]!r}, which is not a timestamp; write ISO 8601 "
            "(2024-05-01 09:30:00+02:00), or name the right column with timestamp=",
            file=self.display,
            line=row + 2 if fmt == "csv" else None,
        )

    def read_error(self, err: Exception, fmt: FileFormat) -> ParseError:
        """A ParseError for a library's complaint about the file, with the line when it gives one."""
        text = str(err).strip()
        first = text.splitlines()[0] if text else type(err).__name__
        found = re.search(r"\bline:? (\d+)", text, flags=re.IGNORECASE)
        kind = "CSV" if fmt == "csv" else "Parquet"
        return ParseError(
            f"cannot read the file as {kind}: {first}",
            file=self.display,
            line=int(found[1]) if found else None,
        )


def _missing(module: str) -> ImportError:
    """The error for an optional dependency that is not installed."""
    return MissingDependencyError(f"reading event logs needs {module}; install it with: {_INSTALL}")
