"""What ``discover`` returns: the observed journey, its frames, and how it shows itself."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from journeykit._text import dot_label, html_text
from journeykit.analytics._naming import human_duration, unique_slugs
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
    import graphviz
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from journeykit.journeys import Journey

__all__ = ["EDGE_COLUMNS", "ObservedJourney", "Variants"]

#: The columns of ``ObservedJourney.edges``; durations are in seconds.
EDGE_COLUMNS = ("source", "target", "count", "mean", "median", "min", "max")

Variant = tuple[str, ...]


class Variants(NamedTuple):
    """The variants as arrays, in their final order: ``codes`` (positions in the
    sorted activity names) of every variant one after another, the ``lengths``
    of the variants and their ``counts`` (cases)."""

    codes: npt.NDArray[np.int64]
    lengths: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class ObservedJourney:
    """What ``discover`` found: the observed directly-follows graph and its variants.

    Every frame has a fixed row order: count, largest first, then names.

    Attributes
    ----------
    edges
        One row per directly-follows pair: ``source``, ``target``, ``count``
        and the durations between them in seconds, ``mean``, ``median``,
        ``min``, ``max``.
    starts, ends
        ``activity`` and ``count``: how many cases start (end) with it.
    variants
        ``variant`` (the activities of a case, as a tuple) and ``count``, the
        number of cases that took exactly that path.
    activities
        ``activity`` and ``count``: how many events have it.
    cases
        The number of cases.
    stages
        Activity -> its most frequent stage, when ``discover`` had ``stage=``
        (split by persona: over all personas).
    segment
        ``"persona"`` when ``discover`` split by persona, else ``None``.
        Split, every frame above starts with a ``segment`` column and repeats
        its rows for each persona, in the order of ``segments``;
        ``for_segment(value)`` gives one persona's as a plain
        ``ObservedJourney``, which draws and converts as any other.
    segments
        ``segment``, ``cases`` and ``events`` of each persona, by name,
        ``None`` (the cases without a persona) last; one row, segment
        ``None``, when not split.
    unknown_personas
        ``persona``, ``cases`` (with an event that has the value),
        ``events`` (that have it) and ``suggestion`` (the closest persona id,
        or None): the values of the persona column that are no persona id of
        the programme given as ``program=``, most cases first. Empty when
        every value is known, or nothing was checked.
    """

    edges: pd.DataFrame
    starts: pd.DataFrame
    ends: pd.DataFrame
    variants: pd.DataFrame
    activities: pd.DataFrame
    cases: int
    stages: Mapping[str, str] = field(default_factory=dict)
    segment: PersonaSegment | None = None
    segments: pd.DataFrame = field(default_factory=lambda: _segments_frame([], [], []))
    unknown_personas: pd.DataFrame = field(default_factory=no_unknown_personas)
    _parts: Mapping[str | None, ObservedJourney] = field(default_factory=dict, repr=False)

    @classmethod
    def _build(
        cls,
        edges: Sequence[tuple[Any, ...]],
        variants: Variants,
        names: Sequence[str],
        activities: Mapping[str, int],
        stages: Mapping[str, str],
    ) -> ObservedJourney:
        import numpy as np
        import pandas as pd

        counts = variants.counts
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(variants.lengths, out=offsets[1:])
        starts = np.zeros(len(names), dtype=np.int64)
        ends = np.zeros(len(names), dtype=np.int64)
        np.add.at(starts, variants.codes[offsets[:-1]], counts)
        np.add.at(ends, variants.codes[offsets[1:] - 1], counts)
        edge_rows = sorted(edges, key=lambda e: (-e[2], e[0], e[1]))
        edge_frame = pd.DataFrame(
            {
                "source": pd.Series([e[0] for e in edge_rows], dtype="str"),
                "target": pd.Series([e[1] for e in edge_rows], dtype="str"),
                "count": pd.Series([e[2] for e in edge_rows], dtype="int64"),
                **{
                    name: pd.Series([e[i] for e in edge_rows], dtype="float64")
                    for i, name in enumerate(EDGE_COLUMNS[3:], start=3)
                },
            }
        )
        # The variants arrive in order; each becomes a tuple of the names
        # (shared string objects) by slicing one list of all their activities.
        named = np.asarray(names, dtype=object)[variants.codes].tolist()
        bounds = offsets.tolist()
        variant_frame = pd.DataFrame(
            {
                "variant": pd.Series(
                    [tuple(named[a:b]) for a, b in itertools.pairwise(bounds)], dtype="object"
                ),
                "count": pd.Series(counts, dtype="int64"),
            }
        )
        return cls(
            edges=edge_frame,
            starts=_counts({names[i]: int(n) for i, n in enumerate(starts) if n}),
            ends=_counts({names[i]: int(n) for i, n in enumerate(ends) if n}),
            variants=variant_frame,
            activities=_counts(activities),
            cases=int(counts.sum()),
            stages=dict(stages),
            segments=_segments_frame([None], [int(counts.sum())], [sum(activities.values())]),
        )

    @classmethod
    def _split(
        cls,
        parts: Mapping[str | None, ObservedJourney],
        stages: Mapping[str, str],
        unknown_personas: pd.DataFrame,
    ) -> ObservedJourney:
        """One result of the persona segments' results, each ``_build`` from its rows."""
        import numpy as np

        order = segment_order(parts)
        nothing = np.zeros(0, dtype=np.int64)
        empty = cls._build([], Variants(nothing, nothing, nothing), [], {}, {})
        stacked = {
            name: stack([(value, getattr(parts[value], name)) for value in order], getattr(empty, name))
            for name in _FRAMES
        }
        return cls(
            edges=stacked["edges"],
            starts=stacked["starts"],
            ends=stacked["ends"],
            variants=stacked["variants"],
            activities=stacked["activities"],
            cases=sum(part.cases for part in parts.values()),
            stages=dict(stages),
            segment="persona",
            segments=_segments_frame(
                order, [parts[v].cases for v in order], [parts[v].events for v in order]
            ),
            unknown_personas=unknown_personas,
            _parts={value: parts[value] for value in order},
        )

    def for_segment(self, value: str | None) -> ObservedJourney:
        """One persona's observed journey, as ``discover`` finds it on that
        persona's cases alone; ``None``: the cases without a persona.

        ``KeyError`` if the result is not split, or has no such segment.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2", "c3", "c3"],
        ...     "concept:name": ["Visit", "Sign up", "Buy", "Visit", "Buy", "Visit", "Buy"],
        ...     "time:timestamp": pd.to_datetime(
        ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-02 10:05", "2024-01-03 09:00",
        ...          "2024-01-03 09:01", "2024-01-04 09:00", "2024-01-04 09:03"]),
        ...     "who": ["new", "new", "new", "old", "old", "old", "old"],
        ... })
        >>> by_persona = jk.analytics.discover(log, persona="who", segment="persona")
        >>> by_persona.for_segment("old").cases, by_persona.for_segment("old").activity_order()
        (2, ['Visit', 'Buy'])
        >>> by_persona.for_segment("new").activity_order()
        ['Visit', 'Sign up', 'Buy']
        """
        return part_of(self._parts, self.segment, value, "observed journey")

    # -- comparing and showing ------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ObservedJourney):
            return NotImplemented
        return (
            (self.cases, self.segment) == (other.cases, other.segment)
            and dict(self.stages) == dict(other.stages)
            and all(getattr(self, n).equals(getattr(other, n)) for n in _COMPARED)
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def events(self) -> int:
        """The number of events (with a case, an activity and a timestamp).

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2", "c3", "c3"],
        ...     "concept:name": ["Visit", "Sign up", "Buy", "Visit", "Buy", "Visit", "Buy"],
        ...     "time:timestamp": pd.to_datetime(
        ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-02 10:05", "2024-01-03 09:00",
        ...          "2024-01-03 09:01", "2024-01-04 09:00", "2024-01-04 09:03"]),
        ...     "who": ["new", "new", "new", "old", "old", "old", "old"],
        ... })
        >>> jk.analytics.discover(log).events
        7
        """
        return int(self.activities["count"].sum())

    def __repr__(self) -> str:
        if self.segment is None:
            activities, edges, variants = len(self.activities), len(self.edges), len(self.variants)
            by = ""
        else:  # the distinct ones, over all segments
            activities = self.activities["activity"].nunique()
            edges = len(self.edges[["source", "target"]].drop_duplicates())
            variants = self.variants["variant"].nunique()
            by = f", by {self.segment} ({len(self.segments)} segments)"
        return (
            f"<ObservedJourney: {self.cases} cases, {self.events} events, {activities} "
            f"activities, {edges} edges, {variants} variants{by}>"
        )

    def __str__(self) -> str:
        lines = [repr(self)[1:-1]]
        if self.segment is not None:  # each segment's transitions, under its name
            for value, part in self._pieces():
                lines += [
                    "",
                    f"{self.segment} {segment_label(value)}: {part.cases} cases, {part.events} events",
                ]
                lines += [f"  {line}" for line in str(part).splitlines()[2:]]
        else:
            lines += ["", "Most frequent transitions (median time):"]
            shown = self.edges.head(_SHOWN)[["source", "target", "count", "median"]]
            for source, target, count, median in shown.itertuples(index=False, name=None):
                lines.append(f"  {source} -> {target}: {count} ({human_duration(median)})")
            if len(self.edges) > _SHOWN:
                lines.append(f"  ... {len(self.edges) - _SHOWN} more")
        return "\n".join(lines + unknown_personas_line(self.unknown_personas))

    def _pieces(self) -> list[tuple[str | None, ObservedJourney]]:
        """(segment, its result): each segment's, or (None, the whole) when not split."""
        return [(None, self)] if self.segment is None else list(self._parts.items())

    def _repr_html_(self) -> str:
        names = ["source", "target", "count", "median"]
        if self.segment is not None:
            names.insert(0, self.segment)
        head = "".join(f"<th>{html_text(c)}</th>" for c in names)
        rows = []
        for value, part in self._pieces():
            shown = part.edges.head(_SHOWN)[["source", "target", "count", "median"]]
            for source, target, count, median in shown.itertuples(index=False, name=None):
                cells = [html_text(source), html_text(target), str(count), html_text(human_duration(median))]
                if self.segment is not None:
                    cells.insert(0, html_text(segment_label(value)))
                rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        body = "".join(rows)
        caption = html_text(repr(self)[1:-1])
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    # -- conversions ---------------------------------------------------------------

    def _whole(self, what: str) -> None:
        """Refuse a split result where one journey is meant."""
        if self.segment is not None:
            raise ValueError(
                f"this observed journey is split by {self.segment}; {what} needs one: "
                f"take one {self.segment}'s with .for_segment(value) first"
            )

    def activity_order(self) -> list[str]:
        """The activities in journey order: as they first appear when the
        variants are read from the most frequent to the least.

        A result split by persona has one order per persona: take one with
        ``for_segment`` first.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2", "c3", "c3"],
        ...     "concept:name": ["Visit", "Sign up", "Buy", "Visit", "Buy", "Visit", "Buy"],
        ...     "time:timestamp": pd.to_datetime(
        ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-02 10:05", "2024-01-03 09:00",
        ...          "2024-01-03 09:01", "2024-01-04 09:00", "2024-01-04 09:03"]),
        ...     "who": ["new", "new", "new", "old", "old", "old", "old"],
        ... })
        >>> jk.analytics.discover(log).activity_order()  # (Visit, Buy) is the most frequent variant
        ['Visit', 'Buy', 'Sign up']
        >>> jk.analytics.discover(log, persona="who", segment="persona").activity_order()
        Traceback (most recent call last):
        ...
        ValueError: this observed journey is split by persona; ... with .for_segment(value) first
        """
        self._whole("activity_order()")
        seen: dict[str, None] = {}
        for variant in self.variants["variant"]:
            for act in variant:
                seen.setdefault(act, None)
        return list(seen)

    def to_journey(self, *, id: str = "observed", name: str = "Observed journey") -> Journey:
        """The observed journey as a ``Journey``, so the journey views can draw it.

        Each activity becomes a step: its name is the activity, its id a slug of
        it (made unique with ``-2``, ``-3``...), its ``next`` the activities
        observed after it (most frequent first; ``[]`` if none), its emotion
        unknown. Steps follow ``activity_order()``. They sit in one stage,
        ``observed``, or -- when ``discover`` had ``stage=`` -- each in its
        activity's most frequent stage, stages in order of their first step.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({
        ...     "case:concept:name": ["c1", "c1", "c1", "c2", "c2", "c3", "c3"],
        ...     "concept:name": ["Visit", "Sign up", "Buy", "Visit", "Buy", "Visit", "Buy"],
        ...     "time:timestamp": pd.to_datetime(
        ...         ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-02 10:05", "2024-01-03 09:00",
        ...          "2024-01-03 09:01", "2024-01-04 09:00", "2024-01-04 09:03"]),
        ...     "who": ["new", "new", "new", "old", "old", "old", "old"],
        ... })
        >>> journey = jk.analytics.discover(log).to_journey(id="shop", name="Web shop as observed")
        >>> [(step.id, step.next) for step in journey.steps]
        [('visit', ('buy', 'sign-up')), ('buy', ()), ('sign-up', ('buy',))]
        >>> journey.description
        'Discovered from 3 cases and 7 events.'
        """
        from journeykit.journeys import Journey, Stage, Step

        self._whole("to_journey()")
        order = self.activity_order()
        ids = unique_slugs(order)
        counts = dict(zip(self.activities["activity"], self.activities["count"], strict=True))
        successors: dict[str, list[str]] = {act: [] for act in order}
        for source, target in zip(self.edges["source"], self.edges["target"], strict=True):
            successors[source].append(ids[target])
        steps = {
            act: Step(
                id=ids[act],
                name=act if act.strip() else "(no name)",
                description=f"Observed {counts[act]} times.",
                next=tuple(successors[act]),
            )
            for act in order
        }
        grouped: dict[str, list[Step]] = {}
        for act in order:
            label = self.stages.get(act, "(no stage)") if self.stages else "Observed"
            grouped.setdefault(label, []).append(steps[act])
        stage_ids = unique_slugs(list(grouped), fallback="stage")
        stages = [Stage(id=stage_ids[label], name=label, steps=s) for label, s in grouped.items()]
        return Journey(
            id=id,
            name=name,
            description=f"Discovered from {self.cases} cases and {self.events} events.",
            stages=stages,
        )

    def to_dot(self, *, min_count: int = 1) -> graphviz.Digraph:
        r"""The observed directly-follows graph as Graphviz DOT.

        Nodes are activities (with their event count), edges are labelled with
        their count and median duration, and their width grows with the count.
        A start and an end node show how many cases start and end where.
        Edges seen fewer than ``min_count`` times are left out, and so are
        activities seen fewer than ``min_count`` times that no kept edge
        touches. Node names are generated (``n1``, ``n2``...); activity names
        appear only in escaped labels.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({"case:concept:name": [1, 1], "concept:name": ["a", "b"],
        ...     "time:timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:30"])})
        >>> dot = jk.analytics.discover(log).to_dot()
        >>> print("\n".join(line.strip() for line in dot.source.splitlines() if "->" in line))
        start -> n1 [label=1 penwidth=5.0 style=dashed]
        n1 -> n2 [label="1\n30 min" penwidth=5.0]
        n2 -> end [label=1 penwidth=5.0 style=dashed]
        """
        from journeykit.render._diagram import Diagram

        self._whole("to_dot()")
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be a positive integer, not {min_count!r}")
        kept = self.edges[self.edges["count"] >= min_count]
        starts = self.starts[self.starts["count"] >= min_count]
        ends = self.ends[self.ends["count"] >= min_count]
        counts = dict(zip(self.activities["activity"], self.activities["count"], strict=True))
        shown = {a for a in counts if counts[a] >= min_count}
        shown |= set(kept["source"]) | set(kept["target"])
        top = max([1, *kept["count"], *starts["count"], *ends["count"]])

        dot = Diagram(
            "observed",
            graph_attr={"rankdir": "LR", "fontname": "Helvetica"},
            node_attr={"fontname": "Helvetica", "fontsize": "10", "shape": "box", "style": "rounded,filled"},
            edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#607d8b"},
        )
        names: dict[str, str] = {}
        for act in self.activity_order():
            if act in shown:
                names[act] = f"n{len(names) + 1}"
                dot.node(names[act], f"{dot_label(act)}\\n{counts[act]}", fillcolor="#e3f2fd")
        dot.node("start", "", shape="circle", style="filled", fillcolor="#66bb6a", width="0.3")
        dot.node("end", "", shape="doublecircle", style="filled", fillcolor="#ef5350", width="0.25")

        def width(count: int) -> str:
            return f"{1 + 4 * count / top:.1f}"

        for act, count in starts.itertuples(index=False):
            if act in names:
                dot.edge("start", names[act], label=str(count), penwidth=width(count), style="dashed")
        for source, target, count, median in kept[["source", "target", "count", "median"]].itertuples(
            index=False, name=None
        ):
            label = f"{count}\\n{human_duration(median)}"
            dot.edge(names[source], names[target], label=label, penwidth=width(count))
        for act, count in ends.itertuples(index=False):
            if act in names:
                dot.edge(names[act], "end", label=str(count), penwidth=width(count), style="dashed")
        return dot


_FRAMES = ("edges", "starts", "ends", "variants", "activities")
_COMPARED = (*_FRAMES, "segments", "unknown_personas")
_SHOWN = 10


def _segments_frame(
    values: Sequence[str | None], cases: Sequence[int], events: Sequence[int]
) -> pd.DataFrame:
    import pandas as pd

    frame: pd.DataFrame = pd.DataFrame(
        {
            "segment": pd.Series(list(values), dtype="object"),
            "cases": pd.Series(list(cases), dtype="int64"),
            "events": pd.Series(list(events), dtype="int64"),
        }
    )
    return frame


def _counts(counter: Mapping[str, int]) -> pd.DataFrame:
    import pandas as pd

    rows = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    frame: pd.DataFrame = pd.DataFrame(
        {
            "activity": pd.Series([a for a, _ in rows], dtype="str"),
            "count": pd.Series([n for _, n in rows], dtype="int64"),
        }
    )
    return frame
