"""Today against tomorrow: what a future journey changes, front stage and backstage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING, Any

from journeykit._args import journey_of, program_of
from journeykit._i18n import N_, _
from journeykit._table import Table, terminal_text
from journeykit._text import html_text
from journeykit.analysis.derive import Backlog, derive_requirements
from journeykit.exceptions import ArgumentError, UnknownReferenceError

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
    step, ``future`` for a removed one; ``changed`` names the fields that differ.
    ``replaces`` is the id of the current step the future step takes over under
    a new id (through its ``replaces:``), else None."""

    current: str | None
    future: str | None
    status: str  # "added", "removed", "changed" or "same"
    changed: tuple[str, ...]
    replaces: str | None
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
    display_columns = (
        "current",
        "future",
        "status",
        "replaces",
        "changed",
        "emotion_before",
        "emotion_after",
    )


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

    @property
    def replaced(self) -> dict[str, str]:
        """Future step id -> the current step it takes over under a new id (its ``replaces:``)."""
        return {c.future: c.replaces for c in self.steps if c.future and c.replaces}

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain data for JSON: ``current``, ``future``, ``steps``
        and ``stages`` (lists of records), ``channels_added``, ``channels_dropped``
        and ``backstage`` (the backstage delta's records).

        Examples
        --------
        >>> data = jk.compare("onboarding-future", program=jk.example()).to_dict()
        >>> list(data)
        ['current', 'future', 'steps', 'stages', 'channels_added', 'channels_dropped', 'backstage']
        >>> data["current"], data["future"], len(data["steps"])
        ('onboarding-current', 'onboarding-future', 14)
        >>> data["stages"][1]
        {'stage': 'apply', 'emotion_before': 1.67, 'emotion_after': 3.67, 'emotion_delta': 2.0}
        >>> json.loads(json.dumps(data)) == data
        True
        """
        return {
            "current": self.current,
            "future": self.future,
            "steps": self.steps.to_records(),
            "stages": self.stages.to_records(),
            "channels_added": list(self.channels_added),
            "channels_dropped": list(self.channels_dropped),
            "backstage": self.backstage.to_records(),
        }

    def __str__(self) -> str:
        """A summary in the language in force; ids are written as they are."""

        def ids(values: Iterable[str]) -> str:
            return terminal_text(", ".join(values)) or "-"

        rows = [
            (_("steps added"), ids(self.added)),
            (_("steps removed"), ids(self.removed)),
            (_("steps replaced"), ids(_replacement(c) for c in self.steps if c.replaces)),
            (_("steps changed"), ids(_describe(c) for c in self.changed if not c.replaces)),
            (_("channels added"), ids(self.channels_added)),
            (_("channels dropped"), ids(self.channels_dropped)),
            (_("backstage delta"), ids(self.backstage.ids())),
        ]
        width = max(len(label) for label, _unused in rows) + 1
        lines = [terminal_text(f"{self.current} -> {self.future}")]
        lines.extend(f"  {(label + ':').ljust(width)} {text}" for label, text in rows)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return (
            f"<h4>{html_text(self.current)} &rarr; {html_text(self.future)}</h4>"
            + self.steps._repr_html_()
            + self.stages._repr_html_()
            + f"<p>{html_text(_('Backstage delta'))}</p>"
            + self.backstage._repr_html_()
        )


def _describe(change: StepChange) -> str:
    return f"{change.future} ({', '.join(change.changed)})"


def _replacement(change: StepChange) -> str:
    text = _("{future} replaces {current}").format(future=change.future, current=change.replaces)
    return f"{text} ({', '.join(change.changed)})" if change.changed else text


def compare(
    current: Journey | str, future: Journey | str | None = None, *, program: Program | None = None
) -> Comparison:
    """Compare a current journey with a future one.

    Steps match by id, then by a future step's ``replaces`` where ids differ;
    such a pair says so in ``StepChange.replaces``.

    Parameters
    ----------
    current, future
        The journeys: each a ``Journey``, or its id with ``program=``. Give
        only the future journey to compare it with the journey it
        ``replaces``.
    program
        The programme that holds both journeys (the backstage delta needs its
        requirements and rules, the channels its touchpoints). It is not
        changed.

    Raises
    ------
    ArgumentError
        No programme, or an argument that is not a journey or its id (such as
        the programme first, as in journeykit 0.1: ``compare(program, "id")``).
    UnknownIdError
        The programme has no journey with that id.
    UnknownReferenceError
        Only one journey was given and it replaces none.

    Examples
    --------
    >>> portal = jk.example()
    >>> result = jk.compare("onboarding-future", program=portal)
    >>> result.current, result.future
    ('onboarding-current', 'onboarding-future')
    >>> result.added
    ('complete-profile', 'join-advisory-council')
    >>> result.channels_added, result.channels_dropped
    (('in person',), ('video call',))
    >>> result.backstage.ids()[:3]
    ['welcome-content', 'onboarding-curriculum', 'partner-agreement-esign']
    >>> result.replaced  # no future step of the example takes over a step under a new id
    {}
    """
    if program is None:
        from journeykit.journeys import Journey

        for value in (current, future):
            if value is not None and not isinstance(value, (str, Journey)):
                journey_of(value, None, "compare")  # raises, naming what it got (a Program, say)
        raise ArgumentError(
            "compare needs the programme that holds the journeys (the backstage delta needs its "
            f"requirements): compare({_shown(current)}, {_shown(future)}, program=program)"
            if future is not None
            else f"compare({_shown(current)}, program=program)"
        )
    program = program_of(program, "compare")
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
        steps=StepChanges([_step_change(old, new) for old, new in pairs], title=N_("Steps")),
        stages=StageChanges(_stage_changes(before, after), title=N_("Stages")),
        channels_added=tuple(sorted(channels_after - channels_before)),
        channels_dropped=tuple(sorted(channels_before - channels_after)),
        backstage=Backlog(
            delta,
            title=N_("Backstage delta"),
            depends_on={r.id: r.depends_on for r in program.requirements},
        ),
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


def _shown(journey: object) -> str:
    from journeykit.journeys import Journey

    return repr(journey.id) if isinstance(journey, Journey) else repr(journey)


def _journeys(
    program: Program, current: Journey | str, future: Journey | str | None
) -> tuple[Journey, Journey]:
    first = journey_of(current, program, "compare")
    if future is not None:
        return first, journey_of(future, program, "compare")
    if first.replaces is None:
        raise UnknownReferenceError(
            f"journey {first.id!r} replaces no journey; name both: compare(CURRENT, FUTURE, program=program)"
        )
    return program.journey(first.replaces), first


def _step_change(old: Step | None, new: Step | None) -> StepChange:
    if old is None or new is None:
        step = old or new
        assert step is not None
        return StepChange(
            current=old.id if old else None,
            future=new.id if new else None,
            status="added" if old is None else "removed",
            changed=(),
            replaces=None,
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
        replaces=old.id if old.id != new.id else None,
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
