"""Metric values from observed events, against their targets.

``measure`` computes every metric of a programme that says how (its
``observe``: a conversion, a duration or a count between steps or stages)
from an event table, and compares it with the metric's target. The heavy
part -- when each case first reaches each point -- runs in the engine on
the Narwhals lazy API (see ``journeykit.analytics._events``); only one row
per case and pair of points reaches Python, where the statistics are
computed on whole microseconds, so every engine gives the same values.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import narwhals as nw

from journeykit._args import program_of
from journeykit._table import Table
from journeykit.analytics._arguments import check_events, require_analytics, with_engine_errors
from journeykit.analytics._events import ACTIVITY, CASE, MICROS, ROW, TIME, EventColumns, Events, prepare

if TYPE_CHECKING:
    from journeykit.program import Metric, Observation, Program

__all__ = ["MeasureStatus", "Measurements", "MetricValue", "measure"]

#: ``pass`` and ``fail`` compare the value with the target; ``no target``: a
#: value but nothing to compare it with; ``no data``: no case to compute it
#: on; ``not computable``: the metric has no ``observe``.
MeasureStatus = Literal["pass", "fail", "no target", "no data", "not computable"]

#: Values are rounded to this many decimals; pass and fail compare the
#: rounded value, the one shown.
DECIMALS = 4

_FIRST = "__jk_first"
_S_TIME = "__jk_s_time"
_S_ROW = "__jk_s_row"
_S_US = "__jk_s_us"
_E_TIME = "__jk_e_time"
_E_ROW = "__jk_e_row"
_E_US = "__jk_e_us"
_N = "__jk_n"

_QUANTILES = {"p90": 0.9, "p95": 0.95}

#: Per case that reaches the start: when it did (µs), when it first reached
#: the end at or after that (µs, or None), and how many end events it had from then on.
_Reached = tuple[int, int | None, int]


@with_engine_errors
def measure(
    events: Any,
    program: Program,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
    steps: Mapping[str, str] | None = None,
) -> Measurements:
    """The value of every metric the events can give, against its target.

    Each metric with ``observe`` is computed from the events (see
    ``journeykit.program.Observation``); the others are listed as ``not
    computable``. Activities are step ids -- or, with ``steps=``, are mapped
    to step ids -- and a case reaches a stage when it reaches any of its
    steps. Inside each case, events are ordered by (timestamp, original row);
    a case reaches the end the first time it does so at or after the first
    time it reached the start. The table need not be sorted and is not changed.

    Parameters
    ----------
    events
        The event table: pandas or PyArrow (run through DuckDB), Polars eager
        or lazy, a DuckDB relation, or a PySpark DataFrame.
    program
        The programme whose metrics are measured.
    case, activity, timestamp
        Column names; the defaults are the XES names. ``timestamp`` must hold
        datetimes.
    steps
        Activity -> step id, when the activities are not the step ids
        themselves. Activities it does not list reach no step.

    Returns
    -------
    Measurements
        One row per metric, in the programme's order: ``metric``, ``name``,
        ``value``, ``unit``, ``target``, ``direction``, ``status`` (pass, fail,
        no target, no data, not computable), ``cases`` (how many cases the
        value rests on), ``kind`` and ``reason``.

    Raises
    ------
    journeykit.ArgumentError
        ``program`` is not a ``journeykit.Program``, or the events come after it.
    journeykit.MissingDependencyError
        The ``analytics`` extra is not installed.
    journeykit.analytics.EventLogError
        A named column is missing, or ``timestamp`` does not hold datetimes.
    ValueError
        ``steps`` maps an activity to a step id no journey has.

    Notes
    -----
    One query per distinct pair of points: the first event of each case at
    the start (a window minimum), joined on the case with the events at the
    end, grouped by case -- O(n log n) for n events, in the engine. A
    duration's statistic is then computed over one integer per case, in
    Python; percentiles interpolate linearly (as NumPy's default).

    Examples
    --------
    >>> import pandas as pd
    >>> program = jk.Program(
    ...     name="Portal",
    ...     journeys=[jk.Journey(id="deal", name="Deal registration", stages=[
    ...         jk.Stage(id="register", name="Register", steps=[jk.Step(id="fill", name="Fill in")]),
    ...         jk.Stage(id="review", name="Review", steps=[jk.Step(id="decide", name="Decision")]),
    ...     ])],
    ...     metrics=[
    ...         jk.Metric(id="decision-hours", name="Hours to a decision", target=48, unit="hours",
    ...                   direction="at_most", observe={"kind": "duration",
    ...                   "start": "step:deal/fill", "end": "stage:deal/review"}),
    ...         jk.Metric(id="decided", name="Registrations decided", target=90, unit="%",
    ...                   observe={"kind": "conversion", "start": "step:deal/fill",
    ...                            "end": "step:deal/decide"}),
    ...         jk.Metric(id="win-rate", name="Deals won", target=30, unit="%"),
    ...     ],
    ... )
    >>> log = pd.DataFrame({
    ...     "case:concept:name": ["d1", "d1", "d2", "d2", "d3"],
    ...     "concept:name": ["fill", "decide", "fill", "decide", "fill"],
    ...     "time:timestamp": pd.to_datetime(["2024-03-01 09:00", "2024-03-02 09:00",
    ...         "2024-03-01 10:00", "2024-03-04 10:00", "2024-03-05 12:00"]),
    ... })
    >>> print(measure(log, program))
    Metrics of Portal
    metric          value    unit   target  direction  status          cases
    --------------  -------  -----  ------  ---------  --------------  -----
    decision-hours  48       hours  48      at...most    pass            2
    decided         66.6667  %      90      at...least   fail            3
    win-rate                 %      30      at...least   not computable  0
    >>> measure(log, program).row("win-rate").reason
    'the metric has no observe: nothing says how events give its value'
    """
    check_events(events, "measure", "measure(events, program)")
    program = program_of(program, "measure")
    require_analytics(events)
    prepared = prepare(events, EventColumns(case=case, activity=activity, timestamp=timestamp))
    points = _Points(program, steps)
    query = _Queries(prepared)
    rows = [_row(metric, points, query) for metric in program.metrics]
    return Measurements(rows, title=f"Metrics of {program.name}")


# -- the result ------------------------------------------------------------------


@dataclass(frozen=True)
class MetricValue:
    """One metric, measured: its value against its target.

    ``value`` is None unless ``status`` is pass, fail or no target; ``cases``
    is how many cases it rests on (those reaching the start for a conversion
    or a count, those reaching start and end for a duration, every case for
    a count without start); ``reason`` says why there is no value.
    """

    metric: str
    name: str
    value: float | None
    unit: str | None
    target: float | None
    direction: str
    status: MeasureStatus
    cases: int
    kind: str | None
    reason: str


class Measurements(Table[MetricValue]):
    """What ``measure`` found: one ``MetricValue`` per metric of the programme."""

    display_columns = ("metric", "value", "unit", "target", "direction", "status", "cases")
    for_spreadsheets = False  # values computed from an event log: data CSV, written exactly

    def _columns_when_empty(self) -> tuple[str, ...]:
        return tuple(MetricValue.__dataclass_fields__)

    def row(self, metric_id: str) -> MetricValue:
        """The row of this metric; ``KeyError`` if there is none.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["d1", "d1", "d2", "d2", "d3"],
        ...     "concept:name": ["fill-registration", "receive-decision",
        ...         "fill-registration", "receive-decision", "fill-registration"],
        ...     "time:timestamp": pd.to_datetime(["2024-03-01 09:00", "2024-03-02 09:00",
        ...         "2024-03-01 10:00", "2024-03-04 10:00", "2024-03-05 12:00"]),
        ... })
        >>> row = measure(log, jk.example()).row("deal-decision-hours")
        >>> row.value, row.target, row.direction, row.status, row.cases  # the median of 24 and 72 hours
        (48.0, 48.0, 'at_most', 'pass', 2)
        >>> measure(log, jk.example()).row("no-such-metric")
        Traceback (most recent call last):
        ...
        KeyError: "no metric 'no-such-metric'"
        """
        for row in self:
            if row.metric == metric_id:
                return row
        raise KeyError(f"no metric {metric_id!r}")

    def failed(self) -> list[MetricValue]:
        """The metrics whose value misses its target.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["d1", "d1", "d1", "d2", "d2", "d3"],
        ...     "concept:name": ["fill-registration", "receive-decision", "close-deal",
        ...         "fill-registration", "receive-decision", "fill-registration"],
        ...     "time:timestamp": pd.to_datetime(["2024-03-01 09:00", "2024-03-02 09:00",
        ...         "2024-03-08 15:00", "2024-03-01 10:00", "2024-03-04 10:00", "2024-03-05 12:00"]),
        ... })
        >>> [(m.metric, m.value, m.target) for m in measure(log, jk.example()).failed()]  # 1 deal of 3 won
        [('registered-deal-win-rate', 33.3333, 35.0)]
        """
        return [row for row in self if row.status == "fail"]


# -- from observation to value -----------------------------------------------------


def _row(metric: Metric, points: _Points, query: _Queries) -> MetricValue:
    def result(value: float | None, cases: int, reason: str = "") -> MetricValue:
        status: MeasureStatus
        if observe is None:
            status = "not computable"
        elif value is None:
            status = "no data"
        else:
            value = round(value, DECIMALS)
            if metric.target is None:
                status = "no target"
            elif metric.direction == "at_least":
                status = "pass" if value >= metric.target else "fail"
            else:
                status = "pass" if value <= metric.target else "fail"
        return MetricValue(
            metric=metric.id,
            name=metric.name,
            value=value,
            unit=metric.unit,
            target=metric.target,
            direction=metric.direction,
            status=status,
            cases=cases,
            kind=None if observe is None else observe.kind,
            reason=reason,
        )

    observe = metric.observe
    if observe is None:
        return result(None, 0, "the metric has no observe: nothing says how events give its value")
    end = points.activities(observe.end)
    if observe.start is None:
        return _count_all(observe, query.ends(end), query.cases(), result)
    reached = query.pair(points.activities(observe.start), end)
    if observe.kind == "conversion":
        return _conversion(metric, observe, reached, result)
    if observe.kind == "duration":
        return _duration(metric, observe, reached, result)
    return _count_after(observe, reached, result)


class _Make(Protocol):
    """Builds the row of a metric from its value (see ``_row``)."""

    def __call__(self, value: float | None, cases: int, reason: str = "") -> MetricValue: ...


def _conversion(metric: Metric, observe: Observation, reached: list[_Reached], result: _Make) -> MetricValue:
    if not reached:
        return result(None, 0, f"no case reaches {observe.start}")
    limit = None
    if observe.within is not None:
        limit = observe.within * _seconds(observe.within_unit or "days") * 1_000_000
    converted = sum(
        1 for start, end, _ in reached if end is not None and (limit is None or end - start <= limit)
    )
    share = converted / len(reached)
    return result(share * 100 if _is_percent(metric.unit) else share, len(reached))


def _duration(metric: Metric, observe: Observation, reached: list[_Reached], result: _Make) -> MetricValue:
    micros = sorted(end - start for start, end, _ in reached if end is not None)
    if not micros:
        why = f"no case reaches {observe.start}" if not reached else f"no case goes on to {observe.end}"
        return result(None, 0, why)
    statistic = observe.statistic or "median"
    if statistic == "mean":
        value = sum(micros) / len(micros)
    elif statistic == "median":
        value = statistics.median(micros)
    else:
        value = _quantile(micros, _QUANTILES[statistic])
    return result(value / (_seconds(metric.unit or "") * 1_000_000), len(micros))


def _count_after(observe: Observation, reached: list[_Reached], result: _Make) -> MetricValue:
    if not reached:
        return result(None, 0, f"no case reaches {observe.start}")
    counting = observe.counting or "cases"
    if counting == "cases":
        return result(float(sum(end is not None for _, end, _ in reached)), len(reached))
    events = sum(n for _, _, n in reached)
    return result(float(events) if counting == "events" else events / len(reached), len(reached))


def _count_all(observe: Observation, per_case: list[int], cases: int, result: _Make) -> MetricValue:
    if cases == 0:
        return result(None, 0, "the event table has no cases")
    counting = observe.counting or "cases"
    if counting == "cases":
        return result(float(len(per_case)), cases)
    events = sum(per_case)
    return result(float(events) if counting == "events" else events / cases, cases)


def _quantile(ordered: Sequence[int], q: float) -> float:
    """The ``q`` quantile of sorted values, interpolated linearly between
    the two nearest ranks (NumPy's default, "type 7").

    >>> _quantile([10, 20, 30, 40], 0.9)
    37.0
    """
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _seconds(unit: str) -> int:
    from journeykit.program import TIME_UNITS  # the model is imported only when a metric is measured

    return TIME_UNITS[unit.strip().lower()]


def _is_percent(unit: str | None) -> bool:
    return unit is not None and unit.strip() == "%"


# -- points of a journey -----------------------------------------------------------


class _Points:
    """Which activities reach a step or a stage ref."""

    def __init__(self, program: Program, steps: Mapping[str, str] | None) -> None:
        self.program = program
        self.by_step: dict[str, set[str]] | None = None
        if steps is not None:
            known = {step.id for journey in program.journeys for step in journey.steps}
            unknown = sorted({s for s in steps.values() if s not in known}, key=str)
            if unknown:
                raise ValueError(
                    f"steps= maps activities to {', '.join(repr(s) for s in unknown)}, which "
                    "no journey of the programme has as a step id"
                )
            self.by_step = {}
            for act, step_id in steps.items():
                self.by_step.setdefault(step_id, set()).add(str(act))

    def activities(self, ref: str) -> frozenset[str]:
        kind, _, ident = ref.partition(":")
        journey_id, _, local = ident.partition("/")
        journey = self.program.journey(journey_id)
        if kind == "stage":
            step_ids = [s.id for stage in journey.stages if stage.id == local for s in stage.steps]
        else:
            step_ids = [local]
        if self.by_step is None:
            return frozenset(step_ids)
        return frozenset(act for s in step_ids for act in self.by_step.get(s, ()))


# -- the queries -------------------------------------------------------------------


class _Queries:
    """The engine's part, one query per distinct question, each asked once."""

    def __init__(self, events: Events) -> None:
        self.events = events
        self._pairs: dict[tuple[frozenset[str], frozenset[str]], list[_Reached]] = {}
        self._ends: dict[frozenset[str], list[int]] = {}
        self._cases: int | None = None

    def cases(self) -> int:
        """The number of cases in the table."""
        if self._cases is None:
            frame = self.events.frame.select(nw.col(CASE).n_unique().alias(_N))
            (count,) = _collect(frame)[0]
            self._cases = 0 if count is None else int(count)  # DuckDB: null on no rows
        return self._cases

    def ends(self, end: frozenset[str]) -> list[int]:
        """Events at ``end``, for each case that has any."""
        if end not in self._ends:
            if not end:
                self._ends[end] = []
            else:
                frame = (
                    self.events.frame.filter(nw.col(ACTIVITY).is_in(sorted(end)))
                    .group_by(CASE)
                    .agg(nw.len().alias(_N))
                    .select(_N)
                )
                self._ends[end] = [int(n) for (n,) in _collect(frame)]
        return self._ends[end]

    def pair(self, start: frozenset[str], end: frozenset[str]) -> list[_Reached]:
        """For each case that reaches ``start``: when it first did, when it
        first reached ``end`` at or after that, and how many ``end`` events
        it had from then on."""
        key = (start, end)
        if key not in self._pairs:
            self._pairs[key] = self._pair(start, end) if start else []
        return self._pairs[key]

    def _pair(self, start: frozenset[str], end: frozenset[str]) -> list[_Reached]:
        frame = self.events.frame
        firsts = (
            frame.filter(nw.col(ACTIVITY).is_in(sorted(start)))
            .with_columns(nw.col(TIME).min().over(CASE).alias(_FIRST))
            .filter(nw.col(TIME) == nw.col(_FIRST))
            .group_by(CASE)
            .agg(
                nw.col(TIME).min().alias(_S_TIME),
                nw.col(ROW).min().alias(_S_ROW),
                nw.col(MICROS).min().alias(_S_US),
            )
        )
        if not end:
            return [(int(s), None, 0) for (s,) in _collect(firsts.select(_S_US))]
        ends = frame.filter(nw.col(ACTIVITY).is_in(sorted(end))).select(
            nw.col(CASE),
            nw.col(TIME).alias(_E_TIME),
            nw.col(ROW).alias(_E_ROW),
            nw.col(MICROS).alias(_E_US),
        )
        at_or_after = (nw.col(_E_TIME) > nw.col(_S_TIME)) | (
            (nw.col(_E_TIME) == nw.col(_S_TIME)) & (nw.col(_E_ROW) >= nw.col(_S_ROW))
        )
        after = (
            firsts.join(ends, on=CASE, how="inner")
            .filter(at_or_after)
            .group_by(CASE)
            .agg(nw.col(_E_US).min().alias(_E_US), nw.len().alias(_N))
        )
        joined = firsts.join(after, on=CASE, how="left").select(_S_US, _E_US, _N)
        return [
            (int(s), None if e is None else int(e), 0 if n is None else int(n))
            for s, e, n in _collect(joined)
        ]


def _collect(frame: nw.LazyFrame[Any]) -> list[tuple[Any, ...]]:
    """The rows of a small result, as Python values (None for nulls) on every engine."""
    return list(frame.collect(backend="pyarrow").iter_rows())
