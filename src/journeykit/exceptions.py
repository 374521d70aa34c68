"""Every error journeykit raises on purpose.

All of them derive from ``JourneyKitError``, so ``except JourneyKitError``
catches anything that is the user's input rather than a bug. Errors that come
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

__all__ = [
    "DependencyCycleError",
    "DuplicateIdError",
    "EventLogError",
    "FileAccessError",
    "JourneyKitError",
    "LimitExceededError",
    "MissingDependencyError",
    "ParseError",
    "Problem",
    "SchemaError",
    "StepMappingError",
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

    def __reduce__(self) -> tuple[object, ...]:  # keeps the error picklable
        return (_rebuild, (type(self), self.message, self.file, self.line, self.loc, self.problems))


def _rebuild(
    cls: type[JourneyKitError],
    message: str,
    file: str | None,
    line: int | None,
    loc: tuple[str | int, ...],
    problems: tuple[Problem, ...],
) -> JourneyKitError:
    return cls(message, file=file, line=line, loc=loc, problems=problems)


class ParseError(JourneyKitError, ValueError):
    """The file cannot be read as YAML or JSON: syntax, encoding, empty file,
    duplicate key, anchor or alias, or a value YAML may not hold here."""


class LimitExceededError(ParseError):
    """The file is larger, or nests deeper, than journeykit accepts.

    The limits guard against hostile input; pass ``max_bytes=`` to
    ``journeykit.load`` (``--max-bytes`` on the command line) for a
    legitimately large file, or split it into a folder of files.
    """


class SchemaError(JourneyKitError, ValueError):
    """A value has the wrong type, is out of range, or a key is unknown."""


class UnknownReferenceError(JourneyKitError, LookupError):
    """An id refers to something the programme does not define."""


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
