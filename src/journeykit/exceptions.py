"""Every error journeykit raises on purpose, and every warning it issues.

All errors derive from ``JourneyKitError``, so ``except JourneyKitError``
catches anything that is the user's input rather than a bug; all warnings
derive from ``JourneyKitWarning``, a ``UserWarning``. Errors that come
from a file carry ``file`` and ``line`` and their message starts with
``FILE:LINE:`` -- the form editors and CI logs turn into links.

Examples
--------
>>> err = SchemaError("emotion must be between 1 and 5", file="map.yaml", line=12)
>>> str(err)
'map.yaml:12: emotion must be between 1 and 5'
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ArgumentError",
    "ArgumentValueError",
    "DependencyCycleError",
    "DuplicateIdError",
    "EventLogError",
    "FileAccessError",
    "JourneyKitError",
    "JourneyKitWarning",
    "LimitExceededError",
    "MissingDependencyError",
    "ParseError",
    "Problem",
    "ResourceLimitError",
    "SchemaError",
    "SegmentationError",
    "StepMappingError",
    "TableError",
    "UnknownIdError",
    "UnknownPersonaWarning",
    "UnknownReferenceError",
    "UnsupportedFormatError",
]


@dataclass(frozen=True)
class Problem:
    """One located problem inside an error that may report several.

    ``loc`` is the path inside the programme, as pydantic spells it, for
    example ``("journeys", 0, "stages", 1, "steps", 2, "emotion")``.
    """

    message: str
    file: str | None = None
    line: int | None = None
    loc: tuple[str | int, ...] = ()
    kind: str = "schema"

    def __str__(self) -> str:
        return _prefix(self.file, self.line, self.loc) + self.message


def _prefix(file: str | None, line: int | None, loc: tuple[str | int, ...]) -> str:
    if file is not None:
        return f"{file}:{line}: " if line is not None else f"{file}: "
    if loc:
        return ".".join(str(part) for part in loc) + ": "
    return ""


class JourneyKitError(Exception):
    """Base class of every error journeykit raises about its input.

    Parameters
    ----------
    message
        What is wrong and, where it helps, what to do about it.
    file, line
        Where the problem is, when the input came from a file.
    problems
        Every problem found, when there is more than one. The message then
        lists them all, one per line, each with its own ``FILE:LINE:``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        loc: tuple[str | int, ...] = (),
        problems: tuple[Problem, ...] = (),
    ) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.line = line
        self.loc = loc
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _prefix(self.file, self.line, self.loc) + self.message
        rest = [str(p) for p in self.problems[1:]]
        return "\n".join([head, *rest])

    def __reduce__(self) -> tuple[object, ...]:
        # Keeps every error picklable (across processes, Spark workers), whatever
        # its subclass's __init__ takes: rebuilt without __init__, then its
        # attributes (file, line, column, ...) are restored as they were.
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(cls: type[JourneyKitError], args: tuple[object, ...]) -> JourneyKitError:
    error = cls.__new__(cls)
    error.args = args
    return error


class ParseError(JourneyKitError, ValueError):
    """The file cannot be read as YAML or JSON: syntax, encoding, empty file,
    duplicate key, anchor or alias, or a value YAML may not hold here."""


class LimitExceededError(ParseError):
    """The file is larger, nests deeper, or holds more than journeykit accepts.

    The limits guard against hostile input, and the message names the one
    reached and how to raise it: ``max_bytes=`` for ``journeykit.load``
    (``--max-bytes`` on the command line) for a legitimately large file, or
    split it into a folder of files; ``max_bytes=``, ``max_keys=``,
    ``max_value_chars=`` and ``max_total_chars=`` for ``read_xes``. An
    integer of more than 4,300 digits is refused too (Python's own limit).
    """


class ResourceLimitError(JourneyKitError, MemoryError):
    """The engine running an analysis ran out of memory on the input.

    The message names the input and the remedies: raise DuckDB's
    ``memory_limit``, give it a ``temp_directory`` to spill to, run on Spark,
    or analyse a smaller log.
    """


