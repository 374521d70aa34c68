"""What to read from an event-log file, and what every engine reader shares."""

from __future__ import annotations

import functools
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

# Text ending in a word after its digits, as 2024-07-01 12:00:00 America/New_York does: a
# time zone named after the time. DuckDB would read such text as a time without a zone,
# dropping the name (a silent wrong answer), so every reader sends it down the zone path,
# where only an ISO 8601 date or time followed by an IANA name is accepted (_ZONED).
_ZONE_TAIL = r"\d\s*[A-Za-z](?:[A-Za-z0-9_+/-]*[A-Za-z0-9_])?$"
_ZONED = (
    r"^(\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?)\s*([A-Za-z](?:[A-Za-z0-9_+/-]*[A-Za-z0-9_])?)$"
)

#: What a timestamp may look like, for the errors.
_FORMS = (
    "write ISO 8601 with an offset (2024-05-01 09:30:00+02:00), or followed by an IANA time zone "
    "(2024-05-01 09:30:00 Europe/Paris), or with neither for UTC"
)


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
            f"{where}{column} is {str(value)[:80]!r}, which is not a timestamp; {_FORMS}; "
            "or name the right column with timestamp=",
            file=self.display,
            line=row + 2 if fmt == "csv" else None,
        )

    def bad_zone(
        self, row: int, column: str, value: object, zone: str, fmt: FileFormat, why: str = ""
    ) -> ParseError:
        """The error for the first value whose time zone is no IANA name (or one the engine lacks)."""
        where = f"row {row + 1}: " if fmt == "parquet" else ""
        reason = why or "which is no IANA time zone name (spelt as in the tz database, case included)"
        return ParseError(
            f"{where}{column} is {str(value)[:80]!r}, with time zone {zone[:40]!r}, {reason}; "
            "name the zone as the tz database does (Europe/Paris, America/New_York, UTC), "
            "or write the offset instead (2024-05-01 09:30:00+02:00)",
            file=self.display,
            line=row + 2 if fmt == "csv" else None,
        )

    def no_timestamps(self, column: str, rows: int, fmt: FileFormat) -> SchemaError:
        """The error for a log whose timestamp column is empty on every row."""
        every = "the one row" if rows == 1 else f"all {rows:,} rows"
        return SchemaError(
            f"column {column!r} has no timestamps: it is empty on {every}, so no event can be "
            "placed in time; fill it, or name the column that has them with timestamp= "
            "(--timestamp on the command line)",
            file=self.display,
            line=1 if fmt == "csv" else None,
        )

    def check_filled(self, column: str, rows: int, filled: int, fmt: FileFormat) -> None:
        """A SchemaError when the log has rows and its timestamp column is empty on all of them.

        Only the main timestamp counts: a start timestamp may be missing throughout.
        """
        if column == self.timestamp and rows > 0 and filled == 0:
            raise self.no_timestamps(column, rows, fmt)

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


@functools.cache
def _iana_zones() -> frozenset[str]:
    """The names of the tz database Python knows (the ``tzdata`` package where the system has none)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _unknown_zones(zones: Sequence[object]) -> list[str]:
    """Those of ``zones`` that are no IANA time zone name, in the order given."""
    known = _iana_zones()
    return [str(z) for z in zones if z is not None and str(z) not in known]


def _missing(module: str) -> ImportError:
    """The error for an optional dependency that is not installed."""
    return MissingDependencyError(f"reading event logs needs {module}; install it with: {_INSTALL}")
