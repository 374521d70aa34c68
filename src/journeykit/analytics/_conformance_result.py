"""What ``conformance`` returns: where the observed cases leave the design, looked up, printed and shown."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journeykit._text import html_text
from journeykit.analytics._personas import (
    PersonaSegment,
    no_unknown_personas,
    part_of,
    segment_label,
    segment_order,
    stack,
    unknown_personas_line,
)

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Journey

__all__ = ["CASE_COLUMNS", "Conformance", "Transitions"]

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

#: (source, target) step positions -> how many times one directly followed the other.
Transitions = Mapping[tuple[int, int], int]


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
    segment
        ``"persona"`` when ``conformance`` split by persona, else ``None``.
        Split, the frames above start with a ``segment`` column and hold
        each persona's rows in turn, in the order of ``segments``;
        ``for_segment(value)`` gives one persona's result as a plain
        ``Conformance`` (for ``journeykit.render.flow``, say). ``fitness``,
        ``fitting`` and ``mapping`` stay those of all cases.
    segments
        One row per persona, by name, ``None`` (the cases without a persona)
        last: ``segment``, ``cases``, ``fitness``, ``fitting`` and
        ``takes_journey`` -- whether the design has that persona take the
        journey (it is one of ``journey.personas`` or of a step's
        ``personas``), NA unless ``program=`` was given. One row, segment
        ``None``, when not split.
    unknown_personas
        ``persona``, ``cases`` (with an event that has the value),
        ``events`` (that have it) and ``suggestion`` (the closest persona id,
        or None): the values of the persona column that are no persona id of
        the programme given as ``program=``, most cases first. Empty when
        every value is known, or nothing was checked.
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
    segment: PersonaSegment | None = None
    segments: pd.DataFrame = field(default_factory=lambda: _segments_frame([]))
    unknown_personas: pd.DataFrame = field(default_factory=no_unknown_personas)
    _parts: Mapping[str | None, Conformance] = field(default_factory=dict, repr=False)

    @classmethod
    def _build(
        cls,
        journey: Journey,
        allowed: frozenset[tuple[int, int]],
        allow_repeats: bool,
        transitions: Transitions,
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
            ((ids[s], ids[t], n, (s, t) in allowed) for (s, t), n in transitions.items()),
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
        fitness = sum(measured) / len(measured) if measured else math.nan
        fitting = sum(f == 1.0 for f in measured) / len(measured) if measured else math.nan
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
            fitness=fitness,
            fitting=fitting,
            mapping=dict(mapping),
            journey=journey.id,
            allow_repeats=allow_repeats,
            segments=_segments_frame([(None, len(cases), fitness, fitting, None)]),
        )

    @classmethod
    def _split(
        cls,
        journey: Journey,
        allowed: frozenset[tuple[int, int]],
        allow_repeats: bool,
        parts: Mapping[str | None, Conformance],
        takes: Mapping[str | None, bool | None],
        mapping: Mapping[str, str],
        unknown_personas: pd.DataFrame,
    ) -> Conformance:
        """One result of the persona segments' results, each ``_build`` from its rows."""
        order = segment_order(parts)
        empty = cls._build(journey, allowed, allow_repeats, {}, [], {}, {})
        stacked = {
            name: stack([(value, getattr(parts[value], name)) for value in order], getattr(empty, name))
            for name in _FRAMES
        }
        # Summed in the order ``_build`` sums them (least fitting first), so the
        # overall figures are those of the unsplit result, to the last bit.
        measured = sorted(f for part in parts.values() for f in part.cases["fitness"] if not math.isnan(f))
        return cls(
            unobserved_steps=stacked["unobserved_steps"],
            transitions=stacked["transitions"],
            disallowed=stacked["disallowed"],
            unknown=stacked["unknown"],
            cases=stacked["cases"],
            fitness=sum(measured) / len(measured) if measured else math.nan,
            fitting=sum(f == 1.0 for f in measured) / len(measured) if measured else math.nan,
            mapping=dict(mapping),
            journey=journey.id,
            allow_repeats=allow_repeats,
            segment="persona",
            segments=_segments_frame(
                [
                    (value, len(parts[value].cases), parts[value].fitness, parts[value].fitting, takes[value])
                    for value in order
                ]
            ),
            unknown_personas=unknown_personas,
            _parts={value: parts[value] for value in order},
        )

    def for_segment(self, value: str | None) -> Conformance:
        """One persona's conformance, as ``conformance`` finds it on that
        persona's cases alone; ``None``: the cases without a persona.

        ``KeyError`` if the result is not split, or has no such segment.

        Examples
        --------
        >>> import pandas as pd
        >>> journey = jk.Journey(id="shop", name="Web shop", stages=[
        ...     jk.Stage(id="explore", name="Explore", steps=[jk.Step(id="visit", name="Visit")]),
        ...     jk.Stage(id="buy", name="Buy", steps=[
        ...         jk.Step(id="cart", name="Add to cart"), jk.Step(id="pay", name="Pay")]),
        ... ])
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2"],
        ...     "concept:name": ["Visit", "Add to cart", "Pay", "Visit", "Pay"],
        ...     "time:timestamp": pd.to_datetime(
        ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 10:06",
        ...          "2024-01-02 09:00", "2024-01-02 09:10"]),
        ...     "who": ["new", "new", "new", "old", "old"],
        ... })
        >>> split = jk.analytics.conformance(log, journey, persona="who", segment="persona")
        >>> split.for_segment("new").fitness, split.for_segment("old").fitness
        (1.0, 0.0)
        >>> split.for_segment("old").disallowed
          source target  count
        0  visit    pay      1
        >>> split.for_segment("guest")
        Traceback (most recent call last):
        ...
        KeyError: "no persona 'guest' in this conformance result; its segments are: 'new', 'old'"
        """
        return part_of(self._parts, self.segment, value, "conformance result")

    # -- comparing and showing ---------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Conformance):
            return NotImplemented
        mine = (
            self.journey,
            self.allow_repeats,
            self.segment,
            dict(self.mapping),
            self.fitness,
            self.fitting,
        )
        theirs = (
            other.journey,
            other.allow_repeats,
            other.segment,
            dict(other.mapping),
            other.fitness,
            other.fitting,
        )
        same_numbers = all(
            a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
            for a, b in zip(mine, theirs, strict=True)
        )
        return same_numbers and all(getattr(self, n).equals(getattr(other, n)) for n in _COMPARED)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self.segment is None:
            disallowed, unobserved, unknown = (
                len(self.disallowed),
                len(self.unobserved_steps),
                len(self.unknown),
            )
            by = ""
        else:  # the distinct ones, over all segments; unobserved: by no case at all
            disallowed = len(self.disallowed[["source", "target"]].drop_duplicates())
            unobserved = len(set(self.unobserved_steps["step"]) - set(self.mapping.values()))
            unknown = self.unknown["activity"].nunique()
            by = f", by {self.segment} ({len(self.segments)} segments)"
        return (
            f"<Conformance to journey {self.journey!r}: {len(self.cases)} cases, fitness "
            f"{_number(self.fitness)}, {_percent(self.fitting)} fitting, {disallowed} "
            f"disallowed transitions, {unobserved} unobserved steps, "
            f"{unknown} unknown activities{by}>"
        )

    def __str__(self) -> str:
        lines = [repr(self)[1:-1]]
        if self.segment is not None:
            import pandas as pd

            for value, takes in zip(self.segments["segment"], self.segments["takes_journey"], strict=True):
                part = self._parts[value]
                design = ""
                if not pd.isna(takes):
                    design = (
                        ", takes the journey in the design" if takes else ", not in the design of the journey"
                    )
                lines += [
                    "",
                    f"{self.segment} {segment_label(value)}: {len(part.cases)} cases, fitness "
                    f"{_number(part.fitness)}, {_percent(part.fitting)} fitting{design}",
                ]
                lines += [f"  {line}" if line else "" for line in str(part).splitlines()[1:]]
            return "\n".join(lines + unknown_personas_line(self.unknown_personas))
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
        return "\n".join(lines + unknown_personas_line(self.unknown_personas))

    def _repr_html_(self) -> str:
        names = ["source", "target", "count"]
        if self.segment is not None:
            names.insert(0, self.segment)
        head = "".join(f"<th>{html_text(c)}</th>" for c in names)
        pieces = [(None, self)] if self.segment is None else list(self._parts.items())
        rows = []
        for value, part in pieces:
            for r in part.disallowed.head(_SHOWN).itertuples(index=False):
                cells = [html_text(r.source), html_text(r.target), str(r.count)]
                if self.segment is not None:
                    cells.insert(0, html_text(segment_label(value)))
                rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        body = "".join(rows)
        caption = html_text(repr(self)[1:-1])
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


_FRAMES = ("unobserved_steps", "transitions", "disallowed", "unknown", "cases")
_COMPARED = (*_FRAMES, "segments", "unknown_personas")
_SHOWN = 10


def _segments_frame(rows: Sequence[tuple[str | None, int, float, float, bool | None]]) -> pd.DataFrame:
    """``Conformance.segments`` from (segment, cases, fitness, fitting, takes the journey)."""
    import pandas as pd

    names = ("segment", "cases", "fitness", "fitting", "takes_journey")
    kinds = ("object", "int64", "float64", "float64", "boolean")
    frame: pd.DataFrame = pd.DataFrame(
        {
            name: pd.Series([row[i] for row in rows], dtype=kind)
            for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
        }
    )
    return frame


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
