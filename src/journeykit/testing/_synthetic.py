"""Synthetic programmes of any size, for benchmarks and for trying journeykit at scale."""

from __future__ import annotations

import random
from typing import Any

from journeykit.program import Program

__all__ = ["synthetic_program"]

_LANES = ("frontstage", "backstage", "support")
_STATUSES = ("available", "partial", "missing")
_CHANNELS = ("portal", "email", "phone", "event", "in person", "chat")
_KINDS = ("capability", "data", "integration", "process", "policy", "staffing")


def synthetic_program(
    *,
    journeys: int = 10,
    steps_per_journey: int = 10,
    actions_per_step: int = 3,
    requirements: int = 100,
    stages_per_journey: int = 4,
    personas: int = 5,
    seed: int = 0,
) -> Program:
    """A valid programme of the given size, the same for the same arguments.

    Half the journeys are future journeys that replace the current one before
    them; steps are spread over the stages; each step has ``actions_per_step``
    actions cycling through the three lanes, each needing one requirement;
    requirements depend only on earlier ones, so there is never a cycle.

    Parameters
    ----------
    journeys, steps_per_journey, actions_per_step, requirements
        The size. ``journeys=1000, steps_per_journey=100`` gives 100,000 steps.
    stages_per_journey, personas
        Shape details.
    seed
        Seed of the random choices (emotions, statuses, links).

    Examples
    --------
    >>> from journeykit.testing import synthetic_program
    >>> p = synthetic_program(journeys=4, steps_per_journey=8, requirements=20)
    >>> p.summary()["steps"], p.summary()["actions"], p.summary()["requirements"]
    (32, 96, 20)
    >>> synthetic_program(journeys=2, seed=1) == synthetic_program(journeys=2, seed=1)
    True
    """
    return Program.model_validate(
        synthetic_data(
            journeys=journeys,
            steps_per_journey=steps_per_journey,
            actions_per_step=actions_per_step,
            requirements=requirements,
            stages_per_journey=stages_per_journey,
            personas=personas,
            seed=seed,
        )
    )


def synthetic_data(
    *,
    journeys: int,
    steps_per_journey: int,
    actions_per_step: int,
    requirements: int,
    stages_per_journey: int,
    personas: int,
    seed: int,
) -> dict[str, Any]:
    """The plain data of ``synthetic_program`` (what a file would hold)."""
    rng = random.Random(seed)
    persona_ids = [f"persona-{i}" for i in range(max(personas, 1))]
    role_ids = ["portal-admin", "channel-manager", "it-admin", "executive-sponsor", "prm-platform"]
    touchpoint_ids = [f"tp-{c.replace(' ', '-')}" for c in _CHANNELS]
    requirement_ids = [f"req-{i}" for i in range(requirements)]
    data: dict[str, Any] = {
        "name": f"Synthetic programme ({journeys} journeys x {steps_per_journey} steps)",
        "purpose": "Measure journeykit at scale.",
        "personas": [
            {"id": p, "name": f"Persona {i}", "goals": ["Get work done"]} for i, p in enumerate(persona_ids)
        ],
        "roles": [
            {
                "id": r,
                "name": r.replace("-", " ").title(),
                "kind": "system" if r == "prm-platform" else "team",
            }
            for r in role_ids
        ],
        "touchpoints": [
            {"id": t, "name": f"{c.title()} touchpoint", "channel": c}
            for t, c in zip(touchpoint_ids, _CHANNELS, strict=True)
        ],
        "requirements": [
            {
                "id": rid,
                "title": f"Requirement {i}",
                "kind": rng.choice(_KINDS),
                "owner": rng.choice(role_ids),
                "status": rng.choice(_STATUSES),
                "effort": rng.randint(1, 20),
                "depends_on": sorted({requirement_ids[rng.randrange(i)] for _ in range(rng.randint(0, 2))})
                if i
                else [],
            }
            for i, rid in enumerate(requirement_ids)
        ],
    }
    data["journeys"] = [
        _journey(
            j,
            rng,
            steps_per_journey,
            stages_per_journey,
            actions_per_step,
            persona_ids,
            role_ids,
            touchpoint_ids,
            requirement_ids,
        )
        for j in range(journeys)
    ]
    journey_ids = [j["id"] for j in data["journeys"]]
    data["use_cases"] = [
        {
            "id": f"uc-{u}",
            "name": f"Use case {u}",
            "theme": "recruitment & onboarding",
            "impact": rng.randint(1, 5),
            "ease": rng.randint(1, 5),
            "sponsor": "executive-sponsor",
            "champion": "channel-manager",
            "process": "Partner onboarding",
            "covers": [f"journey:{journey_ids[u]}"],
        }
        for u in range(min(len(journey_ids), max(1, journeys // 10)))
    ]
    data["metrics"] = [
        {
            "id": f"metric-{u['id']}",
            "name": f"Success of {u['name']}",
            "target": 80,
            "unit": "%",
            "measures": [f"use_case:{u['id']}"],
        }
        for u in data["use_cases"]
    ]
    if requirement_ids:
        data["rules"] = [
            {"id": "portal-needs-first", "when": {"channel": "portal"}, "requires": [requirement_ids[0]]}
        ]
    return data


def _journey(
    j: int,
    rng: random.Random,
    steps: int,
    stages: int,
    actions_per_step: int,
    persona_ids: list[str],
    role_ids: list[str],
    touchpoint_ids: list[str],
    requirement_ids: list[str],
) -> dict[str, Any]:
    future = j % 2 == 1
    stage_count = max(1, min(stages, steps))
    journey: dict[str, Any] = {
        "id": f"journey-{j}",
        "name": f"Journey {j}",
        "state": "future" if future else "current",
        "personas": [persona_ids[j % len(persona_ids)]],
        "stages": [],
    }
    if future:
        journey["replaces"] = f"journey-{j - 1}"
    for s in range(stage_count):
        first, last = s * steps // stage_count, (s + 1) * steps // stage_count
        stage_steps = []
        for k in range(first, last):
            actions = []
            for a in range(actions_per_step):
                action: dict[str, Any] = {
                    "id": f"a{k}-{a}",
                    "name": f"Action {a} of step {k}",
                    "lane": _LANES[a % 3],
                    "actor": role_ids[(k + a) % len(role_ids)],
                }
                if requirement_ids:
                    action["requires"] = [rng.choice(requirement_ids)]
                if a + 1 < actions_per_step and rng.random() < 0.3:
                    action["triggers"] = [f"a{k}-{a + 1}"]
                actions.append(action)
            stage_steps.append(
                {
                    "id": f"s{k}",
                    "name": f"Step {k}",
                    "emotion": rng.randint(1, 5),
                    "touchpoints": [touchpoint_ids[rng.randrange(len(touchpoint_ids))]],
                    "actions": actions,
                }
            )
        journey["stages"].append({"id": f"stage-{s}", "name": f"Stage {s}", "steps": stage_steps})
    return journey
