"""How a Mermaid diagram wrote a journey, kept so that it can be written back the same way."""

from __future__ import annotations

from pydantic import Field

from journeykit._base import Identifier, JourneyModel, Text

__all__ = ["MermaidSource"]


class MermaidSource(JourneyModel):
    """What a Mermaid ``journey`` diagram said that the rest of the journey does not hold.

    ``from_mermaid`` fills it when a diagram written by someone else differs
    from what ``to_mermaid`` writes by itself, and ``to_mermaid`` follows it,
    so importing a diagram and exporting it again keeps what the diagram
    said. A journey written by hand has none.

    Examples
    --------
    >>> program = jk.from_mermaid('''
    ... journey
    ...     accTitle: My working day
    ...     Wake up: 3
    ...     section Go to work
    ...         Make tea: 5: Me, Sales manager
    ... ''')
    >>> source = program.journeys[0].mermaid
    >>> source.actors, source.title, source.acc_title, source.unsectioned
    ({'sales-manager': 'Sales manager'}, False, 'My working day', 'steps')
    """

    actors: dict[Identifier, Text] = Field(
        default_factory=dict,
        description="Persona id -> the actor as the diagram names it, where the two differ "
        "(`sales-manager` -> `Sales manager`); other actors are written as their persona id.",
    )
    title: bool = Field(
        default=True, description="Whether the diagram has a `title` line (the journey's name)."
    )
    acc_title: str | None = Field(
        default=None, description="The diagram's `accTitle`, as written; absent when it has none."
    )
    unsectioned: Identifier | None = Field(
        default=None,
        description="Id of the journey's first stage when it holds the tasks written before any `section` "
        "(it is written back without a `section` line).",
    )
