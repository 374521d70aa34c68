from __future__ import annotations

import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit.testing import programs


def _pair() -> jk.Program:
    return jk.Program(
        name="P",
        touchpoints=[
            jk.Touchpoint(id="mail", name="Mail", channel="email"),
            jk.Touchpoint(id="web", name="Web", channel="portal"),
        ],
        requirements=[
            jk.Requirement(id="inbox", title="Shared inbox", status="available"),
            jk.Requirement(id="form", title="Form", effort=3),
            jk.Requirement(id="sso", title="SSO", effort=5),
            jk.Requirement(id="rekey", title="Re-keying staff", effort=1),
        ],
        journeys=[
            jk.Journey(
                id="now",
                name="Now",
                stages=[
                    jk.Stage(
                        id="register",
                        name="Register",
                        steps=[
                            jk.Step(
                                id="email",
                                name="Email the sheet",
                                emotion=2,
                                touchpoints=["mail"],
                                requires=["inbox", "rekey"],
                            ),
                            jk.Step(id="wait", name="Wait", emotion=1),
                            jk.Step(id="call", name="Call to ask", emotion=1),
                        ],
                    ),
                ],
            ),
            jk.Journey(
                id="later",
                name="Later",
                state="future",
                replaces="now",
                stages=[
                    jk.Stage(
                        id="register",
                        name="Register",
                        steps=[
                            jk.Step(
                                id="fill-form",
                                name="Fill the form",
                                emotion=4,
                                touchpoints=["web"],
                                requires=["form", "sso", "rekey"],
                                replaces="email",
                            ),
                            jk.Step(id="wait", name="Wait", emotion=3),
                            jk.Step(id="track", name="Track the status", emotion=4, touchpoints=["web"]),
                        ],
                    ),
                ],
            ),
        ],
    )


def test_a_worked_comparison() -> None:
    result = jk.compare("now", "later", program=_pair())
    assert result.added == ("track",)
    assert result.removed == ("call",)
    changes = {(c.current, c.future): c for c in result.steps}
    fill = changes[("email", "fill-form")]  # matched through `replaces`
    assert fill.status == "changed"
    assert fill.changed == ("name", "touchpoints", "emotion", "requires")
    assert fill.emotion_delta == 2
    assert changes[("wait", "wait")].emotion_delta == 2
    assert [(s.stage, s.emotion_before, s.emotion_after) for s in result.stages] == [("register", 1.33, 3.67)]
    assert result.channels_added == ("portal",)
    assert result.channels_dropped == ("email",)
    # form and sso are new work; rekey is needed today already, inbox is available
    assert result.backstage.ids() == ["form", "sso"]


def test_a_future_journey_alone_is_compared_with_the_one_it_replaces() -> None:
    assert jk.compare("later", program=_pair()) == jk.compare("now", "later", program=_pair())


def test_unknown_or_unpaired_journeys_are_errors() -> None:
    with pytest.raises(jk.UnknownReferenceError, match="'nope'"):
        jk.compare("nope", "later", program=_pair())
    with pytest.raises(jk.UnknownReferenceError, match="replaces no journey"):
        jk.compare("now", program=_pair())


@settings(max_examples=80, deadline=None)
@given(programs(max_journeys=4, max_steps=3, max_requirements=6))
def test_every_step_is_accounted_for_once_and_the_delta_is_new_open_work(program: jk.Program) -> None:
    before = program.model_dump()
    for future in (j for j in program.journeys if j.replaces):
        current = program.journey(future.replaces)  # type: ignore[arg-type]
        result = jk.compare(current, future, program=program)
        assert sorted(c.future for c in result.steps if c.future) == sorted(s.id for s in future.steps)
        olds = [c.current for c in result.steps if c.current]
        assert sorted(olds) == sorted(s.id for s in current.steps)
        needed_now = set(jk.derive_requirements(program, journey=current.id, include_available=True).ids())
        needed_later = jk.derive_requirements(program, journey=future.id).ids()
        assert result.backstage.ids() == [r for r in needed_later if r not in needed_now]
    assert program.model_dump() == before
