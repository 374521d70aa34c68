"""Personas in event logs: the persona of each case, and values the programme does not know.

``funnel``, ``discover`` and ``conformance`` take the same two options for
personas: ``persona=COLUMN`` names the column with each event's persona, and
``segment="persona"`` splits the result by it. A case belongs to the persona
of its first event (in case order: timestamp, original row) that has one, and
to ``None`` when no event of it has one; values are compared as text.

With ``program=`` as well, the column's values are held against the
programme's persona ids: one group-by in the engine counts the cases and
events of every value that is no id, and only those values reach Python.
They come back as a frame (``unknown_personas`` of the result) and as an
``UnknownPersonaWarning``.

This module also stacks per-segment results into one frame with a leading
``segment`` column, the shape every segmented result has.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import narwhals as nw

from journeykit._suggest import closest
from journeykit._text import drawn_text
from journeykit.analytics._events import CASE, PERSONA, ROW, TIME, Events
from journeykit.exceptions import UnknownPersonaWarning

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = [
    "SEGMENT",
    "UNKNOWN_PERSONA_COLUMNS",
    "PersonaSegment",
    "case_segments",
    "check_program",
    "check_split",
    "designed_personas",
    "no_unknown_personas",
    "part_of",
    "segment_label",
    "segment_order",
    "stack",
    "unknown_personas",
    "unknown_personas_line",
]

T = TypeVar("T")

#: What ``discover`` and ``conformance`` may be split by.
PersonaSegment = Literal["persona"]

#: The column with each case's segment (text, or null) in the engine.
SEGMENT = "__jk_segment"

#: The columns of ``unknown_personas``.
UNKNOWN_PERSONA_COLUMNS = ("persona", "cases", "events", "suggestion")

_VALUE = "__jk_value"
_RANK = "__jk_rank"
#: Values named at most in the warning, and persona ids at most in its hint.
_MAX_NAMED = 10
_MAX_IDS = 20


# -- options ----------------------------------------------------------------------


def check_split(segment: object, persona: str | None) -> None:
    """Check ``segment=`` of an analysis that splits by persona only.

    >>> check_split("channel", "who")
    Traceback (most recent call last):
    ...
    ValueError: unknown segment: 'channel' (must be 'persona' or None; only funnel splits by channel)
    """
    if segment is None:
        return
    if segment != "persona":
        extra = "; only funnel splits by channel" if segment == "channel" else ""
        raise ValueError(f"unknown segment: {segment!r} (must be 'persona' or None{extra})")
    if persona is None:
        raise ValueError("segment='persona' needs the column that holds it: pass persona='<column name>' too")


def check_program(program: object) -> None:
    """``program=`` is a ``journeykit.Program`` or None."""
    if program is None:
        return  # the model is not imported for a log analysed without a programme
    from journeykit.program import Program

    if not isinstance(program, Program):
        raise TypeError(f"program must be a journeykit.Program, not {type(program).__name__}")


# -- in the engine -------------------------------------------------------------------


def case_segments(frame: nw.LazyFrame[Any], column: str = PERSONA) -> nw.LazyFrame[Any]:
    """(``CASE``, ``SEGMENT``): the value of each case's first event, in case
    order, that has one, as text. Cases without a value are not in it; a left
    join gives them null, the ``None`` segment."""
    ranked = frame.filter(~nw.col(column).is_null()).with_columns(
        nw.col(ROW).cum_count().over(CASE, order_by=[TIME, ROW]).alias(_RANK)
    )
    return ranked.filter(nw.col(_RANK) == 1).select(
        nw.col(CASE), nw.col(column).cast(nw.String).alias(SEGMENT)
    )


def unknown_personas(events: Events, program: Program | None) -> pd.DataFrame:
    """The persona values that are no persona id of ``program``, with their
    cases and events; warns when there are any.

    Empty without a programme or without a persona column. Call it straight
    from the public function: the warning points at that function's caller.
    """
    column = events.columns.persona
    if program is None or column is None:
        return no_unknown_personas()
    ids = sorted({persona.id for persona in program.personas})
    valued = events.frame.filter(~nw.col(PERSONA).is_null()).with_columns(
        nw.col(PERSONA).cast(nw.String).alias(_VALUE)
    )
    if ids:
        valued = valued.filter(~nw.col(_VALUE).is_in(ids))
    counted = (
        valued.group_by(_VALUE)
        .agg(nw.col(CASE).n_unique().alias("cases"), nw.len().alias("events"))
        .select(_VALUE, "cases", "events")
        .collect()
    )
    rows = sorted(
        ((str(value), int(cases), int(n)) for value, cases, n in counted.iter_rows()),
        key=lambda row: (-row[1], -row[2], row[0]),
    )
    found = [(value, cases, n, closest(value, ids)) for value, cases, n in rows]
    if found:
        # the caller, past the analysis and its with_engine_errors wrapper
        warnings.warn(UnknownPersonaWarning(_message(column, program, ids, found)), stacklevel=4)
    return _unknown_frame(found)


def _message(
    column: str, program: Program, ids: Sequence[str], found: Sequence[tuple[str, int, int, str | None]]
) -> str:
    """The warning: the values (most frequent first) with their counts and suggestions."""
    named = []
    for value, cases, events, suggestion in found[:_MAX_NAMED]:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        named.append(f"{value!r} ({_count(cases, 'case')}, {_count(events, 'event')}{hint})")
    if len(found) > _MAX_NAMED:
        named.append(f"... {len(found) - _MAX_NAMED} more")
    shown = ", ".join(repr(i) for i in ids[:_MAX_IDS])
    more = f", ... ({len(ids)} in all)" if len(ids) > _MAX_IDS else ""
    kind = "value that is" if len(found) == 1 else "values that are"
    return (
        f"persona column {column!r} has {len(found)} {kind} no persona id of programme "
        f"{program.name!r}: {', '.join(named)}; its persona ids are: {shown or '(none)'}{more}. "
        "The result lists them in unknown_personas"
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _unknown_frame(rows: Sequence[tuple[str, int, int, str | None]]) -> pd.DataFrame:
    import pandas as pd

    kinds = ("str", "int64", "int64", "object")
    frame: pd.DataFrame = pd.DataFrame(
        {
            name: pd.Series([row[i] for row in rows], dtype=kind)
            for i, (name, kind) in enumerate(zip(UNKNOWN_PERSONA_COLUMNS, kinds, strict=True))
        }
    )
    return frame


def no_unknown_personas() -> pd.DataFrame:
    """An empty ``unknown_personas`` frame: every value known, or nothing checked."""
    return _unknown_frame(())


# -- the design ----------------------------------------------------------------------


def designed_personas(journey: Journey) -> set[str]:
    """The personas who take ``journey`` in the design: its own, and any step's."""
    return set(journey.personas).union(*(step.personas for step in journey.steps))


