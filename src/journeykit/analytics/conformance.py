"""Conformance: does what customers did follow the designed journey?

``conformance`` reads an event table and a designed ``Journey`` and reports
the designed steps nobody took, the observed transitions the design does not
allow, the activities the design does not know, and how well each case fits
the design. It runs where the data is (see ``journeykit.analytics._events``);
the per-case figures and the transition counts reach Python.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import narwhals as nw

from journeykit._text import html_text
from journeykit.analytics._events import CASE, ROW, TIME, EventColumns, prepare
from journeykit.analytics._mapping import STEP, StepsOption, with_steps

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Journey

__all__ = ["CASE_COLUMNS", "Conformance", "conformance"]

#: The columns of ``Conformance.cases``.
CASE_COLUMNS = (
    "case",
    "events",
    "unknown_events",
    "transitions",
    "allowed",
    "fitness",
    "designed_start",
    "designed_end",
)

_SOURCE = "__jk_source"
_NEXT = "__jk_next"
_ALLOWED = "__jk_allowed"
_START = "__jk_is_start"
_END = "__jk_is_end"
_ALL = "__jk_all"


def conformance(
    events: Any,
    journey: Journey,
    *,
    case: str = "case:concept:name",
    activity: str = "concept:name",
    timestamp: str = "time:timestamp",
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
        The designed journey.
    case, activity, timestamp
        Column names; the defaults are the XES names. ``timestamp`` must hold
        datetimes.
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
        ``.fitness`` and ``.fitting``.

    Raises
    ------
    journeykit.analytics.EventLogError
        A named column is missing, or ``timestamp`` does not hold datetimes.
    journeykit.analytics._mapping.StepMappingError
        An activity matches two steps, or ``steps`` names an unknown step.

    Notes
    -----
    One window pass (``lag`` and ``lead`` over each case) pairs each event
    with its neighbours; the allowed pairs are a list of integer keys the
    engine checks with ``is_in``. Two group-bys, per transition and per case,
    finish the work: O(n log n) for n events. The per-case table has one row
    per case, so for very many cases it is the largest result that reaches
    Python.

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
    """
    if not isinstance(allow_repeats, bool):
        raise TypeError(f"allow_repeats must be True or False, not {allow_repeats!r}")
    columns = EventColumns(case=case, activity=activity, timestamp=timestamp)
    prepared = prepare(events, columns)
    matched = with_steps(prepared, journey, steps)
    design = _Design.of(journey, allow_repeats=allow_repeats)

    order = [TIME, ROW]
    mapped = matched.frame.filter(~nw.col(STEP).is_null()).with_columns(
        nw.col(STEP).shift(1).over(CASE, order_by=order).alias(_SOURCE),
        nw.col(STEP).shift(-1).over(CASE, order_by=order).alias(_NEXT),
    )
    pairs = (
        mapped.filter(~nw.col(_SOURCE).is_null())
        .group_by(_SOURCE, STEP)
        .agg(nw.len().alias("n"))
        .select(_SOURCE, STEP, "n")
        .collect()
        .iter_rows()
    )
    transitions = {(int(s), int(t)): int(n) for s, t, n in pairs}

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
        every_case.join(per_case, on=CASE, how="left")
        .select(CASE, _ALL, "events", "transitions", "allowed", "start", "end")
        .collect()
        .iter_rows()
    )
    return Conformance._build(journey, design, transitions, list(rows), matched.mapping, matched.unknown)


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


