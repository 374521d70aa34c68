"""Journeys, their stages and the steps customers take in them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from pydantic import Field, model_validator
from typing_extensions import Self

from journeykit._base import Identifier, JourneyModel, Score, Text, Texts
from journeykit._errors import ErrorCollector
from journeykit.journeys._blueprint import Action
from journeykit.journeys._mermaid import MermaidSource

__all__ = ["Journey", "JourneyState", "Stage", "Step"]

#: ``current`` is the reality the programme can offer today, ``future`` the
#: aspiration it wants to offer.
JourneyState = Literal["current", "future"]


class Step(JourneyModel):
    """One thing the customer does in a stage: the front stage.

    ``next`` lists the steps that may follow (branches and loops allowed).
    Leave it out to mean "the following step of the journey"; give ``[]`` to
    end the journey here.

    Examples
    --------
    >>> s = Step(id="sign-up", name="Sign up on the portal", emotion=2,
    ...          pain_points=["Long form"])
    >>> s.emotion, s.next is None
    (2, True)
    >>> s = Step(id="register", name="Register a deal", emotion=3, emotions={"marketing-manager": 2})
    >>> s.emotion_of("marketing-manager"), s.emotion_of("sales-manager")
    (2, 3)
    """

    id: Identifier = Field(description="Step id, unique within its journey.")
    name: Text = Field(description="What the customer does, from their point of view.")
    description: str | None = Field(default=None, description="Details of the step.")
    personas: tuple[Identifier, ...] = Field(
        default=(),
        description="Ids of the personas who take this step; empty means all of the journey's.",
    )
    touchpoints: tuple[Identifier, ...] = Field(
        default=(), description="Ids of the touchpoints where the step happens."
    )
    emotion: Score | None = Field(
        default=None, description="How the customer feels: 1 (very bad) to 5 (very good), 3 neutral."
    )
    emotions: dict[Identifier, Score] = Field(
        default_factory=dict,
        description="How each persona feels, where they differ: persona id -> 1 (very bad) to 5 "
        "(very good). A persona not listed feels `emotion`.",
    )
    pain_points: Texts = Field(default=(), description="What hurts at this step.")
    opportunities: Texts = Field(default=(), description="Ideas to make it better.")
    next: tuple[Identifier, ...] | None = Field(
        default=None,
        description="Ids of the steps that may follow in this journey; "
        "absent means the following step, [] ends the journey.",
    )
    sub_journey: Identifier | None = Field(
        default=None, description="Id of a journey this step expands into."
    )
    replaces: Identifier | None = Field(
        default=None,
        description="In a future journey: id of the step of the replaced journey that this step "
        "replaces, where the ids differ (steps with the same id match by themselves).",
    )
    actions: tuple[Action, ...] = Field(
        default=(), description="Blueprint actions (frontstage, backstage, support) behind this step."
    )
    requires: tuple[Identifier, ...] = Field(
        default=(), description="Ids of requirements the step needs directly."
    )
    tags: Texts = Field(default=(), description="Free labels, matched by rules.")

    def emotion_of(self, persona: str) -> int | None:
        """How ``persona`` feels at this step: its own score in ``emotions``, else ``emotion``.

        Examples
        --------
        >>> step = jk.example().journey("onboarding-future").step("get-portal-access")
        >>> step.emotion, step.emotion_of("sales-manager"), step.emotion_of("marketing-manager")
        (4, 5, 4)
        """
        return self.emotions.get(persona, self.emotion)


class Stage(JourneyModel):
    """A phase of engagement, in journey order.

    Examples
    --------
    >>> Stage(id="discover", name="Discover", steps=[Step(id="visit", name="Visit")]).steps[0].id
    'visit'
    """

    id: Identifier = Field(description="Stage id, unique within its journey.")
    name: Text = Field(description="Display name of the phase.")
    description: str | None = Field(default=None, description="What the phase is about.")
    steps: tuple[Step, ...] = Field(default=(), description="The steps of the stage, in order.")


class Journey(JourneyModel):
    """One persona-centred scenario, as it is today or as it should be.

    Examples
    --------
    >>> j = Journey(
    ...     id="onboarding", name="Partner onboarding", personas=["sales-manager"],
    ...     stages=[
    ...         Stage(id="apply", name="Apply", steps=[Step(id="fill-form", name="Fill in the form")]),
    ...         Stage(id="start", name="Get started", steps=[Step(id="log-in", name="Log in")]),
    ...     ],
    ... )
    >>> [s.id for s in j.steps]
    ['fill-form', 'log-in']
    >>> j.successors("fill-form")
    ('log-in',)
    """

    id: Identifier = Field(description="Unique journey id.")
    name: Text = Field(description="Display name of the scenario.")
    description: str | None = Field(default=None, description="What the scenario covers.")
    personas: tuple[Identifier, ...] = Field(
        default=(), description="Ids of the personas at the centre of the journey."
    )
    state: JourneyState = Field(
        default="current",
        description="current (the reality offered today) or future (the aspiration).",
    )
    replaces: Identifier | None = Field(
        default=None, description="For a future journey: id of the current journey it replaces."
    )
    stages: tuple[Stage, ...] = Field(default=(), description="The stages, in order.")
    tags: Texts = Field(default=(), description="Free labels.")
    mermaid: MermaidSource | None = Field(
        default=None,
        description="How the Mermaid diagram the journey was read from wrote it, where that differs from "
        "what journeykit writes (actor names, titles, tasks before any section); absent otherwise.",
    )

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step of the journey, in stage order.

        Examples
        --------
        >>> [step.id for step in jk.example().journey("onboarding-future").steps][:3]
        ['find-programme', 'talk-to-channel-manager', 'apply']
        """
        return tuple(step for stage in self.stages for step in stage.steps)

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every blueprint action of the journey, in step order.

        Examples
        --------
        >>> [action.id for action in jk.example().journey("onboarding-future").actions][:3]
        ['serve-landing-page', 'intro-call', 'log-prospect']
        """
        return tuple(action for step in self.steps for action in step.actions)

    def step(self, step_id: str) -> Step:
        """The step with this id; ``KeyError`` if there is none.

        Examples
        --------
        >>> journey = jk.example().journey("onboarding-future")
        >>> journey.step("apply").name
        'Apply to become a partner'
        >>> journey.step("aply")
        Traceback (most recent call last):
        ...
        KeyError: "journey 'onboarding-future' has no step 'aply'"
        """
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"journey {self.id!r} has no step {step_id!r}")

    def successors(self, step_id: str) -> tuple[str, ...]:
        """Ids of the steps that may follow ``step_id`` (its ``next``, or the
        following step of the journey when ``next`` is absent).

        Examples
        --------
        >>> journey = jk.example().journey("onboarding-future")
        >>> journey.successors("apply")  # no ``next``: the following step
        ('wait-for-approval',)
        >>> journey.successors("wait-for-approval")  # its ``next``: forward, or back to apply
        ('sign-agreement', 'apply')
        >>> journey.successors("register-first-deal")  # the last step
        ()
        """
        order = [step.id for step in self.steps]
        step = self.step(step_id)
        if step.next is not None:
            return step.next
        index = order.index(step_id)
        return tuple(order[index + 1 : index + 2])

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: object
    ) -> dict[str, str] | None:
        """In Jupyter, a journey shows its journey map (nothing extra without matplotlib)."""
        from journeykit.render.jupyter import journey_bundle

        return journey_bundle(self, include, exclude)

    def _references_resolve(self) -> bool:
        """Whether ids are unique and ``next`` and ``triggers`` resolve (the fast path)."""
        steps = self.steps
        step_ids = {step.id for step in steps}
        actions = [action for step in steps for action in step.actions]
        action_ids = {action.id for action in actions}
        return (
            len({stage.id for stage in self.stages}) == len(self.stages)
            and len(step_ids) == len(steps)
            and len(action_ids) == len(actions)
            and all(step_ids.issuperset(step.next or ()) for step in steps)
            and all(action_ids.issuperset(action.triggers) for action in actions)
        )

    def _report_references(self, errors: ErrorCollector) -> None:
        """Every duplicate id and unresolved ``next`` or ``triggers``, located."""
        errors.unique(
            "stage", ((("stages", i), s.id) for i, s in enumerate(self.stages)), scope=f"journey {self.id!r}"
        )
        located = list(self._iter_located_steps())
        errors.unique("step", ((loc, s.id) for loc, s in located), scope=f"journey {self.id!r}")
        errors.unique(
            "action",
            ((loc + ("actions", a), action.id) for loc, s in located for a, action in enumerate(s.actions)),
            scope=f"journey {self.id!r}",
        )
        step_set = {s.id for _, s in located}
        action_set = {a.id for _, s in located for a in s.actions}
        for loc, step in located:
            where = f"step {step.id!r} of journey {self.id!r}"
            for n, target in enumerate(step.next or ()):
                errors.reference(loc + ("next", n), target, step_set, "step", where)
            for a, action in enumerate(step.actions):
                for t, target in enumerate(action.triggers):
                    errors.reference(
                        loc + ("actions", a, "triggers", t),
                        target,
                        action_set,
                        "action",
                        f"action {action.id!r} of journey {self.id!r}",
                    )

    def _iter_located_steps(self) -> Iterator[tuple[tuple[str | int, ...], Step]]:
        for i, stage in enumerate(self.stages):
            for k, step in enumerate(stage.steps):
                yield ("stages", i, "steps", k), step

    @model_validator(mode="after")
    def _check_journey(self) -> Self:
        errors = ErrorCollector()
        if self.replaces is not None and self.state != "future":
            errors.add(
                ("replaces",),
                "invalid_replaces",
                self.replaces,
                f"only a future journey can replace another; journey {self.id!r} is "
                f"{self.state!r} (set state: future)",
            )
        if self.replaces == self.id:
            errors.add(
                ("replaces",), "invalid_replaces", self.replaces, f"journey {self.id!r} cannot replace itself"
            )
        if self.replaces is None:
            for loc, step in self._iter_located_steps():
                if step.replaces is not None:
                    errors.add(
                        (*loc, "replaces"),
                        "invalid_replaces",
                        step.replaces,
                        f"step {step.id!r} replaces {step.replaces!r}, but journey {self.id!r} "
                        "replaces no journey; give the journey `replaces` first",
                    )
        if not self._references_resolve():
            self._report_references(errors)
        errors.raise_if_any(type(self).__name__)
        return self
