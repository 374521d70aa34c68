"""Personas held against the journeys: the steps they take, how they feel, what hurts and what they need."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING

from journeykit._table import Table
from journeykit._text import html_text, markdown_cell
from journeykit.analysis.derive import derive_requirements

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Step
    from journeykit.program import Program

__all__ = ["Coverage", "JourneyCoverage", "JourneyCoverages", "StageCoverage", "coverage"]


@dataclass(frozen=True)
class StageCoverage:
    """What one persona does in one stage of one journey.

    ``steps`` are the steps the persona takes there (written
    ``JOURNEY/STEP``, as everywhere), ``mean_emotion`` the mean of how it
    feels at them (its own score in a step's ``emotions``, else the step's
    ``emotion``; ``None`` when no step has one), ``pain_points`` the pain
    points of those steps, and ``requirements`` the not-yet-available
    requirements those steps need, in derivation order. Each ``*_count`` is
    the length of its tuple.
    """

    persona: str
    journey: str
    stage: str
    share: float | None
    step_count: int
    mean_emotion: float | None
    pain_point_count: int
    requirement_count: int
    steps: tuple[str, ...]
    pain_points: tuple[str, ...]
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class JourneyCoverage:
    """What one persona does in one journey: its stages together.

    ``mean_emotion`` is the mean over every step the persona takes (not the
    mean of the stage means); ``requirements`` counts a requirement once
    however many stages need it, in derivation order.
    """

    persona: str
    journey: str
    share: float | None
    stage_count: int
    step_count: int
    mean_emotion: float | None
    pain_point_count: int
    requirement_count: int
    steps: tuple[str, ...]
    pain_points: tuple[str, ...]
    requirements: tuple[str, ...]


def _with_share(
    columns: tuple[str, ...], rows: Sequence[StageCoverage | JourneyCoverage], after: str
) -> tuple[str, ...]:
    """The columns with ``share`` after ``after`` when some persona declares a share."""
    if not any(row.share is not None for row in rows):
        return columns
    cut = columns.index(after) + 1
    return (*columns[:cut], "share", *columns[cut:])


class JourneyCoverages(Table[JourneyCoverage]):
    """Coverage per persona and journey, by persona, then journey, in programme order."""

    display_columns = (
        "persona",
        "journey",
        "stage_count",
        "step_count",
        "mean_emotion",
        "pain_point_count",
        "requirement_count",
    )

    def _shown(self) -> tuple[str, ...]:
        return _with_share(self.display_columns, self, after="journey")

    def _columns_when_empty(self) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(JourneyCoverage))


class Coverage(Table[StageCoverage]):
    """Personas x journeys and stages, with the personas and journeys that meet nobody.

    Rows come by persona, then journey, then stage, each in programme order:
    for every journey a persona takes part in, one row per stage of it (a
    stage where it takes no step has ``step_count`` 0, a gap worth seeing).
    ``by_journey`` rolls the rows up per persona and journey;
    ``personas_without_journey`` and ``journeys_without_persona`` list what
    the rows leave out. ``share`` is shown when some persona declares one.
    """

    display_columns = (
        "persona",
        "journey",
        "stage",
        "step_count",
        "mean_emotion",
        "pain_point_count",
        "requirement_count",
    )

    def __init__(
        self,
        rows: Sequence[StageCoverage],
        *,
        by_journey: Sequence[JourneyCoverage] = (),
        personas_without_journey: Sequence[str] = (),
        journeys_without_persona: Sequence[str] = (),
        title: str = "Coverage",
    ) -> None:
        super().__init__(rows, title=title)
        self.by_journey = JourneyCoverages(by_journey, title="Coverage by journey")
        self.personas_without_journey = tuple(personas_without_journey)
        self.journeys_without_persona = tuple(journeys_without_persona)

    def __eq__(self, other: object) -> bool:
        return (
            super().__eq__(other)
            and isinstance(other, Coverage)
            and self.by_journey == other.by_journey
            and self.personas_without_journey == other.personas_without_journey
            and self.journeys_without_persona == other.journeys_without_persona
        )

    __hash__ = None

    def _shown(self) -> tuple[str, ...]:
        return _with_share(self.display_columns, self, after="stage")

    def _columns_when_empty(self) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(StageCoverage))

    def _gaps(self) -> list[tuple[str, tuple[str, ...]]]:
        return [
            ("personas in no journey", self.personas_without_journey),
            ("journeys with no persona", self.journeys_without_persona),
        ]

    def __str__(self) -> str:
        lines = [super().__str__(), ""]
        lines.extend(f"{label}: {', '.join(ids) or '-'}" for label, ids in self._gaps())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The shown columns as a Markdown pipe table, then the personas and journeys that meet nobody.

        Examples
        --------
        >>> text = jk.personas.coverage(jk.example()).to_markdown()
        >>> print("\\n".join(text.splitlines()[1:3]))
        |---|---|---|---|---|---|---|---|
        | sales-manager | onboarding-current | discover | 0.5 | 1 | 3 | 2 | 0 |
        >>> text.splitlines()[0].split(" | ")[:4]
        ['| persona', 'journey', 'stage', 'share']
        >>> print(text.rstrip().splitlines()[-1])
        - journeys with no persona: -
        """
        gaps = "".join(
            f"- {label}: {', '.join(markdown_cell(i) for i in ids) or '-'}\n" for label, ids in self._gaps()
        )
        return f"{super().to_markdown()}\n{gaps}"

    def _repr_html_(self) -> str:
        gaps = "".join(
            f"<li>{html_text(label)}: {html_text(', '.join(ids) or '-')}</li>" for label, ids in self._gaps()
        )
        return super()._repr_html_() + f"<ul>{gaps}</ul>"


