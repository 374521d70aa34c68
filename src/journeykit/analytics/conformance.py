"""Conformance: does what customers did follow the designed journey?

``conformance`` reads an event table and a designed ``Journey`` and reports
the designed steps nobody took, the observed transitions the design does not
allow, the activities the design does not know, and how well each case fits
the design -- for all cases, or with ``segment="persona"`` for each persona's
cases. It runs where the data is (see ``journeykit.analytics._events``);
the per-case figures and the transition counts reach Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import narwhals as nw

from journeykit.analytics._arguments import event_analysis, with_engine_errors
from journeykit.analytics._conformance_result import CASE_COLUMNS, Conformance
from journeykit.analytics._events import ACTIVITY, CASE, ROW, TIME, EventColumns, prepare
from journeykit.analytics._mapping import STEP, StepsOption, with_steps
from journeykit.analytics._personas import (
    SEGMENT,
    PersonaSegment,
    case_segments,
    check_program,
    check_split,
    designed_personas,
    unknown_personas,
)

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["CASE_COLUMNS", "Conformance", "conformance"]

_SOURCE = "__jk_source"
_NEXT = "__jk_next"
_ALLOWED = "__jk_allowed"
_START = "__jk_is_start"
_END = "__jk_is_end"
_ALL = "__jk_all"


@with_engine_errors
def conformance(
    events: Any,
    journey: Journey | str,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
    persona: str | None = None,
    segment: PersonaSegment | None = None,
    program: Program | None = None,
    steps: StepsOption = "auto",
    allow_repeats: bool = True,
) -> Conformance:
    """How far the observed cases follow the designed journey.

    Each event's activity is matched to a designed step (see ``steps``);
    events whose activity matches no step are *unknown* and left out of the
    transitions, as if they had not happened. Inside each case the remaining
    events are ordered by (timestamp, original row) -- ties keep the order of
    the table -- and every pair of consecutive events is a *transition*
    ``source -> target`` between their steps. A transition is *allowed* when
    the design lets ``target`` follow ``source``: ``target`` is in
    ``journey.successors(source)`` (the step's ``next``, or the following
    step), or -- with ``allow_repeats`` -- ``target`` is ``source`` (the
    customer did the step again, or two activities of one step followed each
    other).

    A case's *fitness* is the share of its transitions that are allowed. A
    case with one event of a designed step has no transition and fitness
    1.0; a case with none (only unknown activities) cannot be measured: its
    fitness is NaN and it is left out of the overall figures.

    The table need not be sorted and is not changed. Events whose case,
    activity or timestamp is null are left out.

    Parameters
    ----------
    events
        The event table: pandas or PyArrow (run through DuckDB), Polars eager
        or lazy (run in Polars), a DuckDB relation, or a PySpark DataFrame.
    journey
        The designed journey: a ``Journey``, or its id with ``program=``.
    case, activity, timestamp
        Column names; the defaults are the XES names. ``timestamp`` must hold
        datetimes.
    persona
        A column with each event's persona, for ``segment`` and ``program``.
    segment
        ``"persona"``: hold each persona's cases against the design on their
        own. Every frame of the result starts with a ``segment`` column and
        repeats its rows per persona; ``.segments`` gives each persona's
        cases, fitness and fitting, and ``.for_segment(value)`` one
        persona's result as a plain ``Conformance``. A case belongs to the
        persona of its first event (in case order) that has one, and to
        ``None`` when no event of it has one. Values are compared as text.
        As in ``funnel``.
    program
        The programme that holds the journey, when ``journey`` is its id;
        and the programme whose persona ids the ``persona`` column should
        hold. Values that are none of them are counted (cases and events) into
        ``.unknown_personas``, with the closest id, and an
        ``UnknownPersonaWarning`` names them. Split by persona, ``.segments``
        then also says whether each persona takes the journey in the design
        (``takes_journey``: it is one of ``journey.personas`` or of a step's
        ``personas``), and the personas who take it but have no case are
        listed too, with no cases and every step unobserved.
    steps
        How activities find their step: ``"auto"`` (id, then name, then name
        ignoring case and white space), ``"id"``, ``"name"``, or a dict
        activity -> step id. See ``journeykit.analytics._mapping``.
    allow_repeats
        Whether a step may follow itself without the design saying so
        (default ``True``). With ``False`` a repeat is allowed only where the
        step lists itself in ``next``.

    Returns
    -------
    Conformance
        ``.unobserved_steps``, ``.transitions``, ``.disallowed``,
        ``.unknown``, ``.cases`` (pandas DataFrames) and the overall
        ``.fitness`` and ``.fitting``. Also ``.segments`` and
        ``.unknown_personas``; split by persona, ``.for_segment(value)``.

    Raises
    ------
    journeykit.analytics.EventLogError
        A named column is missing, or ``timestamp`` does not hold datetimes.
    journeykit.analytics._mapping.StepMappingError
        An activity matches two steps, or ``steps`` names an unknown step.
    ValueError
        ``segment`` is not ``"persona"`` (only ``funnel`` splits by channel),
        or is given without ``persona``.
    journeykit.ArgumentError
        ``journey`` is an id without ``program=``, or not a journey at all;
        ``program`` is not a ``journeykit.Program``; the events come after
        the journey.
    journeykit.UnknownIdError
        No journey of the programme has the id ``journey``.
    journeykit.MissingDependencyError
        The ``analytics`` extra is not installed.
    TypeError
        ``allow_repeats`` is not a bool.

    Warns
    -----
    journeykit.UnknownPersonaWarning
        With ``program``: the ``persona`` column holds values that are no
        persona id of the programme.

    Notes
    -----
    One window pass (``lag`` and ``lead`` over each case) pairs each event
    with its neighbours; the allowed pairs are a list of integer keys the
    engine checks with ``is_in``. Two group-bys, per transition and per case,
    finish the work: O(n log n) for n events. The per-case table has one row
    per case, so for very many cases it is the largest result that reaches
    Python.

    Split by persona, one more window pass finds each case's persona, the
    two group-bys group by it as well, and one more group-by counts the
    activities of each persona (for its unknown activities); each persona's
    result is then assembled in Python from those rows, never by running the
    analysis again. The check against ``program`` is one group-by of the
    persona values.

    Examples
    --------
    >>> import pandas as pd
    >>> journey = jk.Journey(id="shop", name="Web shop", stages=[
    ...     jk.Stage(id="explore", name="Explore", steps=[jk.Step(id="visit", name="Visit")]),
    ...     jk.Stage(id="buy", name="Buy", steps=[
    ...         jk.Step(id="cart", name="Add to cart"), jk.Step(id="pay", name="Pay"),
    ...         jk.Step(id="review", name="Review")]),
    ... ])
    >>> log = pd.DataFrame({
    ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2", "c2", "c3"],
    ...     "concept:name": ["Visit", "Add to cart", "Pay", "Visit", "Pay", "Chat", "Chat"],
    ...     "time:timestamp": pd.to_datetime(
    ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 10:06",
    ...          "2024-01-02 09:00", "2024-01-02 09:10", "2024-01-02 09:11",
    ...          "2024-01-03 12:00"]),
    ... })
    >>> result = conformance(log, journey)
    >>> result.disallowed
      source target  count
    0  visit    pay      1
    >>> result.unobserved_steps
      stage    step    name
    0   buy  review  Review
    >>> result.unknown
      activity  count
    0     Chat      2
    >>> result.cases[["case", "transitions", "allowed", "fitness"]]
      case  transitions  allowed  fitness
    0   c2            1        0      0.0
    1   c1            2        2      1.0
    2   c3            0        0      NaN
    >>> result.fitness, result.fitting
    (0.5, 0.5)

    Split by persona, each persona's cases are held against the design on
    their own:

    >>> log["who"] = ["new", "new", "new", "old", "old", "old", None]
    >>> by_persona = conformance(log, journey, persona="who", segment="persona")
    >>> by_persona.segments[["segment", "cases", "fitness", "fitting"]]
      segment  cases  fitness  fitting
    0     new      1      1.0      1.0
    1     old      1      0.0      0.0
    2    None      1      NaN      NaN
    >>> by_persona.disallowed
      segment source target  count
    0     old  visit    pay      1
    >>> by_persona.for_segment("old").unobserved_steps
      stage    step         name
    0   buy    cart  Add to cart
    1   buy  review       Review
    """
    journey = event_analysis(events, journey, program, "conformance")
    if not isinstance(allow_repeats, bool):
        raise TypeError(f"allow_repeats must be True or False, not {allow_repeats!r}")
    check_split(segment, persona)
    check_program(program)
    columns = EventColumns(case=case, activity=activity, timestamp=timestamp, persona=persona)
    prepared = prepare(events, columns)
    unknown = unknown_personas(prepared, program)
    matched = with_steps(prepared, journey, steps)
    design = _Design.of(journey, allow_repeats=allow_repeats)
    segments = case_segments(prepared.frame) if segment is not None else None
    keys = [SEGMENT] if segments is not None else []

    def by_segment(frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        return frame if segments is None else frame.join(segments, on=CASE, how="left")

    order = [TIME, ROW]
    mapped = matched.frame.filter(~nw.col(STEP).is_null()).with_columns(
        nw.col(STEP).shift(1).over(CASE, order_by=order).alias(_SOURCE),
        nw.col(STEP).shift(-1).over(CASE, order_by=order).alias(_NEXT),
    )
    pairs = (
        by_segment(mapped.filter(~nw.col(_SOURCE).is_null()))
        .group_by(*keys, _SOURCE, STEP)
        .agg(nw.len().alias("n"))
        .select(*keys, _SOURCE, STEP, "n")
        .collect()
        .iter_rows()
    )
    # Keyed by segment (None for every case when not split).
    transitions: dict[str | None, dict[tuple[int, int], int]] = {}
    for row in pairs:
        value = row[0] if keys else None
        source, target, n = row[len(keys) :]
        transitions.setdefault(value, {})[(int(source), int(target))] = int(n)

    per_case = (
        mapped.with_columns(
            _flag(~nw.col(_SOURCE).is_null() & design.allows(_SOURCE, STEP)).alias(_ALLOWED),
            _flag(nw.col(_SOURCE).is_null() & _among(nw.col(STEP), design.starts)).alias(_START),
            _flag(nw.col(_NEXT).is_null() & _among(nw.col(STEP), design.ends)).alias(_END),
        )
        .group_by(CASE)
        .agg(
            nw.len().alias("events"),
            nw.col(_SOURCE).count().alias("transitions"),
            nw.col(_ALLOWED).sum().alias("allowed"),
            nw.col(_START).sum().alias("start"),
            nw.col(_END).sum().alias("end"),
        )
    )
    every_case = matched.frame.group_by(CASE).agg(nw.len().alias(_ALL))
    rows = (
        by_segment(every_case.join(per_case, on=CASE, how="left"))
        .select(*keys, CASE, _ALL, "events", "transitions", "allowed", "start", "end")
        .collect()
        .iter_rows()
    )
    if segments is None:
        whole = Conformance._build(
            journey,
            design.allowed,
            design.allow_repeats,
            transitions.get(None, {}),
            list(rows),
            matched.mapping,
            matched.unknown,
        )
        return replace(whole, unknown_personas=unknown)

    cases: dict[str | None, list[tuple[Any, ...]]] = {}
    for row in rows:
        cases.setdefault(row[0], []).append(row[1:])
    # Each segment's activities: its own mapping and unknown activities.
    counted = (
        by_segment(matched.frame)
        .group_by(SEGMENT, ACTIVITY)
        .agg(nw.len().alias("n"))
        .select(SEGMENT, ACTIVITY, "n")
        .collect()
        .iter_rows()
    )
    activities: dict[str | None, dict[str, int]] = {}
    for value, act, n in counted:
        activities.setdefault(value, {})[str(act)] = int(n)
    designed = designed_personas(journey)
    parts = {}
    for value in set(cases) | (designed if program is not None else set()):
        acts = activities.get(value, {})
        parts[value] = Conformance._build(
            journey,
            design.allowed,
            design.allow_repeats,
            transitions.get(value, {}),
            cases.get(value, []),
            {a: matched.mapping[a] for a in acts if a in matched.mapping},
            {a: n for a, n in acts.items() if a not in matched.mapping},
        )
    return Conformance._split(
        journey,
        design.allowed,
        design.allow_repeats,
        parts,
        {value: None if program is None or value is None else value in designed for value in parts},
        matched.mapping,
        unknown,
    )


def _flag(condition: nw.Expr) -> nw.Expr:
    """1 where the condition holds, else 0 (also where it is null)."""
    return nw.when(condition).then(nw.lit(1, dtype=nw.Int64)).otherwise(nw.lit(0, dtype=nw.Int64))


def _among(expr: nw.Expr, values: Sequence[int]) -> nw.Expr:
    """Whether ``expr`` is one of ``values`` (an empty list is no engine's friend)."""
    return expr.is_in(list(values)) if values else nw.lit(value=False)


@dataclass(frozen=True)
class _Design:
    """The designed journey as step positions: allowed pairs, starts and ends."""

    size: int
    allowed: frozenset[tuple[int, int]]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    allow_repeats: bool

    @classmethod
    def of(cls, journey: Journey, *, allow_repeats: bool) -> _Design:
        ids = [step.id for step in journey.steps]
        position = {step_id: i for i, step_id in enumerate(ids)}
        allowed = {(position[s], position[t]) for s in ids for t in journey.successors(s)}
        if allow_repeats:
            allowed |= {(i, i) for i in range(len(ids))}
        led_to = {t for s, t in allowed if s != t}
        starts = sorted({0} | (set(range(len(ids))) - led_to)) if ids else []
        ends = [position[s] for s in ids if not journey.successors(s)]
        return cls(
            size=len(ids),
            allowed=frozenset(allowed),
            starts=tuple(starts),
            ends=tuple(ends),
            allow_repeats=allow_repeats,
        )

    def allows(self, source: str, target: str) -> nw.Expr:
        """Whether ``source -> target`` is allowed, as one ``is_in`` over integer keys."""
        keys = sorted(s * self.size + t for s, t in self.allowed)
        return _among(nw.col(source) * self.size + nw.col(target), keys)
