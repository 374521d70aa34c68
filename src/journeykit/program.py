"""The programme and its programme-level entities: roles, use cases, rules, metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import Field, model_validator
from typing_extensions import Self

from journeykit._base import Identifier, JourneyModel, Number, Ref, Score, Text, Texts
from journeykit.journeys import Journey, Lane, Requirement, Touchpoint
from journeykit.personas import Persona

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Match", "Metric", "Program", "Role", "RoleKind", "Rule", "UseCase"]

RoleKind = Literal["team", "person", "system"]


class Role(JourneyModel):
    """An internal role, team or system that acts in the backstage or owns work.

    Examples
    --------
    >>> Role(id="portal-admin", name="Portal administrator").kind
    'team'
    """

    id: Identifier = Field(description="Unique role id.")
    name: Text = Field(description="Display name, e.g. 'Portal administrator'.")
    kind: RoleKind = Field(default="team", description="team, person or system.")
    description: str | None = Field(default=None, description="What the role is for.")
    responsibilities: Texts = Field(default=(), description="What the role is accountable for.")


class UseCase(JourneyModel):
    """A key use case under a theme, with the seed's qualitative criteria.

    The themes the seed suggests are *recruitment & onboarding*, *enablement &
    training*, *lead distribution / deal registration*, *marketing assistance*
    and *support & service*; any text is accepted.

    Examples
    --------
    >>> uc = UseCase(id="deal-reg", name="Deal registration",
    ...              theme="lead distribution / deal registration", impact=5, ease=3)
    >>> uc.impact * uc.ease
    15
    """

    id: Identifier = Field(description="Unique use case id.")
    name: Text = Field(description="Display name.")
    theme: Text = Field(description="The theme it belongs to, e.g. 'recruitment & onboarding'.")
    description: str | None = Field(default=None, description="What the use case delivers.")
    process: str | None = Field(default=None, description="The business process it supports.")
    impact: Score | None = Field(default=None, description="Business impact, 1 (low) to 5 (high).")
    ease: Score | None = Field(default=None, description="Ease of implementation, 1 (hard) to 5 (easy).")
    sponsor: Identifier | None = Field(
        default=None, description="Id of the role that is the senior executive sponsor."
    )
    champion: Identifier | None = Field(
        default=None, description="Id of the role that is the mid-level champion."
    )
    covers: tuple[Ref, ...] = Field(
        default=(),
        description="The journeys and steps it covers, as refs: 'journey:ID' or 'step:JOURNEY/STEP'.",
    )
    tags: Texts = Field(default=(), description="Free labels.")


class Metric(JourneyModel):
    """A success measure with a target, attached to what it measures.

    Examples
    --------
    >>> m = Metric(id="time-to-first-deal", name="Days to first registered deal",
    ...            target=30, unit="days", direction="at_most",
    ...            measures=["use_case:deal-reg"])
    >>> m.target, m.measures
    (30.0, ('use_case:deal-reg',))
    """

    id: Identifier = Field(description="Unique metric id.")
    name: Text = Field(description="What is measured.")
    description: str | None = Field(default=None, description="How it is measured.")
    target: Number | None = Field(default=None, description="The value to reach.")
    unit: str | None = Field(default=None, description="Unit of the value: days, %, deals, ...")
    direction: Literal["at_least", "at_most"] = Field(
        default="at_least", description="Whether the value must be at least or at most the target."
    )
    measures: tuple[Ref, ...] = Field(
        default=(),
        description="What it measures, as refs: 'use_case:ID', 'journey:ID', "
        "'stage:JOURNEY/STAGE' or 'step:JOURNEY/STEP'.",
    )


class Match(JourneyModel):
    """The *when* of a rule. Every condition given must hold; absent ones match anything."""

    channel: str | None = Field(default=None, description="A touchpoint channel of the step.")
    lane: Lane | None = Field(default=None, description="The lane of the action.")
    actor: Identifier | None = Field(default=None, description="Id of the role performing the action.")
    persona: Identifier | None = Field(default=None, description="Id of a persona taking the step.")
    tags: Texts = Field(default=(), description="Tags the step or action must all carry.")


class Rule(JourneyModel):
    """A derivation rule: *when* a step or action matches, *then* it needs these requirements.

    Examples
    --------
    >>> r = Rule(id="portal-needs-sso", when=Match(channel="portal"), requires=["partner-sso"])
    >>> r.when.channel
    'portal'
    """

    id: Identifier = Field(description="Unique rule id.")
    description: str | None = Field(default=None, description="Why the rule holds.")
    when: Match = Field(description="The conditions a step or action must meet.")
    requires: tuple[Identifier, ...] = Field(
        min_length=1, description="Ids of the requirements every match needs."
    )


class Program(JourneyModel):
    """Everything a file (or a folder of files) describes: the programme.

    Building a programme validates all of it: ids are unique per kind, every
    reference resolves, ``replaces`` joins a future journey to a current one,
    and requirements do not depend on each other in a cycle.

    Examples
    --------
    >>> from journeykit import Journey, Stage, Step, Persona
    >>> program = Program(
    ...     name="Partner portal",
    ...     personas=[Persona(id="sales", name="Partner sales manager")],
    ...     journeys=[Journey(id="onboarding", name="Onboarding", personas=["sales"],
    ...                       stages=[Stage(id="join", name="Join",
    ...                                     steps=[Step(id="apply", name="Apply")])])],
    ... )
    >>> program.journey("onboarding").steps[0].name
    'Apply'
    """

    name: Text = Field(description="Name of the programme, e.g. 'Partner portal'.")
    purpose: str | None = Field(
        default=None, description="The shared purpose: the mission statement, partner-centred."
    )
    description: str | None = Field(default=None, description="Anything else worth saying.")
    personas: tuple[Persona, ...] = Field(default=(), description="Who goes through the journeys.")
    roles: tuple[Role, ...] = Field(default=(), description="Internal roles, teams and systems.")
    touchpoints: tuple[Touchpoint, ...] = Field(default=(), description="Where steps happen.")
    use_cases: tuple[UseCase, ...] = Field(default=(), description="Key use cases by theme.")
    journeys: tuple[Journey, ...] = Field(default=(), description="Current and future journeys.")
    requirements: tuple[Requirement, ...] = Field(
        default=(), description="The backstage product requirements."
    )
    rules: tuple[Rule, ...] = Field(default=(), description="Declarative derivation rules.")
    metrics: tuple[Metric, ...] = Field(default=(), description="Success measures with targets.")

    @model_validator(mode="after")
    def _check_integrity(self) -> Self:
        from journeykit._integrity import check_program

        check_program(self)
        return self

    def journey(self, journey_id: str) -> Journey:
        """The journey with this id; ``KeyError`` if there is none."""
        return _by_id(self.journeys, journey_id, "journey")

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id; ``KeyError`` if there is none."""
        return _by_id(self.personas, persona_id, "persona")

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id; ``KeyError`` if there is none."""
        return _by_id(self.requirements, requirement_id, "requirement")

    def graph(self) -> nx.MultiDiGraph:
        """The programme as one directed graph; see ``journeykit.to_networkx``."""
        from journeykit.graph import to_networkx

        return to_networkx(self)

    def _repr_html_(self) -> str:
        """In Jupyter, a programme shows its purpose, counts, personas and journeys."""
        from journeykit.render.jupyter import program_html

        return program_html(self)

    def summary(self) -> dict[str, int]:
        """Counts of what the programme holds.

        Examples
        --------
        >>> Program(name="Empty").summary()["journeys"]
        0
        """
        steps = sum(len(j.steps) for j in self.journeys)
        return {
            "personas": len(self.personas),
            "roles": len(self.roles),
            "use_cases": len(self.use_cases),
            "journeys": len(self.journeys),
            "stages": sum(len(j.stages) for j in self.journeys),
            "steps": steps,
            "actions": sum(len(j.actions) for j in self.journeys),
            "touchpoints": len(self.touchpoints),
            "requirements": len(self.requirements),
            "rules": len(self.rules),
            "metrics": len(self.metrics),
        }


_T = TypeVar("_T", Persona, Journey, Requirement)


def _by_id(items: tuple[_T, ...], ident: str, kind: str) -> _T:
    for item in items:
        if item.id == ident:
            return item
    raise KeyError(f"no {kind} {ident!r}")
