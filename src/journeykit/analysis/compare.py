"""Today against tomorrow: what a future journey changes, front stage and backstage."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING

from journeykit._text import html_text
from journeykit.analysis._table import Table
from journeykit.analysis.derive import Backlog, derive_requirements
from journeykit.exceptions import UnknownReferenceError

if TYPE_CHECKING:
    from journeykit.journeys import Journey, Step
    from journeykit.program import Program

__all__ = ["Comparison", "StageChange", "StepChange", "compare"]

#: Step fields compared to tell whether a matched step changed.
_COMPARED = (
    "name",
    "description",
    "personas",
    "touchpoints",
    "emotion",
    "pain_points",
    "opportunities",
    "next",
    "sub_journey",
    "actions",
    "requires",
    "tags",
)


@dataclass(frozen=True)
class StepChange:
    """A step as it is today and as it will be. ``current`` is None for an added
    step, ``future`` for a removed one; ``changed`` names the fields that differ."""

    current: str | None
    future: str | None
    status: str  # "added", "removed", "changed" or "same"
    changed: tuple[str, ...]
    emotion_before: int | None
    emotion_after: int | None
    emotion_delta: int | None


@dataclass(frozen=True)
class StageChange:
    """The mean emotion of a stage today and tomorrow (stages match by id)."""

    stage: str
    emotion_before: float | None
    emotion_after: float | None
    emotion_delta: float | None


class StepChanges(Table[StepChange]):
    display_columns = ("current", "future", "status", "changed", "emotion_before", "emotion_after")


class StageChanges(Table[StageChange]):
    display_columns = ("stage", "emotion_before", "emotion_after", "emotion_delta")


@dataclass(frozen=True)
class Comparison:
    """What a future journey changes against the current one.

    ``backstage`` is the backstage delta: the requirements the future journey
    needs that are not ``available`` and that the current journey does not
    need already, in derivation order.
    """

    current: str
    future: str
    steps: StepChanges
    stages: StageChanges
    channels_added: tuple[str, ...]
    channels_dropped: tuple[str, ...]
    backstage: Backlog

    @property
    def added(self) -> tuple[str, ...]:
        """Ids of the future journey's new steps."""
        return tuple(c.future for c in self.steps if c.status == "added" and c.future)

    @property
    def removed(self) -> tuple[str, ...]:
        """Ids of the current journey's steps that go away."""
        return tuple(c.current for c in self.steps if c.status == "removed" and c.current)

    @property
    def changed(self) -> tuple[StepChange, ...]:
        """The matched steps that differ."""
        return tuple(c for c in self.steps if c.status == "changed")

    def __str__(self) -> str:
        lines = [
            f"{self.current} -> {self.future}",
            f"  steps added:   {', '.join(self.added) or '-'}",
            f"  steps removed: {', '.join(self.removed) or '-'}",
            f"  steps changed: {', '.join(_describe(c) for c in self.changed) or '-'}",
            f"  channels added: {', '.join(self.channels_added) or '-'}; "
            f"dropped: {', '.join(self.channels_dropped) or '-'}",
            f"  backstage delta: {', '.join(self.backstage.ids()) or '-'}",
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return (
            f"<h4>{html_text(self.current)} &rarr; {html_text(self.future)}</h4>"
            + self.steps._repr_html_()
            + self.stages._repr_html_()
            + "<p>Backstage delta</p>"
            + self.backstage._repr_html_()
        )


def _describe(change: StepChange) -> str:
    fields = ", ".join(change.changed)
    return f"{change.future} ({fields})" if fields else f"{change.future} (was {change.current})"


def compare(program: Program, current: str, future: str | None = None) -> Comparison:
    """Compare a current journey with a future one.

    Steps match by id, then by a future step's ``replaces`` where ids differ.

    Parameters
    ----------
    program
        The programme that holds both journeys (the backstage delta needs its
        requirements and rules). It is not changed.
    current, future
        Journey ids. Give only a future journey's id to compare it with the
        journey it ``replaces``.

    Examples
    --------
    >>> portal = jk.example()
    >>> result = jk.compare(portal, "onboarding-future")
    >>> result.current, result.future
    ('onboarding-current', 'onboarding-future')
    >>> result.added
    ('complete-profile', 'join-advisory-council')
    >>> result.channels_added, result.channels_dropped
    (('in person',), ('video call',))
    >>> result.backstage.ids()[:3]
    ['welcome-content', 'onboarding-curriculum', 'partner-agreement-esign']
    """
    before, after = _journeys(program, current, future)
    pairs: list[tuple[Step | None, Step | None]] = list(match_steps(before, after))
    matched = {old.id for old, _ in pairs if old is not None}
    pairs.extend((step, None) for step in before.steps if step.id not in matched)

    needed_now = set(derive_requirements(program, journey=before.id, include_available=True).ids())
    future_backlog = derive_requirements(program, journey=after.id)
    delta = [row for row in future_backlog if row.requirement not in needed_now]
    channels_before, channels_after = _channels(program, before), _channels(program, after)
    return Comparison(
        current=before.id,
        future=after.id,
        steps=StepChanges([_step_change(old, new) for old, new in pairs], title="Steps"),
        stages=StageChanges(_stage_changes(before, after), title="Stages"),
        channels_added=tuple(sorted(channels_after - channels_before)),
        channels_dropped=tuple(sorted(channels_before - channels_after)),
        backstage=Backlog(delta, title="Backstage delta"),
    )


def match_steps(before: Journey, after: Journey) -> list[tuple[Step | None, Step]]:
    """Every step of ``after`` with the step of ``before`` it continues, or ``None`` when it is new.

    A future step continues the current step with its own id, else the one it
    ``replaces``; each current step is continued at most once (the first
    future step to claim it wins). Steps come in ``after``'s order.
    """
    old_steps = {step.id: step for step in before.steps}
    pairs: list[tuple[Step | None, Step]] = []
    matched: set[str] = set()
    for step in after.steps:
        old_id = step.id if step.id in old_steps else step.replaces
        old = old_steps.get(old_id) if old_id is not None and old_id not in matched else None
        if old is not None:
            matched.add(old.id)
        pairs.append((old, step))
    return pairs


def _journeys(program: Program, current: str, future: str | None) -> tuple[Journey, Journey]:
    journeys = {j.id: j for j in program.journeys}
    for ident in (current, future):
        if ident is not None and ident not in journeys:
            raise UnknownReferenceError(f"the programme has no journey {ident!r}")
    if future is None:
        after = journeys[current]
        if after.replaces is None:
            raise UnknownReferenceError(
                f"journey {current!r} replaces no journey; name both: compare(program, CURRENT, FUTURE)"
            )
        return journeys[after.replaces], after
    return journeys[current], journeys[future]


def _step_change(old: Step | None, new: Step | None) -> StepChange:
    if old is None or new is None:
        step = old or new
        assert step is not None
        return StepChange(
            current=old.id if old else None,
            future=new.id if new else None,
            status="added" if old is None else "removed",
            changed=(),
            emotion_before=old.emotion if old else None,
            emotion_after=new.emotion if new else None,
            emotion_delta=None,
        )
    changed = tuple(name for name in _COMPARED if getattr(old, name) != getattr(new, name))
    delta = new.emotion - old.emotion if new.emotion is not None and old.emotion is not None else None
    return StepChange(
        current=old.id,
        future=new.id,
        status="changed" if changed or old.id != new.id else "same",
        changed=changed,
        emotion_before=old.emotion,
        emotion_after=new.emotion,
        emotion_delta=delta,
    )


def _stage_changes(before: Journey, after: Journey) -> list[StageChange]:
    def mood(journey: Journey) -> dict[str, float | None]:
        result: dict[str, float | None] = {}
        for stage in journey.stages:
            scores = [s.emotion for s in stage.steps if s.emotion is not None]
            result[stage.id] = round(float(mean(scores)), 2) if scores else None
        return result

    old, new = mood(before), mood(after)
    order = list(dict.fromkeys([s.id for s in after.stages] + [s.id for s in before.stages]))
    return [
        StageChange(
            stage=stage,
            emotion_before=old.get(stage),
            emotion_after=new.get(stage),
            emotion_delta=round(new[stage] - old[stage], 2)  # type: ignore[operator]
            if old.get(stage) is not None and new.get(stage) is not None
            else None,
        )
        for stage in order
    ]


def _channels(program: Program, journey: Journey) -> set[str]:
    channel_of = {tp.id: tp.channel for tp in program.touchpoints}
    return {channel_of[t] for step in journey.steps for t in step.touchpoints}