def coverage(program: Program) -> Coverage:
    """Hold every persona against every journey: per stage, the steps it
    takes, how it feels, the pain points it meets and the requirements it needs.

    A persona takes a step when the step names it in ``personas``, or the
    step names nobody and the journey names it. How it feels at a step is its
    own score in the step's ``emotions`` where given, else the step's
    ``emotion``.

    Parameters
    ----------
    program
        The programme; it is not changed.

    Returns
    -------
    Coverage
        One row per persona, journey it takes part in, and stage of that
        journey, each a ``StageCoverage``: ``share`` (the persona's),
        ``step_count`` and ``steps``, ``mean_emotion`` (rounded to 2
        decimals; ``None`` when no step taken has a score),
        ``pain_point_count`` and ``pain_points``, ``requirement_count`` and
        ``requirements``: the requirements not yet ``available`` that
        ``derive_requirements(program, personas=[persona], journey=journey,
        stages=[stage])`` finds, in its order. ``by_journey`` holds the same
        per persona and journey (``derive_requirements`` without ``stages``).
        ``personas_without_journey``: the personas who take no step at all;
        ``journeys_without_persona``: the journeys no persona takes a step
        of (a journey without steps among them).

    Notes
    -----
    One derivation per persona: a requirement row's provenance names the
    stages whose steps need it, which attributes it to stages and journeys
    without deriving again. Time is O(p · (s + r)) for p personas, s steps
    and r requirements reached.

    Examples
    --------
    >>> portal = jk.example()
    >>> table = jk.personas.coverage(portal)
    >>> row = next(r for r in table if (r.persona, r.journey, r.stage)
    ...            == ("senior-executive", "onboarding-current", "get-started"))
    >>> row.steps
    ('onboarding-current/receive-welcome', 'onboarding-current/get-portal-access')
    >>> row.share, row.mean_emotion  # the welcome email: 3 for everyone, 2 for executives
    (0.1, 2.0)
    >>> row.pain_point_count, row.pain_points[1]
    (4, "No word from the vendor's executives")
    >>> row.requirements
    ('crm-integration', 'partner-sso', 'kpi-reporting', 'executive-dashboard')
    >>> [(r.journey, r.step_count, r.mean_emotion)
    ...  for r in table.by_journey if r.persona == "marketing-manager"]
    [('onboarding-current', 6, 2.5), ('onboarding-future', 7, 4.29)]
    >>> table.personas_without_journey, table.journeys_without_persona
    ((), ())
    """
    stage_rank = {
        f"{journey.id}/{stage.id}": rank
        for rank, (journey, stage) in enumerate((j, s) for j in program.journeys for s in j.stages)
    }
    rows: list[StageCoverage] = []
    by_journey: list[JourneyCoverage] = []
    without_journey: list[str] = []
    taken_journeys: set[str] = set()
    for persona in program.personas:
        journeys = [j for j in program.journeys if any(_takes(persona.id, j, s) for s in j.steps)]
        if not journeys:
            without_journey.append(persona.id)
            continue
        taken_journeys.update(j.id for j in journeys)
        needs = _Needs(program, persona.id, stage_rank)
        for journey in journeys:
            stage_rows = [
                _stage_row(persona.id, persona.share, journey, stage.id, stage.steps, needs)
                for stage in journey.stages
            ]
            rows.extend(stage_rows)
            by_journey.append(_journey_row(persona.id, persona.share, journey, stage_rows, needs))
    return Coverage(
        rows,
        by_journey=by_journey,
        personas_without_journey=without_journey,
        journeys_without_persona=[j.id for j in program.journeys if j.id not in taken_journeys],
    )


