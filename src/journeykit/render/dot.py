"""The traceability graph as Graphviz DOT: personas, steps, actions, requirements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._text import dot_label
from journeykit.render._diagram import Diagram

if TYPE_CHECKING:
    import graphviz

    from journeykit.journeys import Action
    from journeykit.program import Program

__all__ = ["STATUS_COLORS", "traceability"]

#: Fill colour of a requirement node by status.
STATUS_COLORS = {"available": "#c8e6c9", "partial": "#fff3c4", "missing": "#ffcdd2"}
_KIND_STYLE = {
    "persona": {"shape": "ellipse", "style": "filled", "fillcolor": "#e3f2fd"},
    "step": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"},
    "action": {"shape": "box", "style": "filled", "fillcolor": "#f5f5f5"},
}


def traceability(program: Program, *, journey: str | None = None) -> graphviz.Digraph:
    """Who takes which steps, which actions support them, which requirements they need.

    Personas point to the steps they take, steps to their actions, actions to
    the actions they trigger, steps and actions to the requirements they
    require, and requirements to their prerequisites. What a rule adds is
    drawn with a dashed edge from each step or action the rule applies to.
    A requirement shows its status (fill colour), its derivation wave, and a
    thick border when it is on the critical path. Node names are generated
    (``n1``, ``n2``, ...); user text appears only in escaped labels.

    Parameters
    ----------
    program
        The programme; it is not changed.
    journey
        Only this journey (default: every journey).

    Returns
    -------
    graphviz.Digraph
        Its ``.source`` is the DOT text; ``journeykit.render`` saves it.

    Examples
    --------
    >>> dot = jk.render.traceability(jk.example(), journey="deal-registration-future")
    >>> dot.source.splitlines()[0]
    'digraph traceability {'
    >>> "Partner single sign-on" in dot.source
    True
    """
    from journeykit.analysis import derive_requirements
    from journeykit.analysis.rules import rule_matches

    backlog = {
        row.requirement: row for row in derive_requirements(program, journey=journey, include_available=True)
    }
    dot = Diagram(
        "traceability",
        graph_attr={
            "rankdir": "LR",
            "fontname": "Helvetica",
            "label": dot_label(program.name),
            "labelloc": "t",
        },
        node_attr={"fontname": "Helvetica", "fontsize": "10"},
        edge_attr={"color": "#607d8b"},
    )
    names: dict[str, str] = {}

    def node(key: str, label: str, **attrs: str) -> str:
        if key not in names:
            names[key] = f"n{len(names) + 1}"
            dot.node(names[key], dot_label(label), **attrs)
        return names[key]

    personas = {p.id: p for p in program.personas}
    journeys = [program.journey(journey)] if journey is not None else list(program.journeys)
    linked: set[tuple[str, str]] = set()  # (node, requirement id) already joined by an edge
    for j in journeys:
        for step in j.steps:
            s = node(f"step:{j.id}/{step.id}", step.name, **_KIND_STYLE["step"])
            for pid in step.personas or j.personas:
                p = node(f"persona:{pid}", personas[pid].name, **_KIND_STYLE["persona"])
                dot.edge(p, s)
            for rid in step.requires:
                linked.add((s, rid))
                dot.edge(s, _requirement(node, backlog, rid))
            for action in step.actions:
                a = node(
                    f"action:{j.id}/{action.id}", f"{action.name}\n[{action.lane}]", **_KIND_STYLE["action"]
                )
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
                    target_action = next(x for x in j.actions if x.id == target)
                    t = node(
                        f"action:{j.id}/{target}",
                        f"{target_action.name}\n[{target_action.lane}]",
                        **_KIND_STYLE["action"],
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
        "penwidth": "2.5" if row.critical else "1",
    }
    return node(f"requirement:{rid}", f"{row.title}\n{row.status}, wave {row.wave}", **attrs)  # type: ignore[no-any-return]