# -- the result ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Conformance:
    """What ``conformance`` found: where the observed cases leave the design.

    Every frame has a fixed row order, given below.

    Attributes
    ----------
    unobserved_steps
        ``stage``, ``step`` (ids) and ``name`` of every designed step no
        event matched, in design order.
    transitions
        Every observed transition between steps: ``source``, ``target``
        (step ids), ``count`` and ``allowed``; most frequent first, then by
        ids.
    disallowed
        ``source``, ``target`` and ``count`` of the transitions the design
        does not allow, in the same order.
    unknown
        ``activity`` and ``count``: activities no step matched, with their
        number of events; most frequent first.
    cases
        One row per case: ``case``, ``events`` (events of designed steps),
        ``unknown_events``, ``transitions``, ``allowed``, ``fitness``
        (``allowed / transitions``; 1.0 without transitions, NaN without
        events of designed steps), ``designed_start`` (the case begins at the
        first step of the journey, or at a step no other step leads to) and
        ``designed_end`` (it ends at a step with no successor); the last two
        are NA for cases without events of designed steps. Least fitting
        first, then by case.
    fitness
        The mean fitness of the cases that have events of designed steps
        (NaN if none has).
    fitting
        The share of those cases whose every transition is allowed.
    mapping
        Activity -> step id, as matched.
    journey
        The id of the journey.
    allow_repeats
        Whether a step could follow itself without the design saying so.
    """

    unobserved_steps: pd.DataFrame
    transitions: pd.DataFrame
    disallowed: pd.DataFrame
    unknown: pd.DataFrame
    cases: pd.DataFrame
    fitness: float
    fitting: float
    mapping: Mapping[str, str]
    journey: str
    allow_repeats: bool = True

    @classmethod
    def _build(
        cls,
        journey: Journey,
        design: _Design,
        transitions: Mapping[tuple[int, int], int],
        rows: Sequence[tuple[Any, ...]],
        mapping: Mapping[str, str],
        unknown: Mapping[str, int],
    ) -> Conformance:
        import pandas as pd

        ids = [step.id for step in journey.steps]
        observed = {ids.index(step_id) for step_id in mapping.values()}
        unobserved = [
            (stage.id, step.id, step.name)
            for stage in journey.stages
            for step in stage.steps
            if ids.index(step.id) not in observed
        ]
        pairs = sorted(
            ((ids[s], ids[t], n, (s, t) in design.allowed) for (s, t), n in transitions.items()),
            key=lambda p: (-p[2], p[0], p[1]),
        )
        transition_frame = pd.DataFrame(
            {
                "source": pd.Series([p[0] for p in pairs], dtype="str"),
                "target": pd.Series([p[1] for p in pairs], dtype="str"),
                "count": pd.Series([p[2] for p in pairs], dtype="int64"),
                "allowed": pd.Series([p[3] for p in pairs], dtype="bool"),
            }
        )
        disallowed = transition_frame.loc[~transition_frame["allowed"], ["source", "target", "count"]]
        unknown_rows = sorted(unknown.items(), key=lambda item: (-item[1], item[0]))

        cases = sorted((_case_row(row) for row in rows), key=_case_order)
        measured = [c[5] for c in cases if not math.isnan(c[5])]
        kinds = ("object", "int64", "int64", "int64", "int64", "float64", "boolean", "boolean")
        case_frame = pd.DataFrame(
            {
                name: pd.Series([c[i] for c in cases], dtype=kind)
                for i, (name, kind) in enumerate(zip(CASE_COLUMNS, kinds, strict=True))
            }
        )
        if cases:  # one column type per case type: int64 for integer ids, str for text
            case_frame["case"] = pd.Series([c[0] for c in cases])
        return cls(
            unobserved_steps=pd.DataFrame(
                {
                    name: pd.Series([u[i] for u in unobserved], dtype="str")
                    for i, name in enumerate(("stage", "step", "name"))
                }
            ),
            transitions=transition_frame,
            disallowed=disallowed.reset_index(drop=True),
            unknown=pd.DataFrame(
                {
                    "activity": pd.Series([a for a, _ in unknown_rows], dtype="str"),
                    "count": pd.Series([n for _, n in unknown_rows], dtype="int64"),
                }
            ),
            cases=case_frame,
            fitness=sum(measured) / len(measured) if measured else math.nan,
            fitting=sum(f == 1.0 for f in measured) / len(measured) if measured else math.nan,
            mapping=dict(mapping),
            journey=journey.id,
            allow_repeats=design.allow_repeats,
        )

    # -- comparing and showing ---------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Conformance):
            return NotImplemented
        mine = (self.journey, self.allow_repeats, dict(self.mapping), self.fitness, self.fitting)
        theirs = (other.journey, other.allow_repeats, dict(other.mapping), other.fitness, other.fitting)
        same_numbers = all(
            a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
            for a, b in zip(mine, theirs, strict=True)
        )
        return same_numbers and all(getattr(self, n).equals(getattr(other, n)) for n in _FRAMES)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Conformance to journey {self.journey!r}: {len(self.cases)} cases, fitness "
            f"{_number(self.fitness)}, {_percent(self.fitting)} fitting, {len(self.disallowed)} "
            f"disallowed transitions, {len(self.unobserved_steps)} unobserved steps, "
            f"{len(self.unknown)} unknown activities>"
        )

    def __str__(self) -> str:
        lines = [repr(self)[1:-1]]
        sections: list[tuple[str, pd.DataFrame, str]] = [
            ("Transitions the design does not allow:", self.disallowed, "{source} -> {target}: {count}"),
            ("Designed steps never observed:", self.unobserved_steps, "{step} ({name})"),
            ("Activities unknown to the design:", self.unknown, "{activity}: {count}"),
        ]
        for title, frame, shape in sections:
            if len(frame):
                lines += ["", title]
                records = frame.head(_SHOWN).to_dict("records")
                lines += ["  " + shape.format(**{str(k): v for k, v in r.items()}) for r in records]
                if len(frame) > _SHOWN:
                    lines.append(f"  ... {len(frame) - _SHOWN} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html_text(c)}</th>" for c in ("source", "target", "count"))
        body = "".join(
            f"<tr><td>{html_text(r.source)}</td><td>{html_text(r.target)}</td><td>{r.count}</td></tr>"
            for r in self.disallowed.head(_SHOWN).itertuples(index=False)
        )
        caption = html_text(repr(self)[1:-1])
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


_FRAMES = ("unobserved_steps", "transitions", "disallowed", "unknown", "cases")
_SHOWN = 10


def _case_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """(case, events, unknown events, transitions, allowed, fitness, start, end) from
    (case, all events, events, transitions, allowed, starts, ends); the last five
    are null for a case without events of designed steps."""
    case, every, events, transitions, allowed, start, end = row
    if events is None:
        return (case, 0, int(every), 0, 0, math.nan, None, None)
    events, transitions, allowed = int(events), int(transitions), int(allowed)
    fitness = allowed / transitions if transitions else 1.0
    return (case, events, int(every) - events, transitions, allowed, fitness, bool(start), bool(end))


def _case_order(row: tuple[Any, ...]) -> tuple[bool, float, Any]:
    fitness = row[5]
    return (math.isnan(fitness), fitness if not math.isnan(fitness) else 0.0, row[0])


def _number(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3g}"


def _percent(share: float) -> str:
    return "-" if math.isnan(share) else f"{share:.0%}"
