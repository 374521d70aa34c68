"""Building programmes in Python, and whole-programme validation."""

from __future__ import annotations

import pydantic
import pytest

import journeykit as jk


def _journey(journey_id: str = "onboarding", **fields: object) -> jk.Journey:
    stages = [
        jk.Stage(id="apply", name="Apply", steps=[jk.Step(id="fill-form", name="Fill in the form")]),
        jk.Stage(id="start", name="Get started", steps=[jk.Step(id="log-in", name="Log in")]),
    ]
    return jk.Journey(id=journey_id, name="Onboarding", stages=stages, **fields)  # type: ignore[arg-type]


def _errors(excinfo: pytest.ExceptionInfo[pydantic.ValidationError]) -> list[tuple[tuple[object, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in excinfo.value.errors()]


def test_the_readme_example_builds_a_two_stage_journey() -> None:
    program = jk.Program(
        name="Partner portal",
        personas=[jk.Persona(id="sales", name="Partner sales manager")],
        requirements=[jk.Requirement(id="sso", title="Partner single sign-on", status="missing")],
        journeys=[
            jk.Journey(
                id="onboarding",
                name="Partner onboarding",
                personas=["sales"],
                stages=[
                    jk.Stage(id="apply", name="Apply", steps=[jk.Step(id="form", name="Fill in the form")]),
                    jk.Stage(
                        id="start", name="Start", steps=[jk.Step(id="login", name="Log in", requires=["sso"])]
                    ),
                ],
            )
        ],
    )
    assert program.summary()["steps"] == 2
    assert program.journey("onboarding").step("login").requires == ("sso",)


def test_models_are_frozen_and_change_by_copy() -> None:
    step = jk.Step(id="a", name="A", emotion=2)
    with pytest.raises(pydantic.ValidationError):
        step.emotion = 4  # type: ignore[misc]
    assert step.model_copy(update={"emotion": 4}).emotion == 4
    assert step.emotion == 2


def test_lists_become_tuples() -> None:
    persona = jk.Persona(id="p", name="P", goals=["a", "b"])
    assert persona.goals == ("a", "b")


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Step(id="a", name="A", emotoin=3)  # type: ignore[call-arg]
    assert _errors(excinfo) == [(("emotoin",), "extra_forbidden")]


@pytest.mark.parametrize("emotion", [0, 6, -1, 2.5, True, "3"])
def test_emotion_is_an_integer_from_1_to_5(emotion: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Step(id="a", name="A", emotion=emotion)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["impact", "ease"])
@pytest.mark.parametrize("value", [0, 6])
def test_impact_and_ease_are_from_1_to_5(field: str, value: int) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.UseCase(id="u", name="U", theme="t", **{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["has space", "a/b", "a:b", "", "-lead"])
def test_ids_refuse_separators_and_spaces(bad: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Persona(id=bad, name="P")


def test_ids_may_hold_accents() -> None:
    assert jk.Persona(id="gerente-de-marketing-ñ", name="P").id.endswith("ñ")


def test_unknown_reference_names_the_id_the_referrer_and_the_closest_id() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(
            name="P",
            requirements=[jk.Requirement(id="partner-sso", title="SSO")],
            journeys=[
                jk.Journey(
                    id="j",
                    name="J",
                    stages=[
                        jk.Stage(id="s", name="S", steps=[jk.Step(id="x", name="X", requires=["partner-ss"])])
                    ],
                )
            ],
        )
    [error] = excinfo.value.errors()
    assert error["loc"] == ("journeys", 0, "stages", 0, "steps", 0, "requires", 0)
    assert error["type"] == "unknown_reference"
    assert "'partner-ss'" in error["msg"]
    assert "step 'x' of journey 'j'" in error["msg"]
    assert "did you mean 'partner-sso'?" in error["msg"]


def test_every_unknown_reference_is_reported_at_once() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(
            name="P",
            requirements=[jk.Requirement(id="r", title="R", owner="nobody", depends_on=["ghost"])],
            journeys=[_journey(personas=["stranger"])],
        )
    assert sorted(_errors(excinfo)) == sorted(
        [
            (("journeys", 0, "personas", 0), "unknown_reference"),
            (("requirements", 0, "owner"), "unknown_reference"),
            (("requirements", 0, "depends_on", 0), "unknown_reference"),
        ]
    )


@pytest.mark.parametrize(
    ("field", "items"),
    [
        ("personas", [jk.Persona(id="p", name="A"), jk.Persona(id="p", name="B")]),
        ("roles", [jk.Role(id="r", name="A"), jk.Role(id="r", name="B")]),
        ("requirements", [jk.Requirement(id="q", title="A"), jk.Requirement(id="q", title="B")]),
        ("journeys", [_journey("j"), _journey("j")]),
    ],
)
def test_ids_are_unique_per_kind(field: str, items: list[object]) -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(name="P", **{field: items})  # type: ignore[arg-type]
    assert _errors(excinfo) == [((field, 1, "id"), "duplicate_id")]


def test_the_same_id_may_name_different_kinds() -> None:
    program = jk.Program(name="P", personas=[jk.Persona(id="x", name="X")], roles=[jk.Role(id="x", name="X")])
    assert program.persona("x").name == "X"


def test_step_ids_are_unique_within_a_journey_but_not_across_journeys() -> None:
    current = _journey("now")
    future = _journey("later", state="future", replaces="now")
    assert jk.Program(name="P", journeys=[current, future]).journey("later").steps[0].id == "fill-form"
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Journey(
            id="j",
            name="J",
            stages=[
                jk.Stage(id="a", name="A", steps=[jk.Step(id="x", name="X")]),
                jk.Stage(id="b", name="B", steps=[jk.Step(id="x", name="X again")]),
            ],
        )
    assert _errors(excinfo) == [(("stages", 1, "steps", 0, "id"), "duplicate_id")]


def test_replaces_joins_a_future_journey_to_a_current_one() -> None:
    program = jk.Program(
        name="P", journeys=[_journey("now"), _journey("later", state="future", replaces="now")]
    )
    assert program.journey("later").replaces == "now"


def test_replaces_on_a_current_journey_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        _journey("later", replaces="now")
    assert _errors(excinfo) == [(("replaces",), "invalid_replaces")]


def test_a_future_journey_cannot_replace_another_future_journey() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(
            name="P",
            journeys=[
                _journey("a", state="future"),
                _journey("b", state="future", replaces="a"),
            ],
        )
    assert _errors(excinfo) == [(("journeys", 1, "replaces"), "invalid_replaces")]


def test_a_future_journey_replacing_a_missing_journey_is_an_unknown_reference() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(name="P", journeys=[_journey("b", state="future", replaces="gone")])
    assert _errors(excinfo) == [(("journeys", 0, "replaces"), "unknown_reference")]


def test_a_dependency_cycle_names_the_cycle() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(
            name="P",
            requirements=[
                jk.Requirement(id="c", title="C", depends_on=["a"]),
                jk.Requirement(id="a", title="A", depends_on=["b"]),
                jk.Requirement(id="b", title="B", depends_on=["c"]),
            ],
        )
    [error] = excinfo.value.errors()
    assert error["type"] == "dependency_cycle"
    assert "a -> b -> c -> a" in error["msg"]
    assert error["loc"] == ("requirements", 1, "depends_on", 0)


def test_a_requirement_depending_on_itself_is_a_cycle() -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(name="P", requirements=[jk.Requirement(id="a", title="A", depends_on=["a"])])
    assert "a -> a" in excinfo.value.errors()[0]["msg"]


def test_journeys_cannot_contain_each_other() -> None:
    def with_sub(journey_id: str, sub: str) -> jk.Journey:
        return jk.Journey(
            id=journey_id,
            name=journey_id,
            stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="x", name="X", sub_journey=sub)])],
        )

    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(name="P", journeys=[with_sub("a", "b"), with_sub("b", "a")])
    assert _errors(excinfo) == [(("journeys", 0, "stages", 0, "steps", 0, "sub_journey"), "dependency_cycle")]


