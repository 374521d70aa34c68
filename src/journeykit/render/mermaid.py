"""Mermaid text: a journey as a Mermaid ``journey``, a blueprint as a flowchart."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from journeykit._args import journey_of
from journeykit._i18n import N_, _, language_of, use_language
from journeykit._text import mermaid_text

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Stage
    from journeykit.program import Program

__all__ = ["MARK", "MermaidText", "blueprint_to_mermaid", "to_mermaid"]

#: Comments journeykit writes so that ids survive a round trip through Mermaid
#: (``%% journeykit step: apply``); Mermaid ignores them.
MARK = "%% journeykit"

_INDENT = "    "


class MermaidText(str):
    """Mermaid diagram text that a notebook shows as a fenced ``mermaid`` block.

    It is the plain string in every other way: it equals, prints, saves
    (``jk.render.save(text, "x.mmd")``) and slices as the text it holds.

    Examples
    --------
    >>> text = jk.to_mermaid(jk.example().journey("onboarding-future"))
    >>> text == str(text), text._repr_markdown_().splitlines()[0]
    (True, '```mermaid')
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        # A fence longer than any run of backticks inside, so nothing can close it early.
        longest = max((len(run) for run in re.findall(r"`+", self)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}mermaid\n{self.rstrip(chr(10))}\n{fence}"

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_unused: Any
    ) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": str(self)}

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the diagram itself, not the quoted string.
        printer.text(str(self))

    def without_marks(self) -> MermaidText:
        """The diagram without the ``%% journeykit`` comments that carry ids (for readers, not round trips).

        Examples
        --------
        >>> text = jk.to_mermaid(jk.example().journey("onboarding-future"))
        >>> text.splitlines()[1]
        '    %% journeykit journey: onboarding-future'
        >>> plain = text.without_marks()
        >>> "%%" in plain, type(plain).__name__
        (False, 'MermaidText')
        >>> plain.splitlines()[1]
        '    title Partner recruitment and onboarding (aspiration)'
        """
        kept = [line for line in self.splitlines() if not line.strip().startswith(MARK)]
        return MermaidText("\n".join(kept) + "\n")


def to_mermaid(journey: Journey | str, *, program: Program | None = None) -> MermaidText:
    """The journey (a ``Journey``, or its id with ``program=``) as a Mermaid ``journey`` diagram.

    Stages become sections, steps become tasks, a step's emotion its score
    and the personas who take it its actors (persona ids). A step without an
    emotion gets the score 0, which ``from_mermaid`` reads back as "no
    emotion". The title and ``accTitle`` are the journey's name, ``accDescr``
    its description (a block ``accDescr { ... }`` when it has several lines).
    Ids ride along in ``%% journeykit`` comments, so
    ``from_mermaid(to_mermaid(journey))`` gives back the journey's ids, names,
    stages, steps, emotions and personas; what Mermaid cannot show (actions,
    touchpoints, pain points, ...) is left out. User text is written with
    Mermaid entity codes, so no text can break the diagram.

    A journey read from someone else's diagram (``journey.mermaid``) is
    written as that diagram was: its actors by the names it gave them, its
    ``title`` and ``accTitle`` lines as they were, and the tasks it wrote
    before any section again before any section.

    The result is a ``str`` (a ``MermaidText``) that a notebook shows as a
    fenced ``mermaid`` block.

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
    >>> jk.to_mermaid("onboarding-future", program=jk.example()).splitlines()[1]
    '    %% journeykit journey: onboarding-future'
    >>> jk.to_mermaid(jk.example())
    Traceback (most recent call last):
    ...
    journeykit.exceptions.ArgumentError: ... not a Program: to_mermaid('onboarding-current', program=program)
    """
    journey = journey_of(journey, program, "to_mermaid")
    source = journey.mermaid
    names = source.actors if source is not None else {}
    lines = ["journey", f"{_INDENT}{MARK} journey: {journey.id}"]
    lines.append(f"{_INDENT}{MARK} personas: {', '.join(journey.personas)}".rstrip())
    used = dict.fromkeys([*journey.personas, *(p for step in journey.steps for p in step.personas)])
    lines += [f"{_INDENT}{MARK} actor: {p} = {mermaid_text(names[p])}" for p in used if p in names]
    name = mermaid_text(journey.name)
    if source is None or source.title:
        lines.append(f"{_INDENT}title {name}")
    if source is None:
        lines.append(f"{_INDENT}accTitle: {name}")
    elif source.acc_title is not None:
        lines.append(f"{_INDENT}accTitle: {mermaid_text(source.acc_title)}")
    if journey.description:
        lines += _description(journey.description)
    unsectioned = source.unsectioned if source is not None else None
    for number, stage in enumerate(journey.stages):
        if number == 0 and stage.id == unsectioned:  # its tasks come before any section
            lines.append(f"{_INDENT}{MARK} stage: {stage.id}")
            lines += _tasks(journey, stage, names, _INDENT)
        else:
            lines += [f"{_INDENT}section {mermaid_text(stage.name)}", f"{_INDENT}{MARK} stage: {stage.id}"]
            lines += _tasks(journey, stage, names, _INDENT * 2)
    return MermaidText("\n".join(lines) + "\n")