def _takes(persona: str, journey: Journey, step: Step) -> bool:
    return persona in (step.personas or journey.personas)


class _Needs:
    """The open requirements of one persona's steps, derived once and split by stage.

    A backlog row's ``stages`` are the stages of the selected steps that need
    it, so a requirement is in the backlog of the persona's steps in a stage
    (or a journey) exactly when that stage (or a stage of that journey) is
    among them.
    """

    def __init__(self, program: Program, persona: str, stage_rank: dict[str, int]) -> None:
        self.wave: dict[str, int] = {}
        self.by_stage: dict[str, list[str]] = {}  # JOURNEY/STAGE -> requirement ids
        self.first_stage: dict[tuple[str, str], int] = {}  # (journey, requirement) -> earliest stage rank
        for row in derive_requirements(program, personas=[persona]):
            self.wave[row.requirement] = row.wave
            for stage in row.stages:  # in programme order
                self.by_stage.setdefault(stage, []).append(row.requirement)
                self.first_stage.setdefault((stage.split("/", 1)[0], row.requirement), stage_rank[stage])

    def of_stage(self, journey: str, stage: str) -> tuple[str, ...]:
        """In the order ``derive_requirements`` gives them for this stage alone: by wave, then id
        (every requirement is first needed in the same stage)."""
        found = self.by_stage.get(f"{journey}/{stage}", [])
        return tuple(sorted(found, key=lambda r: (self.wave[r], r)))

    def of_journey(self, journey: str, requirements: set[str]) -> tuple[str, ...]:
        """In the order ``derive_requirements`` gives them for this journey: by wave, then the
        earliest stage of the journey that needs them, then id."""
        return tuple(sorted(requirements, key=lambda r: (self.wave[r], self.first_stage[(journey, r)], r)))


def _stage_row(
    persona: str,
    share: float | None,
    journey: Journey,
    stage: str,
    steps: tuple[Step, ...],
    needs: _Needs,
) -> StageCoverage:
    taken = [step for step in steps if _takes(persona, journey, step)]
    pains = tuple(pain for step in taken for pain in step.pain_points)
    requirements = needs.of_stage(journey.id, stage)
    return StageCoverage(
        persona=persona,
        journey=journey.id,
        stage=stage,
        share=share,
        step_count=len(taken),
        mean_emotion=_mean([step.emotion_of(persona) for step in taken]),
        pain_point_count=len(pains),
        requirement_count=len(requirements),
        steps=tuple(f"{journey.id}/{step.id}" for step in taken),
        pain_points=pains,
        requirements=requirements,
    )


def _journey_row(
    persona: str, share: float | None, journey: Journey, stage_rows: list[StageCoverage], needs: _Needs
) -> JourneyCoverage:
    steps = tuple(step for row in stage_rows for step in row.steps)
    pains = tuple(pain for row in stage_rows for pain in row.pain_points)
    taken = {ref.split("/", 1)[1] for ref in steps}
    requirements = needs.of_journey(journey.id, {r for row in stage_rows for r in row.requirements})
    return JourneyCoverage(
        persona=persona,
        journey=journey.id,
        share=share,
        stage_count=sum(row.step_count > 0 for row in stage_rows),
        step_count=len(steps),
        mean_emotion=_mean([step.emotion_of(persona) for step in journey.steps if step.id in taken]),
        pain_point_count=len(pains),
        requirement_count=len(requirements),
        steps=steps,
        pain_points=pains,
        requirements=requirements,
    )


def _mean(scores: list[int | None]) -> float | None:
    known = [score for score in scores if score is not None]
    return round(float(mean(known)), 2) if known else None
