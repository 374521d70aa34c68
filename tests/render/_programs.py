"""Programmes that carry one text everywhere a view draws user text."""

from __future__ import annotations

import journeykit as jk


def hostile_program(text: str) -> jk.Program:
    """A small valid programme with ``text`` in every name, description and list a view shows.

    It has a persona, a role, a touchpoint, a use case, a requirement, and a
    current journey replaced by a future one, so that every view has something
    to draw.
    """

    def journey(ident: str, state: str, replaces: str | None) -> jk.Journey:
        return jk.Journey(
            id=ident,
            name=text,
            description=text,
            state=state,
            replaces=replaces,
            personas=["p"],
            stages=[
                jk.Stage(
                    id="s",
                    name=text,
                    steps=[
                        jk.Step(
                            id="a",
                            name=text,
                            emotion=2,
                            touchpoints=["t"],
                            pain_points=[text],
                            opportunities=[text],
                            requires=["r"],
                            actions=[
                                jk.Action(id="x", name=text, lane="frontstage", actor="role", triggers=["y"]),
                                jk.Action(id="y", name=text, lane="backstage", actor="role", requires=["r"]),
                            ],
                        ),
                        jk.Step(id="b", name=text, emotion=4, replaces="a" if replaces else None),
                    ],
                )
            ],
        )

    return jk.Program(
        name=text,
        purpose=text,
        description=text,
        personas=[
            jk.Persona(
                id="p",
                name=text,
                role=text,
                description=text,
                goals=[text],
                challenges=[text],
                motivations=[text],
                responsibilities=[text],
                channels=[text],
                quotes=[text],
                attributes={"region": text},
            )
        ],
        roles=[jk.Role(id="role", name=text)],
        touchpoints=[jk.Touchpoint(id="t", name=text, channel=text, evidence=[text])],
        use_cases=[jk.UseCase(id="u", name=text, theme=text, impact=4, ease=2, covers=["journey:now"])],
        requirements=[jk.Requirement(id="r", title=text, status="partial", owner="role", effort=3)],
        journeys=[journey("now", "current", None), journey("next", "future", "now")],
    )
