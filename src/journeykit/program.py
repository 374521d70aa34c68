"""The programme and its programme-level entities: roles, use cases, rules, metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field, model_validator
from typing_extensions import Self

from journeykit._base import Identifier, JourneyModel, Language, Number, Ref, Score, Text, Texts
from journeykit.journeys import Journey, Lane, Requirement, Touchpoint
from journeykit.personas import Persona

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx
    import pandas as pd

__all__ = [
    "TIME_UNITS",
    "Match",
    "Metric",
    "Observation",
    "Program",
    "Role",
    "RoleKind",
    "Rule",
    "UseCase",
]

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


#: Seconds in each time unit a duration metric (or ``within_unit``) may use,
#: in English and in Spanish, long and short. Matching ignores case.
TIME_UNITS: dict[str, int] = {
    **dict.fromkeys(("s", "sec", "second", "seconds", "segundo", "segundos"), 1),
    **dict.fromkeys(("min", "minute", "minutes", "minuto", "minutos"), 60),
    **dict.fromkeys(("h", "hour", "hours", "hora", "horas"), 3600),
    **dict.fromkeys(("d", "day", "days", "día", "días", "dia", "dias"), 86400),
    **dict.fromkeys(("w", "week", "weeks", "semana", "semanas"), 604800),
}

ObservationKind = Literal["conversion", "duration", "count"]


def _time_unit_error(unit: str | None) -> str | None:
    """Why ``unit`` is not a time unit, or None when it is one."""
    if unit is not None and unit.strip().lower() in TIME_UNITS:
        return None
    problem = "it has no unit" if unit is None else f"unit {unit!r} is not a time unit"
    return f"{problem}; use one of seconds, minutes, hours, days or weeks"


class Observation(JourneyModel):
    """How a metric's value is computed from observed events.

    ``kind`` says what is computed between two points of a journey, each a
    ref to a step or a stage (a stage is reached when any of its steps is):

    - ``conversion``: the share of the cases reaching ``start`` that go on to
      reach ``end`` (within ``within`` ``within_unit``, when given); a
      percentage when the metric's unit is ``%``, else a share from 0 to 1.
    - ``duration``: a ``statistic`` of the time from ``start`` to ``end``,
      over the cases that reach both, in the metric's unit (a time unit).
    - ``count``: cases reaching ``end``, events at ``end``, or events at
      ``end`` per case (``counting``); with ``start``, only what happens at
      or after the case reached ``start``.

    Examples
    --------
    >>> o = Observation(kind="duration", start="step:onboarding/apply",
    ...                 end="step:onboarding/sign-agreement", statistic="p90")
    >>> o.kind, o.statistic
    ('duration', 'p90')
    >>> Observation(kind="conversion", start="stage:onboarding/apply",
    ...             end="step:onboarding/log-in", within=30, within_unit="days").within
    30.0
    """

    kind: ObservationKind = Field(
        description="What is computed: conversion (share of cases that go from start to end), "
        "duration (time from start to end) or count."
    )
    start: Ref | None = Field(
        default=None,
        description="Where cases enter: 'step:JOURNEY/STEP' or 'stage:JOURNEY/STAGE'. Required "
        "for conversion and duration; for a count, only what follows it is counted.",
    )
    end: Ref = Field(
        description="What cases reach: 'step:JOURNEY/STEP' or 'stage:JOURNEY/STAGE'; the first "
        "time at or after the start counts."
    )
    within: Number | None = Field(
        default=None,
        gt=0,
        description="Conversion only: a case converts only if it reaches end at most this long "
        "after start (in within_unit).",
    )
    within_unit: str | None = Field(
        default=None,
        description="Unit of within: seconds, minutes, hours, days (when absent) or weeks.",
    )
    statistic: Literal["median", "mean", "p90", "p95"] | None = Field(
        default=None,
        description="Duration only: which statistic of the cases' times is the value "
        "(median when absent; p90 and p95 are percentiles, linearly interpolated).",
    )
    counting: Literal["cases", "events", "events_per_case"] | None = Field(
        default=None,
        description="Count only: cases that reach end (when absent), events at end, or events "
        "at end per case (per case reaching start, or per case of the log without start).",
    )

    @model_validator(mode="after")
    def _check_fields(self) -> Self:
        if self.kind != "count" and self.start is None:
            raise ValueError(f"a {self.kind} needs a start: the step or stage where cases enter")
        if self.kind != "count" and self.start == self.end:
            raise ValueError(f"start and end of a {self.kind} are the same ({self.end!r})")
        misplaced = [
            (name, kind)
            for name, kind, given in (
                ("within", "conversion", self.within is not None),
                ("within_unit", "conversion", self.within_unit is not None),
                ("statistic", "duration", self.statistic is not None),
                ("counting", "count", self.counting is not None),
            )
            if given and self.kind != kind
        ]
        if misplaced:
            name, kind = misplaced[0]
            raise ValueError(f"{name} applies to a {kind}, not to a {self.kind}")
        if self.within_unit is not None:
            if self.within is None:
                raise ValueError("within_unit needs within")
            problem = _time_unit_error(self.within_unit)
            if problem is not None:
                raise ValueError(f"within_unit: {problem}")
        return self


class Metric(JourneyModel):
    """A success measure with a target, attached to what it measures.

    With ``observe``, the metric says how its value is computed from event
    data (``journeykit.analytics.measure``); a duration metric's ``unit`` is
    then a time unit, and a conversion is a percentage when ``unit`` is
    ``%`` and a share from 0 to 1 otherwise.

    Examples
    --------
    >>> m = Metric(id="time-to-first-deal", name="Days to first registered deal",
    ...            target=30, unit="days", direction="at_most",
    ...            measures=["use_case:deal-reg"])
    >>> m.target, m.measures
    (30.0, ('use_case:deal-reg',))
    >>> m = Metric(id="approval-days", name="Days from application to approval",
    ...            target=5, unit="days", direction="at_most",
    ...            observe={"kind": "duration", "start": "step:onboarding/apply",
    ...                     "end": "step:onboarding/sign-agreement"})
    >>> m.observe.kind
    'duration'
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
    observe: Observation | None = Field(
        default=None,
        description="How the value is computed from event data (conversion, duration or count "
        "between steps or stages); absent when events cannot tell.",
    )

    @model_validator(mode="after")
    def _check_unit(self) -> Self:
        if self.observe is None:
            return self
        problem = _time_unit_error(self.unit)
        if self.observe.kind == "duration" and problem is not None:
            raise ValueError(f"metric {self.id!r} measures a duration, but {problem}")
        if self.observe.kind == "conversion" and problem is None:
            raise ValueError(
                f"metric {self.id!r} measures a conversion, which is a share, not a time: "
                f"its unit {self.unit!r} should be '%' (or left out for a share from 0 to 1)"
            )
        return self


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
    language: Language | None = Field(
        default=None,
        description="The language of the programme's text, as a BCP 47 tag ('es', 'en-GB'): "
        "pictures, the report and CLI tables write their own words in it.",
    )

    @model_validator(mode="after")
    def _check_integrity(self) -> Self:
        from journeykit._integrity import check_program

        check_program(self)
        return self

    def journey(self, journey_id: str) -> Journey:
        """The journey with this id.

        An unknown id is an ``UnknownIdError`` (a ``KeyError``) suggesting the closest.

        Examples
        --------
        >>> jk.example().journey("onboarding-future").name
        'Partner recruitment and onboarding (aspiration)'
        >>> jk.example().journey("onboarding-futur")
        Traceback (most recent call last):
        ...
        journeykit.exceptions.UnknownIdError: no journey 'onboarding-futur'; did you mean 'onboarding-future'?
        """
        return _by_id(self.journeys, journey_id, "journey")

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id; an ``UnknownIdError`` (a ``KeyError``) if there is none.

        Examples
        --------
        >>> jk.example().persona("sales-manager").id
        'sales-manager'
        """
        return _by_id(self.personas, persona_id, "persona")

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id; an ``UnknownIdError`` (a ``KeyError``) if there is none.

        Examples
        --------
        >>> jk.example().requirement("partner-sso").status
        'missing'
        """
        return _by_id(self.requirements, requirement_id, "requirement")

    def graph(self) -> nx.MultiDiGraph:
        """The programme as one directed graph; see ``journeykit.to_networkx``.

        Examples
        --------
        >>> G = jk.example().graph()
        >>> G.number_of_nodes(), G.number_of_edges()
        (226, 610)
        >>> G.has_edge("journey:onboarding-future", "stage:onboarding-future/discover", "has_stage")
        True
        """
        from journeykit.graph import to_networkx

        return to_networkx(self)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """One pandas table for the programme and one per kind of entity; see ``journeykit.io.frames``.

        Examples
        --------
        >>> frames = jk.example().to_frames()
        >>> frames["requirements"].loc[0, ["id", "status"]].tolist()
        ['partner-mission-statement', 'available']
        """
        from journeykit.io.frames import to_frames

        return to_frames(self)

    @classmethod
    def from_frames(cls, frames: Mapping[str, Any], *, name: str | None = None) -> Program:
        """The programme the tables of ``to_frames`` describe (edited or not); see ``journeykit.io.frames``.

        Examples
        --------
        >>> frames = jk.example().to_frames()
        >>> frames["requirements"].loc[0, "status"] = "missing"
        >>> jk.Program.from_frames(frames).requirements[0].status
        'missing'
        """
        from journeykit.io.frames import from_frames

        return from_frames(frames, name=name)

    def __repr__(self) -> str:
        """Short: the name, the language and what the programme holds (see ``summary``).

        Examples
        --------
        >>> jk.example()
        Program(name='Partner portal', language='en', personas=3, roles=8, use_cases=8, journeys=4,
                steps=44, requirements=31)
        """
        counts = self.summary()
        shown = ("personas", "roles", "use_cases", "journeys", "steps", "requirements")
        language = f", language={self.language!r}" if self.language else ""
        name = self.name if len(self.name) <= 200 else self.name[:199] + "…"
        return f"Program(name={name!r}{language}, " + ", ".join(f"{k}={counts[k]}" for k in shown) + ")"

    __str__ = __repr__

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
    from journeykit._suggest import closest
    from journeykit.exceptions import UnknownIdError

    known = [item.id for item in items]
    guess = closest(str(ident), known) if isinstance(ident, str) else None
    if guess is not None:
        hint = f"; did you mean {guess!r}?"
    elif known:
        hint = f"; the {kind} ids are {', '.join(repr(k) for k in known[:10])}" + (
            ", ..." if len(known) > 10 else ""
        )
    else:
        hint = f"; the programme has no {kind}"
    raise UnknownIdError(f"no {kind} {ident!r}{hint}", kind=kind, id=str(ident))
