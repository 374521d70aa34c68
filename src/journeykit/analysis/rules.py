"""When a rule applies: matching a ``Rule``'s conditions against steps and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

    from journeykit.journeys import Action, Journey, Step
    from journeykit.program import Match, Program, Rule

__all__ = ["match", "rule_matches"]


def rule_matches(
    rule: Rule,
    program: Program,
    journey: Journey,
    step: Step,
    action: Action | None = None,
) -> bool:
    """Whether ``rule`` applies to ``step`` (or to ``action``, one of the step's actions).

    Every condition the rule gives must hold; absent ones match anything.
    ``lane`` and ``actor`` are conditions on an action, so a rule that gives
    either never matches a step alone. ``channel`` and ``persona`` are read
    from the step (for an action: the step it supports); ``tags`` from the
    thing matched.

    Examples
    --------
    >>> portal = jk.example()
    >>> journey = portal.journey("deal-registration-future")
    >>> step = journey.step("fill-registration")
    >>> rule = next(r for r in portal.rules if r.when.channel == "portal" and not r.when.persona)
    >>> rule_matches(rule, portal, journey, step)
    True
    """
    channels = {tp.channel for tp in program.touchpoints if tp.id in step.touchpoints}
    return match(rule.when, step.personas or journey.personas, channels, step, action)


def match(
    when: Match,
    personas: Collection[str],
    channels: Collection[str],
    step: Step,
    action: Action | None,
) -> bool:
    """``rule_matches`` with the step's personas and channels already worked out."""
    if action is None:
        if when.lane is not None or when.actor is not None:
            return False
    elif (when.lane is not None and action.lane != when.lane) or (
        when.actor is not None and action.actor != when.actor
    ):
        return False
    if when.persona is not None and when.persona not in personas:
        return False
    if when.tags and not set(when.tags) <= set((action or step).tags):
        return False
    return when.channel is None or when.channel in channels
