"""What ``funnel`` returns: reach and drop-off per stage and step, looked up, printed and shown."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from journeykit._text import html_text
from journeykit.analytics._naming import human_duration
from journeykit.analytics._personas import no_unknown_personas, segment_label, unknown_personas_line

if TYPE_CHECKING:
    import pandas as pd

    from journeykit.journeys import Journey

__all__ = ["FUNNEL_COLUMNS", "Funnel", "Segment", "Stats"]

#: What a funnel may be segmented by.
Segment = Literal["persona", "channel"]

#: The measures of every row of ``Funnel.stages`` and ``Funnel.steps``.
FUNNEL_COLUMNS = (
    "reached",
    "share_of_previous",
    "share_of_start",
    "drop_off",
    "dropped",
    "median_from_previous",
)

#: (segment, position in design order) -> (cases that reached it, of those the cases
#: that also reached the row before, median seconds from the row before).
Stats = dict[tuple[str | None, int], tuple[int, int, float]]


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
    unknown_personas
        ``persona``, ``cases`` (with an event that has the value),
        ``events`` (that have it) and ``suggestion`` (the closest persona id,
        or None): the values of the persona column that are no persona id of
        the programme given as ``program=``, most cases first. Empty when
        every value is known, or nothing was checked.
    """

    stages: pd.DataFrame
    steps: pd.DataFrame
    cases: int
    segments: pd.DataFrame
    unknown: pd.DataFrame
    mapping: Mapping[str, str]
    journey: str
    segment: Segment | None = None
    unknown_personas: pd.DataFrame = field(default_factory=no_unknown_personas)

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
        unknown_personas: pd.DataFrame | None = None,
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
            unknown_personas=no_unknown_personas() if unknown_personas is None else unknown_personas,
        )

    # -- looking up ----------------------------------------------------------------

    def step(self, step_id: str, segment: str | None = None) -> pd.Series:
        """The row of one step: its measures by name (``row["reached"]``).

        In a segmented funnel, ``segment`` picks the segment (``None``: the
        cases without a value). ``KeyError`` if there is no such row.

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
        ...     "who": ["new", "new", "new", "old", "old", "new"],
        ... })
        >>> row = jk.analytics.funnel(log, journey).step("cart")
        >>> int(row["reached"]), int(row["dropped"]), float(row["median_from_previous"])  # seconds
        (2, 1, 450.0)
        >>> by_persona = jk.analytics.funnel(log, journey, persona="who", segment="persona")
        >>> row = by_persona.step("cart", "new")
        >>> int(row["reached"]), float(row["share_of_start"])
        (1, 0.5)
        >>> by_persona.step("checkout", "new")
        Traceback (most recent call last):
        ...
        KeyError: "journey 'shop' has no step 'checkout'"
        """
        return self._row(self.steps, "step", step_id, segment)

    def stage(self, stage_id: str, segment: str | None = None) -> pd.Series:
        """The row of one stage, as ``step`` gives that of a step.

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
        ...     "who": ["new", "new", "new", "old", "old", "new"],
        ... })
        >>> row = jk.analytics.funnel(log, journey).stage("buy")
        >>> row["name"], int(row["reached"]), float(row["share_of_start"])
        ('Buy', 2, 0.6666666666666666)
        >>> by_persona = jk.analytics.funnel(log, journey, persona="who", segment="persona")
        >>> int(by_persona.stage("buy", "old")["reached"])
        1
        """
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
                lines.append(f"{self.segment} {segment_label(value)}:")
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
        return "\n".join(lines + unknown_personas_line(self.unknown_personas))

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
                    cells.insert(0, segment_label(value))
                body.append("<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in cells) + "</tr>")
        caption = html_text(repr(self)[1:-1])
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )


_FRAMES = ("stages", "steps", "segments", "unknown", "unknown_personas")
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
