"""The funnel of a designed journey: how many cases reach each stage and step, and how fast.

``funnel`` reads an event table and a designed ``Journey`` and counts, stage
by stage and step by step in design order, the cases that get there, the
share that carries on from the row before, the drop-off and the median time
from the row before. It runs where the data is (see
``journeykit.analytics._events``); only the counts per step reach Python.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import narwhals as nw

from journeykit.analytics._arguments import event_analysis, with_engine_errors
from journeykit.analytics._events import (
    CASE,
    CHANNEL,
    MICROS,
    PERSONA,
    ROW,
    TIME,
    EventColumns,
    prepare,
)
from journeykit.analytics._funnel_result import FUNNEL_COLUMNS, Funnel, Segment, Stats
from journeykit.analytics._mapping import STEP, StepsOption, with_steps
from journeykit.analytics._personas import SEGMENT, case_segments, check_program, unknown_personas

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["FUNNEL_COLUMNS", "Funnel", "funnel"]


_SEQ = "__jk_seq"  # position of the event inside its case, from 1
_UNIT = "__jk_unit"  # position of the stage or step in design order
_FIRST = "__jk_first"
_FIRST_US = "__jk_first_us"
_PREV_FIRST = "__jk_prev_first"
_PREV_US = "__jk_prev_us"
_SECONDS = "__jk_seconds"


@with_engine_errors
def funnel(
    events: Any,
    journey: Journey | str,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
    persona: str | None = None,
    channel: str | None = None,
    segment: Segment | None = None,
    program: Program | None = None,
    steps: StepsOption = "auto",
) -> Funnel:
    """Reach, drop-off and time per stage and per step of a designed journey.

    A case *reaches* a step when it has an event whose activity maps to that
    step (see ``steps``), and a stage when it reaches any of the stage's
    steps. Rows follow the design order: the journey's stages, and its steps
    stage after stage. The row before the first is the start, which every
    case reaches. For each row:

    ``reached``
        cases that reach it;
    ``share_of_previous``
        ``reached`` over ``reached`` of the row before (the first row: over
        all cases); NaN when the row before reached no case;
    ``share_of_start``
        ``reached`` over all cases;
    ``drop_off``
        ``reached`` of the row before minus ``reached``. Cases may skip a
        step or enter the journey in the middle, so this can be negative;
    ``dropped``
        cases that reach the row before but not this one (never negative);
    ``median_from_previous``
        seconds from a case's first event at the row before to its first
        event at this one, median over the cases that reach both in that
        order (NaN if none does). Cases that reach this row first are left
        out of the median.

    Inside each case events are ordered by (timestamp, original row), so
    ties keep the order of the table. The table need not be sorted and is
    not changed. Events whose case, activity or timestamp is null are left
    out. The funnel reads the journey as one line in design order; branches
    (``next``) are the business of ``conformance``.

    Parameters
    ----------
    events
        The event table: pandas or PyArrow (run through DuckDB), Polars eager
        or lazy (run in Polars), a DuckDB relation, or a PySpark DataFrame (run
        in Spark; only the counts reach the driver).
    journey
        The designed journey: a ``Journey``, or its id with ``program=``.
    case, activity, timestamp
        Column names; the defaults are the XES names. ``timestamp`` must hold
        datetimes.
    persona, channel
        Columns with each event's persona and channel, for ``segment``.
    segment
        ``"persona"`` or ``"channel"``: one funnel per value of that column,
        in the same rows, with a leading ``segment`` column. A case belongs
        to the value of its first event (in case order) that has one -- the
        channel a customer came in through -- and to ``None`` when no event
        of it has a value. Values are compared as text.
    program
        The programme that holds the journey, when ``journey`` is its id;
        and the programme whose persona ids the ``persona`` column should
        hold. Values that are none of them are counted (cases and events)
        into ``.unknown_personas``, with the closest id, and an
        ``UnknownPersonaWarning`` names them. Nothing is checked without a
        ``persona`` column.
    steps
        How activities find their step: ``"auto"`` (id, then name, then name
        ignoring case and white space), ``"id"``, ``"name"``, or a dict
        activity -> step id. See ``journeykit.analytics._mapping``.

    Returns
    -------
    Funnel
        ``.stages`` and ``.steps`` (pandas DataFrames), ``.cases``,
        ``.segments``, ``.unknown``, ``.unknown_personas``; ``.step(id)``
        and ``.stage(id)`` look one row up.

    Raises
    ------
    journeykit.analytics.EventLogError
        A named column is missing, or ``timestamp`` does not hold datetimes.
    journeykit.analytics._mapping.StepMappingError
        An activity matches two steps, or ``steps`` names an unknown step.
    ValueError
        ``segment`` is unknown, or names an option that was not given.
    journeykit.ArgumentError
        ``journey`` is an id without ``program=``, or not a journey at all;
        ``program`` is not a ``journeykit.Program``; the events come after
        the journey.
    journeykit.UnknownIdError
        No journey of the programme has the id ``journey``.
    journeykit.MissingDependencyError
        The ``analytics`` extra is not installed.

    Warns
    -----
    journeykit.UnknownPersonaWarning
        With ``program``: the ``persona`` column holds values that are no
        persona id of the programme.

    Notes
    -----
    One window pass numbers the events of each case in order; a group-by
    takes each case's first event per step (and per stage), and a join of
    that table with itself, shifted by one row of the design, pairs every
    row with the one before. For n events, c cases and s steps that is
    O(n log n + c·s) work in the engine; O(s) rows per segment reach Python.
    The check against ``program`` is one group-by of the persona values.

    Examples
    --------
    >>> import pandas as pd
    >>> journey = jk.Journey(id="shop", name="Web shop", stages=[
    ...     jk.Stage(id="explore", name="Explore", steps=[jk.Step(id="visit", name="Visit")]),
    ...     jk.Stage(id="buy", name="Buy", steps=[
    ...         jk.Step(id="cart", name="Add to cart"), jk.Step(id="pay", name="Pay")]),
    ... ])
    >>> log = pd.DataFrame({
    ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2", "c3"],
    ...     "concept:name": ["Visit", "Add to cart", "Pay", "Visit", "Add to cart", "Visit"],
    ...     "time:timestamp": pd.to_datetime(
    ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 10:06",
    ...          "2024-01-02 09:00", "2024-01-02 09:10", "2024-01-03 12:00"]),
    ... })
    >>> result = funnel(log, journey)
    >>> result.steps[["step", "reached", "share_of_previous", "dropped", "median_from_previous"]]
        step  reached  share_of_previous  dropped  median_from_previous
    0  visit        3           1.000000        0                   NaN
    1   cart        2           0.666667        1                 450.0
    2    pay        1           0.500000        1                  60.0
    >>> result.stages[["stage", "reached", "share_of_start"]]
         stage  reached  share_of_start
    0  explore        3        1.000000
    1      buy        2        0.666667
    >>> row = result.step("pay")
    >>> int(row["reached"]), float(row["share_of_start"])
    (1, 0.3333333333333333)

    A journey of a programme can be named by its id:

    >>> portal = jk.example()
    >>> funnel(log, "onboarding-future", program=portal).cases
    3
    >>> funnel(log, "onboarding-future")
    Traceback (most recent call last):
    ...
    journeykit.exceptions.ArgumentError: ...: funnel(events, 'onboarding-future', program=program)
    """
    journey = event_analysis(events, journey, program, "funnel")
    if segment is not None and segment not in ("persona", "channel"):
        raise ValueError(f"unknown segment: {segment!r} (must be one of 'persona', 'channel' or None)")
    columns = EventColumns(
        case=case, activity=activity, timestamp=timestamp, persona=persona, channel=channel
    )
    if segment is not None and getattr(columns, segment) is None:
        raise ValueError(
            f"segment={segment!r} needs the column that holds it: pass {segment}='<column name>' too"
        )
    check_program(program)
    prepared = prepare(events, columns)
    unknown = unknown_personas(prepared, program)
    matched = with_steps(prepared, journey, steps)
    frame = matched.frame.with_columns(nw.col(ROW).cum_count().over(CASE, order_by=[TIME, ROW]).alias(_SEQ))
    segments = case_segments(frame, PERSONA if segment == "persona" else CHANNEL) if segment else None
    counts = _case_counts(frame, segments)
    # journey.steps runs stage after stage, so step i is in the stage of the i-th entry here.
    stage_of = dict(enumerate(k for k, stage in enumerate(journey.stages) for _ in stage.steps))
    stage_unit = (
        nw.col(STEP).replace_strict(stage_of, default=None, return_dtype=nw.Int64)
        if stage_of
        else nw.lit(None, dtype=nw.Int64)
    )
    stage_stats = _reach(frame, stage_unit, segments)
    step_stats = _reach(frame, nw.col(STEP), segments)
    return Funnel._build(
        journey, counts, stage_stats, step_stats, segment, matched.mapping, matched.unknown, unknown
    )


# -- the queries -----------------------------------------------------------------


def _case_counts(frame: nw.LazyFrame[Any], segments: nw.LazyFrame[Any] | None) -> dict[str | None, int]:
    """The number of cases in each segment (``None`` without segments)."""
    cases = frame.select(CASE).unique()
    if segments is None:
        return {None: int(cases.select(nw.len()).collect().item())}
    counted = cases.join(segments, on=CASE, how="left").group_by(SEGMENT).agg(nw.len().alias("n")).collect()
    return {segment: int(n) for segment, n in counted.iter_rows()}


def _reach(frame: nw.LazyFrame[Any], unit: nw.Expr, segments: nw.LazyFrame[Any] | None) -> Stats:
    """(segment, unit) -> (cases reaching it, cases reaching it and the unit before,
    median seconds from the unit before), for every unit some case reaches."""
    firsts = (
        frame.filter(~nw.col(STEP).is_null())
        .with_columns(unit.alias(_UNIT))
        .group_by(CASE, _UNIT)
        .agg(nw.col(_SEQ).min().alias(_FIRST), nw.col(MICROS).min().alias(_FIRST_US))
    )
    # Each case's row at unit k, relabelled k + 1, is "the unit before" of unit k + 1.
    before = firsts.select(
        nw.col(CASE),
        (nw.col(_UNIT) + 1).alias(_UNIT),
        nw.col(_FIRST).alias(_PREV_FIRST),
        nw.col(_FIRST_US).alias(_PREV_US),
    )
    paired = firsts.join(before, on=[CASE, _UNIT], how="left")
    seconds = (nw.col(_FIRST_US) - nw.col(_PREV_US)).cast(nw.Float64) / 1_000_000
    paired = paired.with_columns(nw.when(nw.col(_PREV_FIRST) < nw.col(_FIRST)).then(seconds).alias(_SECONDS))
    keys = [_UNIT]
    if segments is not None:
        paired = paired.join(segments, on=CASE, how="left")
        keys = [SEGMENT, _UNIT]
    rows = (
        paired.group_by(*keys)
        .agg(
            nw.len().alias("reached"),
            nw.col(_PREV_FIRST).count().alias("both"),
            nw.col(_SECONDS).median().alias("median"),
        )
        .select(*keys, "reached", "both", "median")
        .collect()
        .iter_rows()
    )
    stats: Stats = {}
    for row in rows:
        segment = row[0] if segments is not None else None
        unit_pos, reached, both, median = row[-4:]
        stats[(segment, int(unit_pos))] = (
            int(reached),
            int(both),
            math.nan if median is None else float(median),
        )
    return stats
