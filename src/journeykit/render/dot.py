"""The traceability graph as Graphviz DOT: personas, steps, actions, requirements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._args import program_of
from journeykit._i18n import N_, _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.render._diagram import Diagram, label

if TYPE_CHECKING:
    from collections.abc import Mapping

    from journeykit.analysis import NeededRequirement
    from journeykit.journeys import Action, Journey
    from journeykit.program import Program

__all__ = ["STATUS_COLORS", "traceability"]

#: Fill colour of a requirement node by status: light tints of the Okabe-Ito bluish
#: green, yellow and vermillion, safe for colour-blind readers. Colour is never the only
#: carrier: the status is written in the node ("available, wave 0"), and the key under
#: the title says what the fills, borders and edge styles mean.
STATUS_COLORS = {"available": "#bfe7dc", "partial": "#faf6bd", "missing": "#f2cfb2"}
#: Border colour of a requirement node by status (the same hues, full strength).
STATUS_EDGES = {"available": "#009e73", "partial": "#e69f00", "missing": "#d55e00"}
#: The status and lane words, translated where written.
STATUS_WORDS = {"available": N_("available"), "partial": N_("partial"), "missing": N_("missing")}
LANE_WORDS = {"frontstage": N_("frontstage"), "backstage": N_("backstage"), "support": N_("support")}
_KIND_STYLE = {
    "persona": {"shape": "ellipse", "style": "filled", "fillcolor": "#ebf4f9", "color": "#0072b2"},
    "step": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"},
    "action": {"shape": "box", "style": "filled", "fillcolor": "#f5f5f5"},
}


def traceability(
    program: Program, *, journey: Journey | str | None = None, language: str | None = None
) -> Diagram:
    """Who takes which steps, which actions support them, which requirements they need.

    Personas (ellipses) point to the steps they take (rounded boxes), steps
    to their actions (boxes, with their lane), actions to the actions they
    trigger (bold edges), steps and actions to the requirements they require
    (notes), and requirements to their prerequisites (dotted edges). What a
    rule adds is drawn with a dashed edge from each step or action the rule
    applies to. A requirement writes its status and derivation wave
    ("missing, wave 1") and is filled by status; a thick border marks the
    critical path. A key under the title says all this in words. Node names
    are generated (``n1``, ``n2``, ...); user text appears only in escaped
    labels.

    Parameters
    ----------
    program
        The programme; it is not changed.
    journey
        Only this journey (a ``Journey`` of the programme, or its id;
        default: every journey).
    language
        The language of the diagram's own words (a BCP 47 tag such as
        ``"es"``); default: the programme's ``language``, else English.

    Returns
    -------
    Diagram
        A ``graphviz.Digraph`` (its ``.source`` is the DOT text) with a
        ``title`` and a ``description``, which its SVG carries
        (``to_svg()``); it shows itself in a notebook, and
        ``journeykit.render.save`` writes it as ``.dot``, ``.svg``, ``.png``
        or ``.pdf``.

    Raises
    ------
    ArgumentError
        ``program`` is not a ``Program``.
    UnknownIdError
        The programme has no journey ``journey``.

    Examples
    --------
    >>> dot = jk.render.traceability(jk.example(), journey="deal-registration-future")
    >>> dot.source.splitlines()[0]
    'digraph traceability {'
    >>> "Partner single sign-on" in dot.source
    True
    >>> dot.title
    'Traceability: Deal registration (aspiration)'
    >>> jk.render.traceability(jk.example(), journey="deal-registration-future", language="es").title
    'Trazabilidad: Deal registration (aspiration)'
    """
    program_of(program, "traceability")
    with use_language(language_of(language, program)):
        return _draw(program, journey)


def _draw(program: Program, journey: Journey | str | None) -> Diagram:
    from journeykit.analysis import derive_requirements
    from journeykit.analysis.rules import rule_matches

    journey_id = journey if isinstance(journey, str) or journey is None else journey.id
    journeys = [program.journey(journey_id)] if journey_id is not None else list(program.journeys)
    backlog = {
        row.requirement: row
        for row in derive_requirements(program, journey=journey_id, include_available=True)
    }
    subject = drawn_text(journeys[0].name if journey_id is not None else program.name, one_line=True)
    key = (  # the legend, in words: shapes, line styles and written statuses carry the meaning
        _("Ellipse: persona. Rounded box: step. Box: action, with its lane. Note: requirement."),
        _("A requirement says its status and wave, and is filled by status. Thick border: critical path."),
        _("Bold edge: triggers. Dashed edge: added by a rule. Dotted edge: prerequisite."),
    )
    dot = Diagram(
        "traceability",
        title=_("Traceability: {subject}").format(subject=subject),
        description=_description(journeys, backlog),
        graph_attr={
            "rankdir": "LR",
            "fontname": "Helvetica",
            "label": label(subject, *key),
            "labelloc": "t",
        },
        node_attr={"fontname": "Helvetica", "fontsize": "10"},
        edge_attr={"color": "#607d8b"},
    )
    names: dict[str, str] = {}

    def node(key: str, text: str | tuple[str, ...], **attrs: str) -> str:
        # text: the lines of the label; each is cut apart, so a long name keeps the status under it
        if key not in names:
            names[key] = f"n{len(names) + 1}"
            dot.node(names[key], label(*text) if isinstance(text, tuple) else label(text), **attrs)
        return names[key]

    personas = {p.id: p for p in program.personas}
    linked: set[tuple[str, str]] = set()  # (node, requirement id) already joined by an edge
    for j in journeys:
        actions = {a.id: a for a in j.actions}
        for step in j.steps:
            s = node(f"step:{j.id}/{step.id}", step.name, **_KIND_STYLE["step"])
            for pid in step.personas or j.personas:
                p = node(f"persona:{pid}", personas[pid].name, **_KIND_STYLE["persona"])
                dot.edge(p, s)
            for rid in step.requires:
                linked.add((s, rid))
                dot.edge(s, _requirement(node, backlog, rid))
            for action in step.actions:
                a = node(f"action:{j.id}/{action.id}", _action_text(action), **_KIND_STYLE["action"])
                dot.edge(s, a)
                for rid in action.requires:
                    linked.add((a, rid))
                    dot.edge(a, _requirement(node, backlog, rid))
            for rule in program.rules:  # what rules add, drawn where the rule applies
                targets: list[tuple[str, Action | None]] = [(s, None)]
                targets += [(names[f"action:{j.id}/{a.id}"], a) for a in step.actions]
                for source, matched in targets:
                    if rule_matches(rule, program, j, step, matched):
                        for rid in rule.requires:
                            if (source, rid) not in linked:  # a rule adds only what is not linked
                                linked.add((source, rid))
                                dot.edge(source, _requirement(node, backlog, rid), style="dashed")
                        if matched is None:
                            break  # the step needs it: its actions need not say so again
            for action in step.actions:
                for target in action.triggers:
                    t = node(
                        f"action:{j.id}/{target}", _action_text(actions[target]), **_KIND_STYLE["action"]
                    )
                    dot.edge(names[f"action:{j.id}/{action.id}"], t, style="bold")
    for rid in backlog:
        r = _requirement(node, backlog, rid)
        for dependency in program.requirement(rid).depends_on:
            dot.edge(r, _requirement(node, backlog, dependency), style="dotted", arrowhead="empty")
    return dot


def _requirement(node, backlog, rid: str) -> str:  # type: ignore[no-untyped-def]
    row = backlog[rid]
    attrs = {
        "shape": "note",
        "style": "filled",
        "fillcolor": STATUS_COLORS[row.status],
        "color": STATUS_EDGES[row.status],
        "penwidth": "2.5" if row.critical else "1",
    }
    status = _("{status}, wave {wave}").format(status=_(STATUS_WORDS[row.status]), wave=row.wave)
    return node(f"requirement:{rid}", (row.title, status), **attrs)  # type: ignore[no-any-return]


def _action_text(action: Action) -> tuple[str, str]:
    return (action.name, f"[{_(LANE_WORDS.get(action.lane, action.lane))}]")


def _description(journeys: list[Journey], backlog: Mapping[str, NeededRequirement]) -> str:
    """What the diagram shows, in a sentence or two, for a screen reader."""
    steps = sum(len(j.steps) for j in journeys)
    actions = sum(len(j.actions) for j in journeys)
    statuses = [row.status for row in backlog.values()]
    return " ".join(
        (
            ngettext(
                "{n} step and the personas who take it, the actions that support it ({actions} in all)"
                " and the requirements they need.",
                "{n} steps and the personas who take them, the actions that support them ({actions} in all)"
                " and the requirements they need.",
                steps,
            ).format(n=steps, actions=actions),
            ngettext(
                "{n} requirement: {available} available, {partial} partial, {missing} missing.",
                "{n} requirements: {available} available, {partial} partial, {missing} missing.",
                len(statuses),
            ).format(n=len(statuses), **{status: statuses.count(status) for status in STATUS_WORDS}),
        )
    )
