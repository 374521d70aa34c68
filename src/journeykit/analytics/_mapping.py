"""Which designed step each observed activity is: the bridge from event logs to journeys.

``funnel`` and ``conformance`` compare what customers did (activities in an
event log) with a designed ``Journey`` (steps in stages). The ``steps=``
option says how an activity finds its step:

==============  ================================================================
``steps=``      an activity is the step ...
==============  ================================================================
``"auto"``      whose id it equals; else whose name it equals; else whose name
                it equals ignoring case and runs of white space (the default)
``"id"``        whose id it equals
``"name"``      whose name it equals; else ignoring case and white space
a ``dict``      it maps to: ``{"Visit the site": "visit", ...}`` (activity ->
                step id); activities left out of the dict match no step
==============  ================================================================

Several activities may map to one step. An activity that matches no step is
*unknown* to the design. One that matches two steps at the same rung (two
steps share a name) is an error: pass a ``dict`` to choose.

The match is decided once per distinct activity (a small query counts them)
and applied inside the engine as a lookup (``replace_strict``: a ``MAP`` in
DuckDB and Spark), never by looping over rows in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import narwhals as nw

from journeykit.analytics._events import ACTIVITY, Events
from journeykit.exceptions import StepMappingError

if TYPE_CHECKING:
    from journeykit.journeys import Journey

__all__ = ["STEP", "StepMappingError", "Steps", "StepsOption", "match_steps", "with_steps"]

#: The prepared frame's column with the position of the event's step in
#: ``journey.steps`` (``Int64``), null for an activity unknown to the design.
STEP = "__jk_step"

StepsOption = Literal["auto", "id", "name"] | Mapping[str, str]

_MODES = ("auto", "id", "name")
#: Shown at most when an error lists step ids.
_MAX_LISTED = 20


def _normal(text: str) -> str:
    """Text compared without regard to case or runs of white space.

    >>> _normal("  Sign   UP\\n")
    'sign up'
    """
    return " ".join(text.casefold().split())


def match_steps(
    activities: Iterable[str], journey: Journey, *, steps: StepsOption = "auto"
) -> dict[str, str]:
    """Activity -> step id, for each activity that matches a step of ``journey``.

    Activities that match no step are left out; they are unknown to the design.

    Parameters
    ----------
    activities
        The activities to match (each distinct one once is enough).
    journey
        The designed journey.
    steps
        ``"auto"`` (id, then exact name, then name ignoring case and white
        space), ``"id"``, ``"name"`` (exact, then ignoring case and white
        space), or a dict activity -> step id.

    Raises
    ------
    StepMappingError
        An activity matches two steps at the same rung (the steps share a
        name), or the dict maps an activity to an id no step has.
    ValueError, TypeError
        ``steps`` is none of the above.

    Examples
    --------
    >>> journey = jk.Journey(id="shop", name="Shop", stages=[jk.Stage(id="buy", name="Buy", steps=[
    ...     jk.Step(id="visit", name="Visit the shop"), jk.Step(id="pay", name="Pay")])])
    >>> match_steps(["visit", "Pay", "visit  the SHOP", "Call"], journey)
    {'visit': 'visit', 'Pay': 'pay', 'visit  the SHOP': 'visit'}
    >>> match_steps(["visit", "Pay"], journey, steps="name")
    {'Pay': 'pay'}
    >>> match_steps(["Paid"], journey, steps={"Paid": "pay"})
    {'Paid': 'pay'}
    """
    ids = [step.id for step in journey.steps]
    if isinstance(steps, Mapping):
        return _explicit(activities, steps, journey)
    if not isinstance(steps, str):
        raise TypeError(f"steps must be 'auto', 'id', 'name' or a dict activity -> step id, not {steps!r}")
    if steps not in _MODES:
        raise ValueError(f"unknown steps: {steps!r} (must be one of 'auto', 'id', 'name', or a dict)")
    # Each rung: how it matches, whether it compares normalised text, key -> step ids.
    rungs: list[tuple[str, bool, dict[str, list[str]]]] = []
    if steps in ("auto", "id"):
        rungs.append(("id", False, {i: [i] for i in ids}))
    if steps in ("auto", "name"):
        exact: dict[str, list[str]] = {}
        loose: dict[str, list[str]] = {}
        for step in journey.steps:
            exact.setdefault(step.name, []).append(step.id)
            loose.setdefault(_normal(step.name), []).append(step.id)
        rungs += [("name", False, exact), ("name ignoring case and white space", True, loose)]
    result: dict[str, str] = {}
    for activity in activities:
        for how, normalised, table in rungs:
            found = table.get(_normal(activity) if normalised else activity)
            if not found:
                continue
            if len(found) > 1:
                shown = ", ".join(repr(i) for i in found)
                raise StepMappingError(
                    f"activity {activity!r} matches {len(found)} steps of journey {journey.id!r} by {how}: "
                    f"{shown}; pass steps={{{activity!r}: {found[0]!r}, ...}} to say which step each "
                    "activity is, or give the steps distinct names",
                    activity=activity,
                    candidates=tuple(found),
                )
            result[activity] = found[0]
            break
    return result


def _explicit(activities: Iterable[str], steps: Mapping[str, str], journey: Journey) -> dict[str, str]:
    ids = [step.id for step in journey.steps]
    known = set(ids)
    by_name = {step.name: step.id for step in journey.steps}
    for activity, step_id in steps.items():
        if not isinstance(activity, str) or not isinstance(step_id, str):
            raise TypeError(
                f"steps= must map activity names to step ids (both text), not {activity!r}: {step_id!r}"
            )
        if step_id not in known:
            hint = f" (the step named {step_id!r} has id {by_name[step_id]!r})" if step_id in by_name else ""
            shown = ", ".join(repr(i) for i in ids[:_MAX_LISTED])
            more = f", ... ({len(ids)} in all)" if len(ids) > _MAX_LISTED else ""
            raise StepMappingError(
                f"steps= maps activity {activity!r} to {step_id!r}, which is no step of journey "
                f"{journey.id!r}{hint}; use one of its step ids: {shown or '(none)'}{more}",
                activity=activity,
            )
    return {activity: steps[activity] for activity in activities if activity in steps}


# -- in the engine ------------------------------------------------------------------


@dataclass(frozen=True)
class Steps:
    """The events with their designed step, and what the match found.

    ``frame`` is the prepared frame plus ``STEP`` (the step's position in
    ``journey.steps``, null for unknown activities); ``mapping`` is activity
    -> step id and ``activities`` the number of events of each activity.
    """

    frame: nw.LazyFrame[Any]
    mapping: dict[str, str]
    activities: dict[str, int]

    @property
    def unknown(self) -> dict[str, int]:
        """Activities no step matched, with their number of events."""
        return {a: n for a, n in self.activities.items() if a not in self.mapping}


def with_steps(events: Events, journey: Journey, steps: StepsOption) -> Steps:
    """Count the activities, match them to steps, and add ``STEP`` in the engine.

    One small query (the events per activity) reaches Python; the match is
    then applied as a lookup in the engine.
    """
    counted = events.frame.group_by(ACTIVITY).agg(nw.len().alias("n")).collect()
    activities = {str(a): int(n) for a, n in counted.iter_rows()}
    mapping = match_steps(sorted(activities), journey, steps=steps)
    position = {step.id: i for i, step in enumerate(journey.steps)}
    lookup = {activity: position[step_id] for activity, step_id in mapping.items()}
    if lookup:
        step = nw.col(ACTIVITY).replace_strict(lookup, default=None, return_dtype=nw.Int64)
    else:  # an empty MAP has no type in DuckDB
        step = nw.lit(None, dtype=nw.Int64)
    return Steps(frame=events.frame.with_columns(step.alias(STEP)), mapping=mapping, activities=activities)
