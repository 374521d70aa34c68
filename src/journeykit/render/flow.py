"""The designed flow of a journey with the observed one drawn over it, as Graphviz DOT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._text import dot_label
from journeykit.render._diagram import Diagram

if TYPE_CHECKING:
    from journeykit.analytics.conformance import Conformance
    from journeykit.journeys import Journey

__all__ = ["flow"]

DESIGNED = "#78909c"
DEVIATION = "#c62828"
UNSEEN = "#b0bec5"


def flow(journey: Journey, observed: Conformance | None = None, *, min_count: int = 1) -> Diagram:
    """The steps of ``journey`` and the moves between them; with ``observed``, what cases did.

    Steps are boxes, grouped by stage, joined by the designed transitions
    (``next``, or the following step). Given a ``journeykit.analytics.
    conformance`` result of this journey, the observed graph is drawn on the
    designed one:

    - a designed transition is labelled with how many times cases took it
      (the more, the thicker), and drawn dashed and pale when no case did;
    - a transition the design does not allow is a red edge with its count
      (those seen fewer than ``min_count`` times are left out);
    - a step no case reached is drawn dashed and pale.

    Node names are generated (``n1``, ``n2``, ...); step names appear only in
    escaped labels. Returns a ``graphviz.Digraph``; save it with
    ``journeykit.render.save`` as ``.dot``, ``.svg``, ``.png`` or ``.pdf``.

    Examples
    --------
    >>> receipt = jk.example("permit-receipt").journey("receipt")
    >>> print(jk.render.flow(receipt).source.splitlines()[0])
    digraph flow {
    """
    names = {step.id: f"n{i}" for i, step in enumerate(journey.steps, start=1)}
    counts: dict[tuple[str, str], int] = {}
    allowed: set[tuple[str, str]] = set()
    unseen: set[str] = set()
    if observed is not None:
        if observed.journey != journey.id:
            raise ValueError(f"the conformance result is of journey {observed.journey!r}, not {journey.id!r}")
        if observed.segment is not None:
            # A split result holds every persona's counts in one table: draw one persona at a time.
            raise ValueError(
                f"the conformance result is split by {observed.segment}; draw one with "
                "observed.for_segment(value), or run conformance without segment="
            )
        frame = observed.transitions[["source", "target", "count", "allowed"]]
        for source, target, count, is_allowed in frame.itertuples(index=False, name=None):
            counts[(str(source), str(target))] = int(count)
            if is_allowed:
                allowed.add((str(source), str(target)))
        unseen = set(observed.unobserved_steps["step"])

    dot = Diagram(
        "flow",
        graph_attr={
            "rankdir": "LR",
            "fontname": "Helvetica",
            "label": dot_label(journey.name),
            "labelloc": "t",
            "newrank": "true",
        },
        node_attr={"fontname": "Helvetica", "fontsize": "10", "shape": "box", "style": "rounded,filled"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9"},
    )
    for number, stage in enumerate(journey.stages, start=1):
        with dot.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(label=dot_label(stage.name), style="rounded", color="#cfd8dc")
            for step in stage.steps:
                if step.id in unseen:
                    cluster.node(
                        names[step.id],
                        dot_label(step.name),
                        fillcolor="#fafafa",
                        color=UNSEEN,
                        style="rounded,dashed",
                    )
                else:
                    cluster.node(names[step.id], dot_label(step.name), fillcolor="#e3f2fd", color="#3f7cc2")

    busiest = max(counts.values(), default=0)

    def width(count: int) -> str:  # thicker for the paths most cases take
        return f"{1 + 3 * count / busiest:.2f}" if busiest else "1"

    designed = {(step.id, target) for step in journey.steps for target in journey.successors(step.id)}
    for source, target in sorted(designed, key=lambda pair: (names[pair[0]], names[pair[1]])):
        attrs = {"color": DESIGNED}
        if observed is not None:
            taken = counts.get((source, target), 0)
            attrs["label"] = f"{taken:,}"
            attrs["penwidth"] = width(taken)
            if not taken:
                attrs.update(color=UNSEEN, style="dashed", fontcolor=UNSEEN)
        dot.edge(names[source], names[target], **attrs)
    deviations = [
        (pair, count)
        for pair, count in counts.items()
        if pair not in designed and pair not in allowed and count >= min_count
    ]
    for (source, target), count in sorted(deviations, key=lambda item: (-item[1], item[0])):
        dot.edge(
            names[source],
            names[target],
            label=f"{count:,}",
            color=DEVIATION,
            fontcolor=DEVIATION,
            penwidth=width(count),
            constraint="false",
        )
    return dot
