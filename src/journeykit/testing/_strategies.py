"""Hypothesis strategies that generate valid programmes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeykit._extras import require
from journeykit.program import Program

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = ["identifiers", "programs", "texts"]


def identifiers() -> SearchStrategy[str]:
    """Ids as journeykit accepts them: a letter or digit, then letters, digits, ``_.-``."""
    require("hypothesis")
    from hypothesis import strategies as st

    return st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,11}", fullmatch=True)


def texts(*, max_size: int = 24) -> SearchStrategy[str]:
    """Any non-empty Unicode text (no lone surrogates, which UTF-8 cannot hold)."""
    require("hypothesis")
    from hypothesis import strategies as st

    return st.text(st.characters(codec="utf-8"), min_size=1, max_size=max_size)


def programs(
    *,
    max_personas: int = 3,
    max_roles: int = 3,
    max_journeys: int = 3,
    max_stages: int = 3,
    max_steps: int = 3,
    max_actions: int = 2,
    max_requirements: int = 5,
) -> SearchStrategy[Program]:
    """A strategy for valid ``Program`` objects.

    Every reference resolves, ids are unique, future journeys replace current
    ones and requirement dependencies form no cycle; texts are arbitrary
    Unicode, so the strategy also tests what files and renderers do with them.
    Personas may declare a share (together at most 1) and steps may score
    some personas' own emotion.

    Examples
    --------
    >>> from hypothesis import given
    >>> from journeykit.testing import programs
    >>> @given(programs())
    ... def test_has_a_name(program):
    ...     assert program.name
    >>> test_has_a_name()
    """
    require("hypothesis")
    from hypothesis import strategies as st

    @st.composite
    def build(draw: DrawFn) -> Program:
        return Program.model_validate(
            _draw_program(
                draw,
                max_personas,
                max_roles,
                max_journeys,
                max_stages,
                max_steps,
                max_actions,
                max_requirements,
            )
        )

    return build()


def _draw_program(
    draw: DrawFn,
    max_personas: int,
    max_roles: int,
    max_journeys: int,
    max_stages: int,
    max_steps: int,
    max_actions: int,
    max_requirements: int,
) -> dict[str, Any]:
    require("hypothesis")
    from hypothesis import strategies as st

    def ids(max_size: int, min_size: int = 0) -> list[str]:
        return draw(st.lists(identifiers(), min_size=min_size, max_size=max_size, unique=True))

    def maybe(strategy: SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    def some(pool: list[str], max_size: int = 2) -> list[str]:
        if not pool:
            return []
        return draw(st.lists(st.sampled_from(pool), max_size=max_size, unique=True))

    text = texts()
    persona_ids, role_ids = ids(max_personas), ids(max_roles)
    shares = _shares(draw, len(persona_ids))
    touchpoint_ids, requirement_ids = ids(3), ids(max_requirements)
    roles = st.sampled_from(role_ids) if role_ids else st.none()
    data: dict[str, Any] = {
        "name": draw(text),
        "purpose": maybe(texts(max_size=80)),
        "personas": [
            {
                "id": p,
                "name": draw(text),
                "goals": draw(st.lists(text, max_size=2)),
                "organization": draw(st.sampled_from(["partner", "customer", "internal"])),
                "attributes": draw(st.dictionaries(identifiers(), text, max_size=2)),
                **({"share": share} if share is not None else {}),
            }
            for p, share in zip(persona_ids, shares, strict=True)
        ],
        "roles": [
            {"id": r, "name": draw(text), "kind": draw(st.sampled_from(["team", "person", "system"]))}
            for r in role_ids
        ],
        "touchpoints": [
            {"id": t, "name": draw(text), "channel": draw(text), "evidence": draw(st.lists(text, max_size=2))}
            for t in touchpoint_ids
        ],
        "requirements": [
            {
                "id": r,
                "title": draw(text),
                "owner": draw(roles),
                "status": draw(st.sampled_from(["available", "partial", "missing"])),
                "effort": maybe(st.floats(0, 1e6, allow_nan=False, allow_infinity=False)),
                "depends_on": some(requirement_ids[:i]),
            }
            for i, r in enumerate(requirement_ids)
        ],
    }
    journeys: list[dict[str, Any]] = []
    for journey_id in ids(max_journeys):
        current = [x["id"] for x in journeys if x["state"] == "current"]
        future = bool(current) and draw(st.booleans())
        stages = []
        step_pool = iter(ids(max_stages * max_steps))  # step ids are unique in a journey
        for stage_id in ids(max_stages, min_size=1):
            steps = []
            for step_id in (next(step_pool, None) for _ in range(draw(st.integers(0, max_steps)))):
                if step_id is None:
                    break
                steps.append(
                    {
                        "id": step_id,
                        "name": draw(text),
                        "emotion": maybe(st.integers(1, 5)),
                        "emotions": {p: draw(st.integers(1, 5)) for p in some(persona_ids)},
                        "pain_points": draw(st.lists(text, max_size=2)),
                        "opportunities": draw(st.lists(text, max_size=1)),
                        "touchpoints": some(touchpoint_ids),
                        "requires": some(requirement_ids),
                        "personas": some(persona_ids),
                        "actions": [
                            {
                                "id": f"{step_id}.{a}",
                                "name": draw(text),
                                "lane": draw(st.sampled_from(["frontstage", "backstage", "support"])),
                                "actor": draw(roles),
                                "requires": some(requirement_ids),
                            }
                            for a in range(draw(st.integers(0, max_actions)))
                        ],
                    }
                )
            stages.append({"id": stage_id, "name": draw(text), "steps": steps})
        journey: dict[str, Any] = {
            "id": journey_id,
            "name": draw(text),
            "personas": some(persona_ids),
            "state": "future" if future else "current",
            "stages": stages,
        }
        if future:
            journey["replaces"] = draw(st.sampled_from(current))
            old = next(j for j in journeys if j["id"] == journey["replaces"])
            old_steps = [step["id"] for stage in old["stages"] for step in stage["steps"]]
            for stage in journey["stages"]:
                for step in stage["steps"]:
                    if old_steps and draw(st.integers(0, 3)) == 0:
                        step["replaces"] = draw(st.sampled_from(old_steps))
        _link(draw, journey, [j["id"] for j in journeys])
        journeys.append(journey)
    data["journeys"] = journeys
    refs = [f"journey:{j['id']}" for j in journeys] + [
        f"step:{j['id']}/{s['id']}" for j in journeys for st_ in j["stages"] for s in st_["steps"]
    ]
    data["use_cases"] = [
        {
            "id": u,
            "name": draw(text),
            "theme": draw(text),
            "impact": maybe(st.integers(1, 5)),
            "ease": maybe(st.integers(1, 5)),
            "sponsor": draw(roles),
            "champion": draw(roles),
            "covers": some(refs),
        }
        for u in ids(2)
    ]
    data["metrics"] = [
        {
            "id": m,
            "name": draw(text),
            "target": maybe(st.integers(-100, 100)),
            "measures": some(refs + [f"use_case:{u['id']}" for u in data["use_cases"]]),
        }
        for m in ids(2)
    ]
    data["rules"] = [
        {
            "id": r,
            "when": {"lane": draw(st.sampled_from(["frontstage", "backstage", "support"]))},
            "requires": [draw(st.sampled_from(requirement_ids))],
        }
        for r in (ids(2) if requirement_ids else [])
    ]
    return data


def _shares(draw: DrawFn, count: int) -> list[float | None]:
    """A share or none for each of ``count`` personas, together at most 1 (and sometimes exactly 1)."""
    require("hypothesis")
    from hypothesis import strategies as st

    parts = [draw(st.none() | st.integers(0, 100)) for _ in range(count)]
    whole = max(100, sum(part for part in parts if part is not None))
    return [None if part is None else part / whole for part in parts]


def _link(draw: DrawFn, journey: dict[str, Any], earlier: list[str]) -> None:
    """Add triggers between the journey's actions, and sub-journeys into earlier
    journeys only (so they never form a cycle)."""
    require("hypothesis")
    from hypothesis import strategies as st

    steps = [step for stage in journey["stages"] for step in stage["steps"]]
    action_ids = [action["id"] for step in steps for action in step["actions"]]
    for step in steps:
        for action in step["actions"]:
            if action_ids and draw(st.integers(0, 3)) == 0:
                action["triggers"] = draw(st.lists(st.sampled_from(action_ids), max_size=2, unique=True))
        if earlier and draw(st.integers(0, 4)) == 0:
            step["sub_journey"] = draw(st.sampled_from(earlier))
