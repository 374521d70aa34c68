"""The report's pictures, and its section for each journey.

Each picture is drawn once, turned into SVG text and let go (a figure holds
its whole artist tree); the views are imported on first use, since they
import matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._i18n import _
from journeykit.render._report_page import figure, items, paragraphs, table, text

if TYPE_CHECKING:
    from journeykit.journeys import Journey
    from journeykit.personas import Persona
    from journeykit.program import Program
    from journeykit.render._picture import Picture

__all__ = ["graph", "journey_section", "persona_picture", "picture", "priority_picture"]


def picture(view: Picture, anchor: str) -> str:
    """A view as an inline, named figure."""
    return figure(view.to_svg(), anchor, view.title, view.description)


def persona_picture(persona: Persona, program: Program, language: str) -> str:
    from journeykit.render.persona import persona_card

    return picture(persona_card(persona, program=program, language=language), f"persona:{persona.id}:card")


def priority_picture(program: Program, language: str) -> str:
    from journeykit.render.matrix import priority_matrix

    return picture(priority_matrix(program, language=language), "use-cases:matrix")


def journey_section(program: Program, journey: Journey, language: str) -> str:
    """A journey's state and description, its pictures, and its steps as a table."""
    from journeykit.render.blueprint import blueprint
    from journeykit.render.compare import compare_view
    from journeykit.render.journey_map import journey_map

    if journey.state == "future":
        state = _("A future journey: the service as designed.")
    else:
        state = _("A current journey: the service as it is today.")
    parts = [f"<p><strong>{text(state)}</strong></p>"]
    if journey.description:
        parts.append(f"<p>{paragraphs(journey.description)}</p>")
    anchor = f"journey:{journey.id}"
    parts.append(picture(journey_map(journey, program=program, language=language), f"{anchor}:map"))
    parts.append(picture(blueprint(journey, program=program, language=language), f"{anchor}:blueprint"))
    if journey.replaces is not None:
        current = program.journey(journey.replaces)
        view = compare_view(current, journey, program=program, language=language)
        parts.append(picture(view, f"{anchor}:compare"))
    parts.append(graph(program, journey, language, f"{anchor}:trace"))
    steps = _("Steps")
    parts.append(f"<h3>{text(steps)}</h3>")
    parts.append(_steps(program, journey))
    return "".join(parts)


def _steps(program: Program, journey: Journey) -> str:
    """The journey's steps as text: what a reader looks for with the browser's find."""
    touchpoints = {t.id: t.name for t in program.touchpoints}
    personas = {p.id: p.name for p in program.personas}
    rows = []
    for stage in journey.stages:
        for step in stage.steps:
            who = [personas.get(p, p) for p in (step.personas or journey.personas)]
            rows.append(
                (
                    text(step.name),
                    text(stage.name),
                    items(who),
                    items(touchpoints.get(t, t) for t in step.touchpoints),
                    "–" if step.emotion is None else str(step.emotion),
                    items(step.pain_points),
                    items(step.opportunities),
                )
            )
    headers = (
        _("Step"),
        _("Stage"),
        _("Who"),
        _("Touchpoints"),
        _("Emotion (1 to 5)"),
        _("Pain points"),
        _("Opportunities"),
    )
    return table(headers, rows, row_headers=True)


def graph(program: Program, journey: Journey, language: str, anchor: str) -> str:
    """The journey's traceability graph as inline SVG, or its DOT text when there is no Graphviz."""
    from journeykit.render.dot import traceability
    from journeykit.render.files import MissingRendererError

    dot = traceability(program, journey=journey, language=language)
    try:
        svg = dot.to_svg()
    except MissingRendererError as error:
        summary = _("The graph as DOT text")
        return (
            f'<figure id="{text(anchor)}"><p class="note">{text(error)}</p>'
            f"<details><summary>{text(summary)}</summary><pre>{text(dot.source)}</pre>"
            f"</details><figcaption>{text(dot.title)}</figcaption></figure>"
        )
    return figure(svg, anchor, dot.title, dot.description)