class SchemaError(JourneyKitError, ValueError):
    """A value has the wrong type, is out of range, or a key is unknown."""


class TableError(SchemaError):
    """A table given to ``Program.from_frames`` holds a value the programme refuses.

    ``table``, ``row`` (the row's index label) and ``column`` say which cell;
    the message starts with them.
    """

    def __init__(self, message: str, *, table: str, row: object = None, column: str | None = None) -> None:
        where = [f"table {table!r}"]
        if row is not None:
            where.append(f"row {row!r}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + ": " + message)
        self.table = table
        self.row = row
        self.column = column


class UnknownReferenceError(JourneyKitError, LookupError):
    """An id refers to something the programme does not define."""


class UnknownIdError(UnknownReferenceError, KeyError):
    """A look-up by id (``program.journey("x")``) found nothing; the message
    suggests the closest id. A ``KeyError`` too, as a mapping's miss is.

    ``kind`` is what was looked up and ``id`` the id asked for.
    """

    def __init__(self, message: str, *, kind: str = "", id: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.id = id


class ArgumentError(JourneyKitError, TypeError):
    """A function was called with the wrong kind of argument: a ``Program``
    where a ``Journey`` belongs, a journey id without ``program=``, a result of
    one analysis where another's is expected. The message shows the call that works.
    """


class ArgumentValueError(JourneyKitError, ValueError):
    """An argument of the right kind with a value the function cannot use: a
    budget that is negative, infinite or not a number. The message says which
    values work. (``ArgumentError``, a ``TypeError``, is for the wrong kind.)
    """


class DuplicateIdError(JourneyKitError, ValueError):
    """Two entities of the same kind share an id."""


class DependencyCycleError(JourneyKitError, ValueError):
    """Requirements depend on each other in a cycle, or journeys contain
    each other as sub-journeys."""


class FileAccessError(JourneyKitError, OSError):
    """A file or folder cannot be read or written (missing, no permission, ...)."""


class UnsupportedFormatError(JourneyKitError, ValueError):
    """A file suffix or format name journeykit does not know."""


class MissingDependencyError(JourneyKitError, ImportError):
    """An optional library the call needs is not installed; the message names the extra to install."""


class EventLogError(SchemaError):
    """The event table cannot be analysed as given: a column named by an option
    is missing, or a timestamp column does not hold datetimes.

    ``column`` is the column at fault and ``columns`` those the table has.
    """

    def __init__(self, message: str, *, column: str | None = None, columns: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.column = column
        self.columns = columns


class StepMappingError(JourneyKitError, ValueError):
    """Activities cannot be matched to the journey's steps as asked: an
    activity matches two steps, or a ``steps=`` dict names a step the journey
    does not have.

    ``activity`` is the activity at fault and ``candidates`` the step ids it
    could be (for an ambiguous match).
    """

    def __init__(
        self, message: str, *, activity: str | None = None, candidates: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.activity = activity
        self.candidates = candidates


# -- warnings --------------------------------------------------------------------


class JourneyKitWarning(UserWarning):
    """Base class of every warning journeykit issues: the input can be used,
    but probably does not say what was meant.

    Silence one kind with ``warnings.filterwarnings("ignore", category=...)``;
    the result the warning is about carries the same facts as data.
    """


class UnknownPersonaWarning(JourneyKitWarning):
    """A persona column of an event log holds values that are no persona id of
    the programme: a typo, or a label where an id belongs.

    The analytics functions that take ``persona=`` and ``program=`` issue it;
    their result lists the values with their cases and events, and the
    closest persona id, in ``unknown_personas``.
    """


class SegmentationError(JourneyKitError, ValueError):
    """A table of people cannot be segmented as asked: a named column is
    missing or has no values, no feature is usable, there are fewer people
    than segments, or NMF meets a negative number.

    ``column`` is the column at fault, when there is one.
    """

    def __init__(self, message: str, *, column: str | None = None, **where: Any) -> None:
        super().__init__(message, **where)
        self.column = column
