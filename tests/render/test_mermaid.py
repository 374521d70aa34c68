"""Mermaid both ways: export, import, the round trip, hostile text and bad scores."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit.testing import programs, texts

HOSTILE = [
    "quote \" and ' here",
    "back\\slash",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "two\nlines\r\nand more",
    "hash # and ; and : colon",
    "%% not a comment",
    "emoji 🚀🎉",
    "עברית right to left",
    "acentos: gestión, año, ¿qué?",
    "  padded  ",
    "comma, separated, actors",
    "#58; looks like an entity",
    "line\u2028separator\x85nel\x0bvt",
]


def _shape(journey: jk.Journey) -> object:
    """What a Mermaid journey can carry."""
    return (
        journey.id,
        journey.name,
        journey.description,
        journey.personas,
        [
            (s.id, s.name, [(x.id, x.name, x.emotion, x.personas or journey.personas) for x in s.steps])
            for s in journey.stages
        ],
    )


@settings(max_examples=150, deadline=None)
@given(programs(max_journeys=2, max_stages=3, max_steps=3))
def test_export_then_import_gives_the_journey_back(program: jk.Program) -> None:
    for journey in program.journeys:
        back = jk.from_mermaid(jk.to_mermaid(journey)).journeys[0]
        assert _shape(back) == _shape(journey)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_comes_back_intact_and_stays_on_its_line(text: str) -> None:
    journey = jk.Journey(
        id="j",
        name=text,
        description=text,
        personas=["p"],
        stages=[
            jk.Stage(
                id="s", name=text, steps=[jk.Step(id="a", name=text, emotion=3), jk.Step(id="b", name="B")]
            ),
        ],
    )
    mermaid = jk.to_mermaid(journey)
    # the diagram keeps its structure: header, 2 marks, title, accTitle, accDescr, a section
    # and its mark, two tasks and their marks
    assert len(mermaid.splitlines()) == 12
    assert "<" not in mermaid
    assert "\n" not in text.strip() or text.strip() not in mermaid
    back = jk.from_mermaid(mermaid).journeys[0]
    assert (back.name, back.description, back.stages[0].name, back.steps[0].name) == (text, text, text, text)


@settings(max_examples=100, deadline=None)
@given(texts(max_size=40))
def test_any_text_survives_as_a_task_name(text: str) -> None:
    journey = jk.Journey(
        id="j", name="J", stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name=text, emotion=1)])]
    )
    assert jk.from_mermaid(jk.to_mermaid(journey)).journeys[0].steps[0].name == text


def test_the_whole_syntax_is_read() -> None:
    program = jk.from_mermaid(
        """
%% a comment before anything
journey
    accTitle: Onboarding
    accDescr {
        How a partner joins,
        in two lines.
    }
    Look around: 3
    section Apply
      %% a comment inside
      Fill in the form: 2: Sales manager, Channel#58; manager
      Wait: 0: Sales manager
    section Start
      Log in: 5
"""
    )
    journey = program.journeys[0]
    assert journey.name == program.name == "Onboarding"
    assert journey.description == "How a partner joins,\nin two lines."
    assert [s.name for s in journey.stages] == ["Steps", "Apply", "Start"]
    # no actors, or every actor of the diagram in order, both mean "every persona of the journey"
    assert [(s.id, s.emotion, s.personas) for s in journey.steps] == [
        ("look-around", 3, ()),
        ("fill-in-the-form", 2, ()),
        ("wait", None, ("sales-manager",)),
        ("log-in", 5, ()),
    ]
    assert journey.personas == ("sales-manager", "channel-manager")
    assert [(p.id, p.name) for p in program.personas] == [
        ("sales-manager", "Sales manager"),
        ("channel-manager", "Channel: manager"),
    ]
    wait = journey.step("wait")
    assert wait.emotion is None  # score 0: no emotion recorded
    assert journey.step("fill-in-the-form").personas == ()  # every persona of the journey


def test_single_line_acc_descr_and_title() -> None:
    journey = jk.from_mermaid("journey\ntitle T\naccDescr: One line\nsection S\nA: 4: me\n").journeys[0]
    assert (journey.name, journey.description) == ("T", "One line")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("Task: 6: me", "'6'"),
        ("Task: -1: me", "'-1'"),
        ("Task: 2.5: me", "'2.5'"),
        ("Task: x", "'x'"),
        ("Task: : me", "''"),
        ("just words", "not mermaid journey syntax"),
        (": 3: me", "needs a name"),
    ],
)
def test_bad_tasks_name_their_line(line: str, fragment: str) -> None:
    with pytest.raises(jk.ParseError) as excinfo:
        jk.from_mermaid(f"journey\n  title T\n  section S\n    Fine: 3: me\n    {line}\n", source="j.mmd")
    assert str(excinfo.value).startswith("j.mmd:5: ")
    assert fragment in str(excinfo.value).lower() if fragment.islower() else fragment in str(excinfo.value)


def test_a_diagram_that_is_not_a_journey_is_refused() -> None:
    with pytest.raises(jk.ParseError, match="starts with the line 'journey'"):
        jk.from_mermaid("flowchart TB\n  a --> b\n", source="f.mmd")
    with pytest.raises(jk.ParseError, match="never closed"):
        jk.from_mermaid("journey\naccDescr {\n  open\n")


def test_the_example_round_trips_in_both_languages() -> None:
    for language in ("en", "es"):
        program = jk.example(language=language)
        for journey in program.journeys:
            assert _shape(jk.from_mermaid(jk.to_mermaid(journey)).journeys[0]) == _shape(journey)


def test_blueprint_flowchart_has_one_subgraph_per_lane_and_generated_ids(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    text = jk.render.blueprint_to_mermaid(journey)
    assert text.startswith("flowchart TB\n")
    for lane in ("customer", "frontstage", "backstage", "support"):
        assert f"subgraph {lane}[" in text
    assert text.count('"]') == len(journey.steps) + len(journey.actions) + 4
    triggers = sum(len(a.triggers) for a in journey.actions)
    assert text.count(" ==> ") == triggers
    assert text.count(" --> ") == len(journey.actions)
    for step in journey.steps:
        assert f"{step.id}[" not in text  # user ids never become node ids


@pytest.mark.parametrize("text", HOSTILE)
def test_blueprint_labels_stay_inside_their_quotes(text: str) -> None:
    journey = jk.Journey(
        id="j",
        name=text,
        stages=[
            jk.Stage(
                id="s",
                name="S",
                steps=[jk.Step(id="a", name=text, actions=[jk.Action(id="x", name=text, lane="support")])],
            )
        ],
    )
    flowchart = jk.render.blueprint_to_mermaid(journey)
    for line in flowchart.splitlines():
        if '["' in line:
            label = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in label
            assert "\n" not in label
    assert len(flowchart.splitlines()) == 13
