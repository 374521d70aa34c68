"""Mermaid both ways: export, import, the round trip, hostile text and bad scores."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        assert back.mermaid is None  # journeykit's own diagram needs no record of how it was written


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
    # and its mark, two tasks and their marks; a description of several lines is a block
    # `accDescr {`, one line each, `}`
    parts = text.split("\n")
    assert len(mermaid.splitlines()) == 12 + (len(parts) + 1 if len(parts) > 1 else 0)
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
    # a task without actors: the journey names nobody, and each step lists its actors
    assert [(s.id, s.emotion, s.personas) for s in journey.steps] == [
        ("look-around", 3, ()),
        ("fill-in-the-form", 2, ("sales-manager", "channel-manager")),
        ("wait", None, ("sales-manager",)),
        ("log-in", 5, ()),
    ]
    assert journey.personas == ()
    assert [(p.id, p.name) for p in program.personas] == [
        ("sales-manager", "Sales manager"),
        ("channel-manager", "Channel: manager"),
    ]
    assert journey.step("wait").emotion is None  # score 0: no emotion recorded
    assert journey.mermaid == jk.journeys.MermaidSource(
        actors={"sales-manager": "Sales manager", "channel-manager": "Channel: manager"},
        title=False,
        acc_title="Onboarding",
        unsectioned="steps",
    )


def test_every_actor_of_every_task_means_the_journeys_personas() -> None:
    journey = jk.from_mermaid("journey\nsection S\nA: 3: Me, Cat\nB: 2: Me\n").journeys[0]
    assert journey.personas == ("Me", "Cat")
    assert [s.personas for s in journey.steps] == [(), ("Me",)]
    assert journey.mermaid == jk.journeys.MermaidSource(title=False)


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


# -- diagrams written by someone else ------------------------------------------------

#: Journeys written by hand in the style of Mermaid's own documentation. Reading
#: one and writing it again gives the same diagram, line for line.
WRITTEN_BY_OTHERS = [
    """
journey
    title My working day
    section Go to work
        Make tea: 5: Me
        Go upstairs: 3: Me
        Do work: 1: Me, Cat
    section Go home
        Go downstairs: 5: Me
        Sit down: 5: Me
""",
    """
journey
    accTitle: Partner onboarding
    accDescr {
        How a partner joins the portal,
        from the first visit to the first deal.
    }
    Visit the website: 3
    Ask a question: 2: Sales manager
    section Apply
        Fill in the form: 2: Sales manager
        Wait for approval: 1: Sales manager, Channel manager
    section Start
        Log in: 5: Channel manager, Sales manager
        Read the guide: 0
""",
    """
journey
    title Checkout
    accTitle: Checkout journey of a web shop
    accDescr: From the basket to the receipt
    section Basket
        Review the basket: 4: Shopper
        Apply a coupon: 2: Shopper, Support agent
    section Pay
        Pay by card: 3
