"""Mermaid text: a journey as a Mermaid ``journey``, a blueprint as a flowchart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._text import mermaid_text

if TYPE_CHECKING:
    from journeykit.journeys import Journey

__all__ = ["MARK", "blueprint_to_mermaid", "to_mermaid"]

#: Comments journeykit writes so that ids survive a round trip through Mermaid
#: (``%% journeykit step: apply``); Mermaid ignores them.
MARK = "%% journeykit"

_INDENT = "    "


def to_mermaid(journey: Journey) -> str:
    """The journey as a Mermaid ``journey`` diagram.

    Stages become sections, steps become tasks, a step's emotion its score
    and the personas who take it its actors (persona ids). A step without an
    emotion gets the score 0, which ``from_mermaid`` reads back as "no
    emotion". The title and ``accTitle`` are the journey's name, ``accDescr``
    its description. Ids ride along in ``%% journeykit`` comments, so
    ``from_mermaid(to_mermaid(journey))`` gives back the journey's ids, names,
    stages, steps, emotions and personas; what Mermaid cannot show (actions,
    touchpoints, pain points, ...) is left out. User text is written with
    Mermaid entity codes, so no text can break the diagram.

    Examples
    --------
    >>> print(jk.to_mermaid(jk.Journey(id="j", name="Join: fast", personas=["sales"], stages=[
    ...     jk.Stage(id="apply", name="Apply", steps=[jk.Step(id="form", name="Fill in", emotion=2)])])))
    journey
        %% journeykit journey: j
        %% journeykit personas: sales
        title Join#58; fast
        accTitle: Join#58; fast
        section Apply
        %% journeykit stage: apply
            Fill in: 2: sales
        %% journeykit step: form
    <BLANKLINE>
    """
    lines = ["journey", f"{_INDENT}{MARK} journey: {journey.id}"]
    lines.append(f"{_INDENT}{MARK} personas: {', '.join(journey.personas)}".rstrip())
    name = mermaid_text(journey.name)
    lines += [f"{_INDENT}title {name}", f"{_INDENT}accTitle: {name}"]
    if journey.description:
        lines.append(f"{_INDENT}accDescr: {mermaid_text(journey.description)}")
    for stage in journey.stages:
        lines += [f"{_INDENT}section {mermaid_text(stage.name)}", f"{_INDENT}{MARK} stage: {stage.id}"]
        for step in stage.steps:
            actors = ", ".join(step.personas or journey.personas)
            score = step.emotion if step.emotion is not None else 0
            task = f"{mermaid_text(step.name)}: {score}" + (f": {actors}" if actors else "")
            lines += [f"{_INDENT * 2}{task}", f"{_INDENT}{MARK} step: {step.id}"]
    return "\n".join(lines) + "\n"


_LANES = (
    ("customer", "Customer actions"),
    ("frontstage", "Frontstage"),
    ("backstage", "Backstage"),
    ("support", "Support processes"),
)


def blueprint_to_mermaid(journey: Journey) -> str:
    """The journey's service blueprint as a Mermaid flowchart, one subgraph per lane.

    Customer steps, then the frontstage, backstage and support actions; edges
    for the order of steps (``next``), for each step's actions and for
    ``triggers``. Node ids are generated (``s1``, ``a1``), never user text.

    Examples
    --------
    >>> journey = jk.Journey(id="j", name="J", stages=[jk.Stage(id="s", name="S", steps=[
    ...     jk.Step(id="apply", name="Apply", actions=[
    ...         jk.Action(id="check", name="Check <it>", lane="backstage")])])])
    >>> print(jk.render.blueprint_to_mermaid(journey))
    flowchart TB
        accTitle: Service blueprint of J
        subgraph customer["Customer actions"]
            s1["Apply"]
        end
        subgraph frontstage["Frontstage"]
        end
        subgraph backstage["Backstage"]
            a1["Check #60;it#62;"]
        end
        subgraph support["Support processes"]
        end
        s1 --> a1
    <BLANKLINE>
    """
    step_node = {step.id: f"s{i}" for i, step in enumerate(journey.steps, start=1)}
    action_node = {action.id: f"a{i}" for i, action in enumerate(journey.actions, start=1)}
    lines = ["flowchart TB", f"{_INDENT}accTitle: Service blueprint of {mermaid_text(journey.name)}"]
    for lane, title in _LANES:
        lines.append(f'{_INDENT}subgraph {lane}["{title}"]')
        if lane == "customer":
            lines += [f'{_INDENT * 2}{step_node[s.id]}["{mermaid_text(s.name)}"]' for s in journey.steps]
        else:
            lines += [
                f'{_INDENT * 2}{action_node[a.id]}["{mermaid_text(a.name)}"]'
                for a in journey.actions
                if a.lane == lane
            ]
        lines.append(f"{_INDENT}end")
    for step in journey.steps:
        for target in journey.successors(step.id):
            lines.append(f"{_INDENT}{step_node[step.id]} -.-> {step_node[target]}")
        for action in step.actions:
            lines.append(f"{_INDENT}{step_node[step.id]} --> {action_node[action.id]}")
            for target in action.triggers:
                lines.append(f"{_INDENT}{action_node[action.id]} ==> {action_node[target]}")
    return "\n".join(lines) + "\n"
