"""The funnel of a designed journey: how many cases reach each stage and step, and how fast.

``funnel`` reads an event table and a designed ``Journey`` and counts, stage
by stage and step by step in design order, the cases that get there, the
share that carries on from the row before, the drop-off and the median time
from the row before. It runs where the data is (see
``journeykit.analytics._events``); only the counts per step reach Python.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import narwhals as nw

from journeykit._text import html_text
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
from journeykit.analytics._mapping import STEP, StepsOption, with_steps
from journeykit.analytics.discover import human_duration

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Journey

__all__ = ["FUNNEL_COLUMNS", "Funnel", "funnel"]

#: The measures of every row of ``Funnel.stages`` and ``Funnel.steps``.
FUNNEL_COLUMNS = (
    "reached",
    "share_of_previous",
    "share_of_start",
    "drop_off",
    "dropped",
    "median_from_previous",
)

Segment = Literal["persona", "channel"]

_SEQ = "__jk_seq"  # position of the event inside its case, from 1
_SEGMENT = "__jk_segment"
_UNIT = "__jk_unit"  # position of the stage or step in design order
_FIRST = "__jk_first"
_FIRST_US = "__jk_first_us"
_PREV_FIRST = "__jk_prev_first"
_PREV_US = "__jk_prev_us"
_SECONDS = "__jk_seconds"
_LOWEST = "__jk_lowest"


def funnel(
    events: Any,
    journey: Journey,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
    persona: str | None = None,
    channel: str | None = None,
    segment: Segment | None = None,
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
        The designed journey.
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
    steps
        How activities find their step: ``"auto"`` (id, then name, then name
        ignoring case and white space), ``"id"``, ``"name"``, or a dict
        activity -> step id. See ``journeykit.analytics._mapping``.

    Returns
    -------
    Funnel
        ``.stages`` and ``.steps`` (pandas DataFrames), ``.cases``,
        ``.segments``, ``.unknown``; ``.step(id)`` and ``.stage(id)`` look
        one row up.

    Raises
    ------
    journeykit.analytics.EventLogError
        A named column is missing, or ``timestamp`` does not hold datetimes.
    journeykit.analytics._mapping.StepMappingError
        An activity matches two steps, or ``steps`` names an unknown step.
    ValueError
        ``segment`` is unknown, or names an option that was not given.

    Notes
    -----
    One window pass numbers the events of each case in order; a group-by
    takes each case's first event per step (and per stage), and a join of
    that table with itself, shifted by one row of the design, pairs every
    row with the one before. For n events, c cases and s steps that is
    O(n log n + c·s) work in the engine; O(s) rows per segment reach Python.

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
    """
    if segment is not None and segment not in ("persona", "channel"):
        raise ValueError(f"unknown segment: {segment!r} (must be one of 'persona', 'channel' or None)")
    columns = EventColumns(
        case=case, activity=activity, timestamp=timestamp, persona=persona, channel=channel
    )
    if segment is not None and getattr(columns, segment) is None:
        raise ValueError(
            f"segment={segment!r} needs the column that holds it: pass {segment}='<column name>' too"
        )
    prepared = prepare(events, columns)
    matched = with_steps(prepared, journey, steps)
    frame = matched.frame.with_columns(nw.col(ROW).cum_count().over(CASE, order_by=[TIME, ROW]).alias(_SEQ))
    segments = _segments(frame, PERSONA if segment == "persona" else CHANNEL) if segment else None
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
    return Funnel._build(journey, counts, stage_stats, step_stats, segment, matched.mapping, matched.unknown)


# -- the queries -----------------------------------------------------------------

Stats = dict[tuple[str | None, int], tuple[int, int, float]]


def _segments(frame: nw.LazyFrame[Any], column: str) -> nw.LazyFrame[Any]:
    """(case, segment): the value of each case's first event that has one."""
    valued = frame.filter(~nw.col(column).is_null()).with_columns(
        nw.col(_SEQ).min().over(CASE).alias(_LOWEST)
    )
    return valued.filter(nw.col(_SEQ) == nw.col(_LOWEST)).select(
        nw.col(CASE), nw.col(column).cast(nw.String).alias(_SEGMENT)
    )


def _case_counts(frame: nw.LazyFrame[Any], segments: nw.LazyFrame[Any] | None) -> dict[str | None, int]:
    """The number of cases in each segment (``None`` without segments)."""
    cases = frame.select(CASE).unique()
    if segments is None:
        return {None: int(cases.select(nw.len()).collect().item())}
    counted = cases.join(segments, on=CASE, how="left").group_by(_SEGMENT).agg(nw.len().alias("n")).collect()
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
        keys = [_SEGMENT, _UNIT]
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