""",
]


def _said(text: str) -> list[str]:
    """A diagram's lines as Mermaid shows them: no comments, no blank lines, no indentation,
    entity codes as their characters (``#44;`` is shown as ``,``)."""
    lines = (re.sub(r"#(\d+);", lambda code: chr(int(code[1])), line.strip()) for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("%%")]


@pytest.mark.parametrize("text", WRITTEN_BY_OTHERS)
def test_a_diagram_written_by_someone_else_is_written_back_as_it_was(text: str) -> None:
    journey = jk.from_mermaid(text).journeys[0]
    again = jk.to_mermaid(journey)
    assert _said(again) == _said(text)
    assert _said(again.without_marks()) == _said(text)
    # and the ids journeykit gave it survive the next round trip
    assert jk.from_mermaid(again).journeys[0] == journey


def test_actor_names_are_kept_and_personas_get_ids() -> None:
    program = jk.from_mermaid(WRITTEN_BY_OTHERS[1])
    journey = program.journeys[0]
    assert [(p.id, p.name) for p in program.personas] == [
        ("sales-manager", "Sales manager"),
        ("channel-manager", "Channel manager"),
    ]
    assert journey.personas == ()  # some tasks name nobody
    assert [s.personas for s in journey.steps] == [
        (),
        ("sales-manager",),
        ("sales-manager",),
        ("sales-manager", "channel-manager"),
        ("channel-manager", "sales-manager"),
        (),
    ]
    assert journey.stages[0].id == journey.mermaid.unsectioned
    assert journey.mermaid.acc_title == "Partner onboarding"
    assert not journey.mermaid.title
    assert journey.description == "How a partner joins the portal,\nfrom the first visit to the first deal."


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 ", min_size=0, max_size=12)
#: Names start with a capital, so none of them reads as a keyword (``section``, ``title``).
_NAME = st.builds(lambda first, rest: (first + rest).strip(), st.sampled_from("ABCDEFGXYZ"), _WORD)
_ACTORS = ["Me", "Cat", "Sales manager", "sales-manager", "Channel manager", "X", "Partner admin"]


@st.composite
def _diagrams(draw: st.DrawFn) -> str:
    """A Mermaid journey as a person writes it: no journeykit comments, any optional part."""
    lines = ["journey"]
    title, acc_title = draw(st.none() | _NAME), draw(st.none() | _NAME)
    if title is not None:
        lines.append(f"    title {title}")
    if acc_title is not None:
        lines.append(f"    accTitle: {acc_title}")
    description = draw(st.lists(_NAME, max_size=3))
    if len(description) == 1:
        lines.append(f"    accDescr: {description[0]}")
    elif description:
        lines += ["    accDescr {", *(f"        {line}" for line in description), "    }"]
    task = st.tuples(
        _NAME, st.integers(0, 5), st.lists(st.sampled_from(_ACTORS), unique=True, max_size=3)
    ).map(lambda t: f"{t[0]}: {t[1]}" + (f": {', '.join(t[2])}" if t[2] else ""))
    lines += [f"    {line}" for line in draw(st.lists(task, max_size=3))]
    for section in draw(st.lists(_NAME, max_size=3)):
        lines.append(f"    section {section}")
        lines += [f"        {line}" for line in draw(st.lists(task, max_size=4))]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(_diagrams())
def test_any_diagram_written_by_someone_else_keeps_what_it_said(text: str) -> None:
    journey = jk.from_mermaid(text).journeys[0]
    again = jk.to_mermaid(journey)
    assert _said(again) == _said(text)
    assert jk.from_mermaid(again).journeys[0] == journey


def test_a_journeykit_journey_has_no_mermaid_source(portal: jk.Program) -> None:
    for journey in portal.journeys:
        assert jk.from_mermaid(jk.to_mermaid(journey)).journeys[0].mermaid is None


def test_a_description_of_several_lines_is_a_block_that_reads_back() -> None:
    text = "First line\n  indented: with a colon }\nlast"
    journey = jk.Journey(id="j", name="J", description=text)
    mermaid = jk.to_mermaid(journey)
    assert "    accDescr {" in mermaid.splitlines()
    assert jk.from_mermaid(mermaid).journeys[0].description == text


# -- the calling convention and the notebook face -----------------------------------


def test_to_mermaid_takes_a_journey_or_its_id_with_the_programme(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    assert jk.to_mermaid("onboarding-future", program=portal) == jk.to_mermaid(journey)
    assert jk.render.blueprint_to_mermaid("onboarding-future", program=portal) == (
        jk.render.blueprint_to_mermaid(journey)
    )
    with pytest.raises(jk.ArgumentError, match=r"to_mermaid\('onboarding-current', program=program\)"):
        jk.to_mermaid(portal)  # type: ignore[arg-type]
    with pytest.raises(jk.ArgumentError, match=r"program=program"):
        jk.to_mermaid("onboarding-future")
    with pytest.raises(jk.ArgumentError, match="blueprint_to_mermaid"):
        jk.render.blueprint_to_mermaid(portal)  # type: ignore[arg-type]
    with pytest.raises(jk.UnknownIdError, match="onboarding-future"):
        jk.to_mermaid("onboarding-futur", program=portal)


def test_mermaid_text_is_a_string_that_shows_as_a_mermaid_block(portal: jk.Program) -> None:
    from IPython.core.formatters import DisplayFormatter

    for text in (
        jk.to_mermaid(portal.journey("onboarding-future")),
        jk.render.blueprint_to_mermaid(portal.journey("onboarding-future")),
    ):
        assert isinstance(text, str)
        assert text == str(text)
        assert text.splitlines() == str(text).splitlines()
        data, _ = DisplayFormatter().format(text)
        markdown = data["text/markdown"]
        assert markdown.startswith("```mermaid\n")
        assert markdown.endswith("\n```")
        assert markdown[len("```mermaid\n") : -len("\n```")] == text.rstrip("\n")
        assert data["text/plain"] == str(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_no_name_can_close_the_mermaid_block(text: str) -> None:
    shown = jk.to_mermaid(
        jk.Journey(
            id="j", name=text, stages=[jk.Stage(id="s", name=text, steps=[jk.Step(id="a", name=text)])]
        )
    )._repr_markdown_()
    assert shown.count("```") == 2


def test_a_journey_saves_as_mermaid(portal: jk.Program, tmp_path: Path) -> None:
    journey = portal.journey("onboarding-future")
    written = jk.render.save(journey, tmp_path / "journey.mmd")
    assert written.read_text(encoding="utf-8") == jk.to_mermaid(journey)
    assert jk.render.save(jk.to_mermaid(journey), tmp_path / "text.mmd").read_bytes() == written.read_bytes()


@pytest.mark.parametrize("text", WRITTEN_BY_OTHERS)
def test_how_a_diagram_was_written_survives_a_programme_file(text: str) -> None:
    program = jk.from_mermaid(text)
    again = jk.loads(jk.dumps(program))
    assert again == program
    assert _said(jk.to_mermaid(again.journeys[0])) == _said(text)