@pytest.mark.parametrize(
    ("ref", "kind"),
    [("step:onboarding/nope", "unknown_reference"), ("stage:onboarding/apply", "invalid_reference")],
)
def test_use_case_covers_only_existing_journeys_and_steps(ref: str, kind: str) -> None:
    with pytest.raises(pydantic.ValidationError) as excinfo:
        jk.Program(
            name="P", journeys=[_journey()], use_cases=[jk.UseCase(id="u", name="U", theme="t", covers=[ref])]
        )
    assert _errors(excinfo) == [(("use_cases", 0, "covers", 0), kind)]


def test_metrics_measure_use_cases_journeys_stages_and_steps() -> None:
    program = jk.Program(
        name="P",
        journeys=[_journey()],
        use_cases=[jk.UseCase(id="u", name="U", theme="t")],
        metrics=[
            jk.Metric(
                id="m",
                name="M",
                measures=[
                    "use_case:u",
                    "journey:onboarding",
                    "stage:onboarding/apply",
                    "step:onboarding/log-in",
                ],
            )
        ],
    )
    assert len(program.metrics[0].measures) == 4


def test_a_rule_needs_at_least_one_requirement() -> None:
    with pytest.raises(pydantic.ValidationError):
        jk.Rule(id="r", when=jk.Match(channel="portal"), requires=[])


def test_lookups_raise_key_error_for_unknown_ids(portal: jk.Program) -> None:
    assert portal.persona("sales-manager").name
    with pytest.raises(KeyError, match="nobody"):
        portal.persona("nobody")
    with pytest.raises(KeyError):
        portal.journey("nowhere")
    with pytest.raises(KeyError):
        portal.requirement("nothing")


def test_summary_counts_match_the_model(portal: jk.Program) -> None:
    counts = portal.summary()
    assert counts["steps"] == sum(len(stage.steps) for j in portal.journeys for stage in j.stages)
    assert counts["actions"] == sum(len(step.actions) for j in portal.journeys for step in j.steps)
    assert counts["personas"] == len(portal.personas) == 3