# -- the result ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Funnel:
    """What ``funnel`` found: reach and drop-off per stage and per step.

    Attributes
    ----------
    stages
        One row per stage of the journey, in design order: ``stage`` (id),
        ``name``, then the measures ``reached``, ``share_of_previous``,
        ``share_of_start``, ``drop_off``, ``dropped`` and
        ``median_from_previous`` (seconds). Segmented funnels start with a
        ``segment`` column and repeat the rows for each segment.
    steps
        The same for every step, with ``stage`` (the id of its stage),
        ``step`` (id) and ``name`` before the measures.
    cases
        The number of cases in the log.
    segments
        ``segment`` and ``cases``: the cases of each segment (one row,
        segment ``None``, when the funnel is not segmented). Segments are
        ordered by name, ``None`` (no value) last.
    unknown
        ``activity`` and ``count``: activities no step matched, with their
        number of events; they count towards ``cases`` but reach nothing.
    mapping
        Activity -> step id, as matched.
    journey
        The id of the journey.
    segment
        ``"persona"``, ``"channel"`` or ``None``.
    """

    stages: pd.DataFrame
    steps: pd.DataFrame
    cases: int
    segments: pd.DataFrame
    unknown: pd.DataFrame
    mapping: Mapping[str, str]
    journey: str
    segment: Segment | None = None

    @classmethod
    def _build(
        cls,
        journey: Journey,
        counts: Mapping[str | None, int],
        stage_stats: Stats,
        step_stats: Stats,
        segment: Segment | None,
        mapping: Mapping[str, str],
        unknown: Mapping[str, int],
    ) -> Funnel:
        import pandas as pd

        order = sorted(counts, key=lambda s: (s is None, s or ""))
        stage_keys = [(stage.id, stage.name) for stage in journey.stages]
        step_keys = [(stage.id, step.id, step.name) for stage in journey.stages for step in stage.steps]
        stage_rows: list[tuple[Any, ...]] = []
        step_rows: list[tuple[Any, ...]] = []
        for value in order:
            for keys, stats, rows in (
                (stage_keys, stage_stats, stage_rows),
                (step_keys, step_stats, step_rows),
            ):
                found = [stats.get((value, k), (0, 0, math.nan)) for k in range(len(keys))]
                measures = _measures(counts[value], found)
                rows += [(value, *key, *m) for key, m in zip(keys, measures, strict=True)]
        segmented = segment is not None
        unknown_rows = sorted(unknown.items(), key=lambda item: (-item[1], item[0]))
        return cls(
            stages=_frame(stage_rows, ("stage", "name"), segmented=segmented),
            steps=_frame(step_rows, ("stage", "step", "name"), segmented=segmented),
            cases=sum(counts.values()),
            segments=pd.DataFrame(
                {
                    "segment": pd.Series(order, dtype="object"),
                    "cases": pd.Series([counts[s] for s in order], dtype="int64"),
                }
            ),
            unknown=pd.DataFrame(
                {
                    "activity": pd.Series([a for a, _ in unknown_rows], dtype="str"),
                    "count": pd.Series([n for _, n in unknown_rows], dtype="int64"),
                }
            ),
            mapping=dict(mapping),
            journey=journey.id,
            segment=segment,
        )

    # -- looking up ----------------------------------------------------------------

    def step(self, step_id: str, segment: str | None = None) -> pd.Series:
        """The row of one step: its measures by name (``row["reached"]``).

        In a segmented funnel, ``segment`` picks the segment (``None``: the
        cases without a value). ``KeyError`` if there is no such row.
        """
        return self._row(self.steps, "step", step_id, segment)

    def stage(self, stage_id: str, segment: str | None = None) -> pd.Series:
        """The row of one stage, as ``step`` gives that of a step."""
        return self._row(self.stages, "stage", stage_id, segment)

    def _row(self, frame: pd.DataFrame, kind: str, key: str, segment: str | None) -> pd.Series:
        if self.segment is None:
            if segment is not None:
                raise KeyError(f"this funnel is not segmented; call {kind}({key!r}) without segment=")
            rows = frame[frame[kind] == key]
        else:
            if segment not in set(self.segments["segment"]):
                shown = ", ".join(repr(s) for s in self.segments["segment"])
                raise KeyError(f"no {self.segment} {segment!r} in this funnel; its segments are: {shown}")
            same = frame["segment"].isna() if segment is None else frame["segment"] == segment
            rows = frame[same & (frame[kind] == key)]
        if rows.empty:
            raise KeyError(f"journey {self.journey!r} has no {kind} {key!r}")
        row: pd.Series = rows.iloc[0]
        return row

    # -- comparing and showing ---------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Funnel):
            return NotImplemented
        return (self.cases, self.journey, self.segment, dict(self.mapping)) == (
            other.cases,
            other.journey,
            other.segment,
            dict(other.mapping),
        ) and all(getattr(self, n).equals(getattr(other, n)) for n in _FRAMES)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        by = f", by {self.segment} ({len(self.segments)} segments)" if self.segment else ""
        stages, steps = self.stages["stage"].nunique(), self.steps["step"].nunique()
        return f"<Funnel of journey {self.journey!r}: {self.cases} cases, {stages} stages, {steps} steps{by}>"

    def __str__(self) -> str:
        lines = [repr(self)[1:-1]]
        for value, rows in self._by_segment():
            lines.append("")
            if self.segment is not None:
                lines.append(f"{self.segment} {value if value is not None else '(none)'}:")
            for r in rows.to_dict("records"):
                lines.append(
                    f"  {r['name']}: {r['reached']} ({_percent(r['share_of_start'])} of all, "
                    f"{_percent(r['share_of_previous'])} of previous; dropped {r['dropped']}; "
                    f"median {human_duration(r['median_from_previous'])})"
                )
        if len(self.unknown):
            count, events = len(self.unknown), int(self.unknown["count"].sum())
            kind = "activity (" if count == 1 else "activities ("
            verb = "matches" if count == 1 else "match"
            lines += ["", f"{count} {kind}{events} events) {verb} no step: see .unknown"]
        return "\n".join(lines)

    def _by_segment(self) -> list[tuple[str | None, pd.DataFrame]]:
        if self.segment is None:
            return [(None, self.steps)]
        return [
            (
                value,
                self.steps[self.steps["segment"].isna() if value is None else self.steps["segment"] == value],
            )
            for value in self.segments["segment"]
        ]

    def _repr_html_(self) -> str:
        names = ["step", "reached", "share of all", "share of previous", "dropped", "median from previous"]
        if self.segment is not None:
            names.insert(0, self.segment)
        head = "".join(f"<th>{html_text(c)}</th>" for c in names)
        body = []
        for value, rows in self._by_segment():
            for r in rows.to_dict("records"):
                cells = [
                    r["name"],
                    str(r["reached"]),
                    _percent(r["share_of_start"]),
                    _percent(r["share_of_previous"]),
                    str(r["dropped"]),
                    human_duration(r["median_from_previous"]),
                ]
                if self.segment is not None:
                    cells.insert(0, "(none)" if value is None else value)
                body.append("<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in cells) + "</tr>")
        caption = html_text(repr(self)[1:-1])
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )


_FRAMES = ("stages", "steps", "segments", "unknown")
_MEASURE_TYPES = ("int64", "float64", "float64", "int64", "int64", "float64")


def _frame(rows: Sequence[tuple[Any, ...]], names: tuple[str, ...], *, segmented: bool) -> pd.DataFrame:
    """Rows (segment, *names, *measures) as a frame; ``segment`` only when segmented."""
    import pandas as pd

    kinds = ("object", *("str" for _ in names), *_MEASURE_TYPES)
    data = {
        name: pd.Series([row[i] for row in rows], dtype=kind)
        for i, (name, kind) in enumerate(zip(("segment", *names, *FUNNEL_COLUMNS), kinds, strict=True))
    }
    if not segmented:
        del data["segment"]
    frame: pd.DataFrame = pd.DataFrame(data)
    return frame


def _measures(cases: int, stats: Sequence[tuple[int, int, float]]) -> list[tuple[Any, ...]]:
    """The measures of consecutive rows from (reached, reached with the row before, median)."""
    result: list[tuple[Any, ...]] = []
    before = cases
    for k, (reached, both, median) in enumerate(stats):
        dropped = cases - reached if k == 0 else before - both
        result.append(
            (
                reached,
                reached / before if before else math.nan,
                reached / cases if cases else math.nan,
                before - reached,
                dropped,
                median,
            )
        )
        before = reached
    return result


def _percent(share: float) -> str:
    return "-" if share != share else f"{share:.0%}"