def _description(description: str) -> list[str]:
    """``accDescr`` on one line, or as a block when the description has several lines."""
    parts = description.split("\n")
    if len(parts) > 1 and all(part.strip() for part in parts):
        return [
            f"{_INDENT}accDescr {{",
            *(f"{_INDENT * 2}{mermaid_text(part).replace('}', '#125;')}" for part in parts),
            f"{_INDENT}}}",
        ]
    return [f"{_INDENT}accDescr: {mermaid_text(description)}"]


def _tasks(journey: Journey, stage: Stage, names: dict[str, str], indent: str) -> list[str]:
    lines = []
    for step in stage.steps:
        actors = ", ".join(mermaid_text(names.get(p, p)) for p in step.personas or journey.personas)
        score = step.emotion if step.emotion is not None else 0
        task = f"{mermaid_text(step.name)}: {score}" + (f": {actors}" if actors else "")
        lines += [f"{indent}{task}", f"{_INDENT}{MARK} step: {step.id}"]
    return lines


_LANES = (
    ("customer", N_("Customer actions")),
    ("frontstage", N_("Frontstage")),
    ("backstage", N_("Backstage")),
    ("support", N_("Support processes")),
)


def blueprint_to_mermaid(
    journey: Journey | str, *, program: Program | None = None, language: str | None = None
) -> MermaidText:
    """The service blueprint of ``journey`` (a ``Journey``, or its id with ``program=``) as Mermaid.

    One subgraph per lane: customer steps, then the frontstage, backstage
    and support actions; edges for the order of steps (``next``), for each
    step's actions and for ``triggers``. Node ids are generated (``s1``,
    ``a1``), never user text. The lane titles are in ``language`` (a BCP 47
    tag), else the programme's ``language``, else English. The result is a
    ``str`` (a ``MermaidText``) that a notebook shows as a fenced ``mermaid``
    block.

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
    journey = journey_of(journey, program, "blueprint_to_mermaid")
    step_node = {step.id: f"s{i}" for i, step in enumerate(journey.steps, start=1)}
    action_node = {action.id: f"a{i}" for i, action in enumerate(journey.actions, start=1)}
    with use_language(language_of(language, program)):
        title = _("Service blueprint of {journey}").format(journey=mermaid_text(journey.name))
        lanes = [(lane, mermaid_text(_(words))) for lane, words in _LANES]
    lines = ["flowchart TB", f"{_INDENT}accTitle: {title}"]
    for lane, words in lanes:
        lines.append(f'{_INDENT}subgraph {lane}["{words}"]')
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
    return MermaidText("\n".join(lines) + "\n")
