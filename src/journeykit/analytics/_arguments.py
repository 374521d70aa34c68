"""The arguments of the event analyses, checked in one place.

Event analyses take the events first, then the journey: a ``Journey``, or
its id with ``program=`` (``funnel(events, "onboarding", program=program)``),
as the views do (see ``journeykit._args``). A wrong argument is an
``ArgumentError`` that shows the call that works.

Each analysis is wrapped in ``with_engine_errors``: DuckDB's interrupt
becomes ``KeyboardInterrupt`` and its out-of-memory a ``ResourceLimitError``
(see ``journeykit.analytics._duckdb_errors``).
"""

from __future__ import annotations

import sys
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from journeykit._args import journey_of, program_of
from journeykit._extras import require
from journeykit.analytics._duckdb_errors import with_engine_errors
from journeykit.exceptions import ArgumentError

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["check_events", "event_analysis", "require_analytics", "with_engine_errors"]


def require_analytics(events: Any) -> None:
    """A ``MissingDependencyError`` naming the ``analytics`` extra if a library the call needs is missing.

    Every result holds pandas frames, and pandas and PyArrow tables run
    through DuckDB; narwhals is checked when ``journeykit.analytics`` is
    imported.
    """
    require("pandas", "event-log analytics")
    if type(events).__module__.split(".", 1)[0] in ("pandas", "pyarrow"):
        require("duckdb", "event-log analytics on pandas and PyArrow tables")


def event_analysis(events: Any, journey: Journey | str, program: Program | None, function: str) -> Journey:
    """The journey an event analysis is about, after checking its arguments and its extra.

    The events come first, then the journey: a ``Journey``, or its id with ``program=``.
    """
    from journeykit.program import Program

    check_events(
        events, function, f"{function}(events, 'JOURNEY-ID', program=program) or {function}(events, journey)"
    )
    if isinstance(journey, Program):
        example = journey.journeys[0].id if journey.journeys else "JOURNEY-ID"
        raise ArgumentError(
            f"{function} takes a Journey, or a journey id with program=, not a Program: "
            f"{function}(events, {example!r}, program=program)"
        )
    if isinstance(journey, str) and program is None:
        raise ArgumentError(
            f"{function}(events, {journey!r}) needs the programme to look the journey up in: "
            f"{function}(events, {journey!r}, program=program)"
        )
    if program is not None:
        program_of(program, function)
    found = journey_of(journey, program, function)
    require_analytics(events)
    return found


def check_events(events: Any, function: str, call: str = "") -> None:
    """An ``ArgumentError`` when ``events`` is a programme (the arguments swapped) or a file name."""
    # Looked up, not imported: with the model not loaded yet, ``events`` is no programme,
    # and ``discover`` on a log starts without pydantic.
    model = sys.modules.get("journeykit.program")
    if model is not None and isinstance(events, model.Program):
        raise ArgumentError(f"{function} takes the events first: {call or function + '(events, ...)'}")
    if isinstance(events, (str, PurePath)):
        raise ArgumentError(
            f"{function} takes an event table, not a file name: "
            f"read the file with jk.analytics.read_events(path) first"
        )
