"""The designed flow of a journey with the observed one drawn over it, as Graphviz DOT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._args import journey_of
from journeykit._i18n import _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.render._blueprint_draw import designed_moves
from journeykit.render._diagram import Diagram, label

if TYPE_CHECKING:
    from journeykit.analytics.conformance import Conformance
    from journeykit.journeys import Journey
    from journeykit.program import Program

__all__ = ["flow"]

#: Edge colours (Okabe-Ito, safe for colour-blind readers). Colour is never the only
#: carrier: a move off the design is also bold and labelled in words, one never taken
#: is dashed, a step no case reached is dashed; the key under the title says so.
DESIGNED = "#555555"
DEVIATION = "#d55e00"
UNSEEN = "#999999"
STEP_FILL, STEP_EDGE = "#ebf4f9", "#0072b2"


def flow(
    journey: Journey | str,
    *,
    conformance: Conformance | None = None,
    program: Program | None = None,
    min_count: int = 1,
    language: str | None = None,
) -> Diagram:
    """The steps of ``journey`` (a ``Journey``, or its id with ``program=``) and the moves between them.

    Steps are boxes, grouped by stage, joined by the designed transitions
    (``next``, or the following step). Given ``conformance``, a
    ``journeykit.analytics.conformance`` result of this journey, what cases
    did is drawn on the design:

    - a designed transition is labelled with how many times cases took it
      (the more, the thicker), and drawn dashed and pale when no case did;
    - a transition the design does not allow is a bold vermillion edge
      labelled "N off design" (those seen fewer than ``min_count`` times are
      left out);
    - a step no case reached is drawn dashed and pale;
    - a key under the title says all this in words, with the fitness.

    A result split by persona draws one persona at a time:
    ``flow(journey, conformance=result.for_segment("sales-manager"))``.
    The diagram's own words are in ``language`` (a BCP 47 tag), else the
    programme's ``language``, else English.

    Node names are generated (``n1``, ``n2``, ...); step names appear only in
    escaped labels. Returns a ``Diagram`` (a ``graphviz.Digraph``) with a
    ``title`` and a ``description``, which its SVG carries; it shows itself
    in a notebook, and ``journeykit.render.save`` writes it as ``.dot``,
    ``.svg``, ``.png`` or ``.pdf``.

    Raises ``ArgumentError`` when ``conformance`` is not a one-segment
    ``Conformance`` of this journey (a ``Funnel`` belongs to ``journey_map``
    and ``blueprint``).

    Examples
    --------
    >>> receipt = jk.example("permit-receipt")
    >>> dot = jk.render.flow("receipt", program=receipt)
    >>> dot.source.splitlines()[0]
    'digraph flow {'
    >>> dot.title
    'Flow: Receipt of an application (as designed)'
    >>> jk.render.flow("receipt", program=receipt, language="es").title
    'Flujo: Receipt of an application (as designed)'
    """
    journey = journey_of(journey, program, "flow")
    if conformance is not None:
        _check_conformance(conformance, journey)
    with use_language(language_of(language, program)):
        return _draw(journey, conformance, min_count)


def _check_conformance(conformance: object, journey: Journey) -> None:
    from journeykit.analytics.conformance import Conformance
    from journeykit.exceptions import ArgumentError

    if not isinstance(conformance, Conformance):
        hint = (
            " (a Funnel is drawn by journey_map(journey, funnel=...) and blueprint(journey, funnel=...))"
            if type(conformance).__name__ == "Funnel"
            else ""
        )
        raise ArgumentError(
            "flow(journey, conformance=...) takes the result of "
            f"journeykit.analytics.conformance(events, journey), not {type(conformance).__name__}{hint}"
        )
    if conformance.journey != journey.id:
        raise ArgumentError(
            f"flow: the conformance result is of journey {conformance.journey!r}, not {journey.id!r}"
        )
    if conformance.segment is not None:
        # A split result holds every persona's counts in one table: draw one persona at a time.
        raise ArgumentError(
            f"flow: the conformance result is split by {conformance.segment}; draw one persona with "
            "flow(journey, conformance=result.for_segment(value)), or run conformance without segment="
        )


def _draw(journey: Journey, observed: Conformance | None, min_count: int) -> Diagram:
    names = {step.id: f"n{i}" for i, step in enumerate(journey.steps, start=1)}
    counts: dict[tuple[str, str], int] = {}
    allowed: set[tuple[str, str]] = set()
    unseen: set[str] = set()
    if observed is not None:
        frame = observed.transitions[["source", "target", "count", "allowed"]]
        for source, target, count, is_allowed in frame.itertuples(index=False, name=None):
            counts[(str(source), str(target))] = int(count)
            if is_allowed:
                allowed.add((str(source), str(target)))
        unseen = set(observed.unobserved_steps["step"])
    designed = {(source, target) for source, targets in designed_moves(journey).items() for target in targets}
    deviations = [
        (pair, count)
        for pair, count in counts.items()
        if pair not in designed and pair not in allowed and count >= min_count
    ]

    name = drawn_text(journey.name, one_line=True)
    key = _key(observed) if observed is not None else ""
    dot = Diagram(
        "flow",
        title=_("Flow: {journey}").format(journey=name),
        description=_description(journey, observed, len(deviations), len(unseen)),
        graph_attr={
            "rankdir": "LR",
            "fontname": "Helvetica",
            "label": label(journey.name, key) if key else label(journey.name),
            "labelloc": "t",
            "newrank": "true",
        },
        node_attr={"fontname": "Helvetica", "fontsize": "10", "shape": "box", "style": "rounded,filled"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9"},
    )
    for number, stage in enumerate(journey.stages, start=1):
        with dot.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(label=label(stage.name), style="rounded", color="#cccccc")
            for step in stage.steps:
                if step.id in unseen:
                    cluster.node(
                        names[step.id],
                        label(step.name),
                        fillcolor="#fafafa",
                        color=UNSEEN,
                        style="rounded,dashed",
                    )
                else:
                    cluster.node(names[step.id], label(step.name), fillcolor=STEP_FILL, color=STEP_EDGE)

    busiest = max(counts.values(), default=0)

    def width(count: int) -> str:  # thicker for the paths most cases take
        return f"{1 + 3 * count / busiest:.2f}" if busiest else "1"

    for source, target in sorted(designed, key=lambda pair: (names[pair[0]], names[pair[1]])):
        attrs = {"color": DESIGNED}
        if observed is not None:
            taken = counts.get((source, target), 0)
            attrs["label"] = f"{taken:,}"
            attrs["penwidth"] = width(taken)
            if not taken:
                attrs.update(color=UNSEEN, style="dashed", fontcolor=UNSEEN)
        dot.edge(names[source], names[target], **attrs)
    for (source, target), count in sorted(deviations, key=lambda item: (-item[1], item[0])):
        dot.edge(
            names[source],
            names[target],
            label=label(_("{n} off design").format(n=f"{count:,}")),
            color=DEVIATION,
            fontcolor=DEVIATION,
            style="bold",
            penwidth=width(count),
            constraint="false",
        )
    return dot


def _key(observed: Conformance) -> str:
    """The legend in words, under the journey's name."""
    fitness = observed.fitness
    lines = [
        _("Numbers: how many times cases took each move."),
        _("Bold, vermillion: moves the design does not allow. Dashed, pale: never taken."),
        _("Fitness {fitness}: the share of moves the design allows, per case, on average.").format(
            fitness="-" if fitness != fitness else f"{fitness:.0%}"
        ),
    ]
    return "\n".join(lines)


def _description(journey: Journey, observed: Conformance | None, deviations: int, unseen: int) -> str:
    """What the diagram shows, in a sentence or three, for a screen reader."""
    steps = len(journey.steps)
    parts = [
        ngettext("The designed flow of {n} step.", "The designed flow of {n} steps.", steps).format(n=steps),
        ngettext("{n} stage: {names}.", "{n} stages: {names}.", len(journey.stages)).format(
            n=len(journey.stages), names=", ".join(drawn_text(s.name, one_line=True) for s in journey.stages)
        ),
    ]
    if observed is not None:
        fitness = observed.fitness
        parts.append(
            _("With what the cases did: fitness {fitness}.").format(
                fitness="-" if fitness != fitness else f"{fitness:.0%}"
            )
        )
        parts.append(
            ngettext(
                "{n} move the design does not allow.", "{n} moves the design does not allow.", deviations
            ).format(n=deviations)
        )
        parts.append(
            ngettext("{n} step no case reached.", "{n} steps no case reached.", unseen).format(n=unseen)
        )
    return " ".join(parts)
