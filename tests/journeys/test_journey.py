import pydantic
import pytest

import journeykit as jk


def _journey(*steps: jk.Step) -> jk.Journey:
    half = len(steps) // 2
    return jk.Journey(
        id="j",
        name="J",
        stages=[
            jk.Stage(id="first", name="First", steps=steps[:half]),
            jk.Stage(id="second", name="Second", steps=steps[half:]),
        ],
    )


def test_steps_run_across_stages_in_order() -> None:
    journey = _journey(*(jk.Step(id=f"s{i}", name=str(i)) for i in range(4)))
    assert [s.id for s in journey.steps] == ["s0", "s1", "s2", "s3"]


def test_by_default_a_step_leads_to_the_following_one() -> None:
    journey = _journey(*(jk.Step(id=f"s{i}", name=str(i)) for i in range(4)))
    assert journey.successors("s1") == ("s2",)  # across the stage boundary
    assert journey.successors("s3") == ()


def test_next_gives_branches_loops_and_ends() -> None:
    journey = _journey(
        jk.Step(id="apply", name="Apply"),
        jk.Step(id="review", name="Review", next=["apply", "done"]),
        jk.Step(id="stop", name="Stop", next=[]),
        jk.Step(id="done", name="Done"),
    )
    assert journey.successors("review") == ("apply", "done")
    assert journey.successors("stop") == ()


def test_next_must_name_a_step_of_the_same_journey() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        _journey(jk.Step(id="a", name="A", next=["b"]), jk.Step(id="c", name="C"))
    [error] = excinfo.value.errors()
    assert error["loc"] == ("stages", 0, "steps", 0, "next", 0)
    assert "unknown step 'b'" in error["msg"]


def test_triggers_must_name_an_action_of_the_same_journey() -> None:
    step = jk.Step(
        id="a",
        name="A",
        actions=[
            jk.Action(id="x", name="X", lane="frontstage", triggers=["y", "z"]),
            jk.Action(id="y", name="Y", lane="backstage"),
        ],
    )
    with pytest.raises(pydantic.ValidationError) as excinfo:
        _journey(step, jk.Step(id="b", name="B"))
    [error] = excinfo.value.errors()
    assert error["loc"] == ("stages", 0, "steps", 0, "actions", 0, "triggers", 1)


def test_action_ids_are_unique_in_a_journey() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        _journey(
            jk.Step(id="a", name="A", actions=[jk.Action(id="x", name="X", lane="support")]),
            jk.Step(id="b", name="B", actions=[jk.Action(id="x", name="X", lane="support")]),
        )
    assert [e["type"] for e in excinfo.value.errors()] == ["duplicate_id"]


def test_actions_lists_every_action_in_step_order() -> None:
    journey = _journey(
        jk.Step(id="a", name="A", actions=[jk.Action(id="x", name="X", lane="frontstage")]),
        jk.Step(
            id="b",
            name="B",
            actions=[
                jk.Action(id="y", name="Y", lane="backstage"),
                jk.Action(id="z", name="Z", lane="support"),
            ],
        ),
    )
    assert [a.id for a in journey.actions] == ["x", "y", "z"]


@pytest.mark.parametrize("lane", ["front", "customer", ""])
def test_lanes_are_a_closed_choice(lane: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Action(id="x", name="X", lane=lane)  # type: ignore[arg-type]


def test_unknown_step_lookup_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        _journey(jk.Step(id="a", name="A"), jk.Step(id="b", name="B")).step("c")