# -- results ----------------------------------------------------------------------


def segment_order(values: Iterable[str | None]) -> list[str | None]:
    """Segments in the order results list them: by name, ``None`` last.

    >>> segment_order(["web", None, "app"])
    ['app', 'web', None]
    """
    return sorted(values, key=lambda s: (s is None, s or ""))


def segment_label(value: str | None) -> str:
    """A segment as printed on one line: ``(none)`` for the cases without a value.

    >>> segment_label(None), segment_label("new\\nline")
    ('(none)', 'new line')
    """
    return "(none)" if value is None else drawn_text(value, one_line=True)


def stack(parts: Sequence[tuple[str | None, pd.DataFrame]], empty: pd.DataFrame) -> pd.DataFrame:
    """The frames of the segments one after another, with a leading ``segment``
    column; ``empty`` gives the columns and their types when no segment has rows."""
    import pandas as pd

    pieces = []
    for value, frame in parts:
        if len(frame):
            piece = frame.copy()
            piece.insert(0, "segment", pd.Series([value] * len(frame), dtype="object", index=frame.index))
            pieces.append(piece)
    if not pieces:
        result: pd.DataFrame = empty.iloc[:0].copy()
        result.insert(0, "segment", pd.Series([], dtype="object"))
        return result
    stacked: pd.DataFrame = pd.concat(pieces, ignore_index=True)
    return stacked


def part_of(parts: Mapping[str | None, T], segment: str | None, value: str | None, what: str) -> T:
    """One segment's result, or a ``KeyError`` that says what there is."""
    if segment is None:
        raise KeyError(f"this {what} is not split; pass persona=COLUMN and segment='persona' to split it")
    if value not in parts:
        shown = ", ".join(repr(v) for v in parts)
        raise KeyError(f"no {segment} {value!r} in this {what}; its segments are: {shown or '(none)'}")
    return parts[value]


def unknown_personas_line(frame: pd.DataFrame) -> list[str]:
    """The lines a printed result ends with when persona values were unknown."""
    if not len(frame):
        return []
    kind = "value is" if len(frame) == 1 else "values are"
    return ["", f"{len(frame)} persona {kind} no persona of the programme: see .unknown_personas"]
