"""The journey map: every text drawn, nothing overprinted, the same bytes every time."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import journeykit as jk
from journeykit.exceptions import ArgumentError
from journeykit.testing import synthetic_program

from ._figures import cut_off
from ._figures import overlaps as _overlaps
from ._figures import texts as _texts
from .test_mermaid import HOSTILE


def test_the_example_map_draws_every_stage_step_and_lane(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    assert not any(step.emotions for step in journey.steps)  # one shared curve
    fig = jk.render.journey_map(journey, program=portal)
    drawn = "\n".join(_texts(fig)).replace("\n", " ")
    for stage in journey.stages:
        assert stage.name in drawn
    for step in journey.steps:
        assert " ".join(step.name.split()) in " ".join(drawn.split())
    for lane in ("Steps", "Who", "Touchpoints", "Emotion", "Pain points", "Opportunities"):
        assert lane in _texts(fig)
    markers = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert len(markers) == sum(step.emotion is not None for step in journey.steps)
    assert fig.axes[0].get_legend() is None
    assert _overlaps(fig) == []


def test_a_sixty_step_journey_grows_and_stays_legible() -> None:
    program = synthetic_program(journeys=1, steps_per_journey=60, actions_per_step=1, requirements=5)
    journey = program.journeys[0]
    fig = jk.render.journey_map(journey, program=program)
    assert fig.get_figwidth() >= 60 * 1.8
    assert _overlaps(fig) == []


def test_long_text_wraps_instead_of_overprinting() -> None:
    words = "a very long pain point that goes on and on about forms and approvals and email " * 4
    journey = jk.Journey(
        id="j",
        name="J",
        stages=[
            jk.Stage(
                id="s",
                name="S",
                steps=[
                    jk.Step(id=f"x{i}", name=words, emotion=2, pain_points=[words], opportunities=[words])
                    for i in range(3)
                ],
            )
        ],
    )
    fig = jk.render.journey_map(journey)
    assert _overlaps(fig) == []
    assert all(
        max(len(line) for line in text.split("\n")) <= 26 for text in _texts(fig) if words[:20] in text
    )


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", [*HOSTILE, "costs $5 and $10", r"$\alpha$"])
def test_hostile_text_is_drawn_as_it_is(text: str) -> None:
    journey = jk.Journey(
        id="j",
        name=text,
        stages=[
            jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name="Step", emotion=3, pain_points=[text])])
        ],
    )
    fig = jk.render.journey_map(journey)
    # the title, as written, on one line ($ is a dollar sign, not mathtext)
    assert fig.axes[0].texts[0].get_text() == " ".join(
        "".join(c if c.isprintable() else " " for c in line) for line in text.splitlines()
    )
    renderer = FigureCanvasAgg(fig).get_renderer()
    for t in fig.axes[0].texts:
        t.get_window_extent(renderer)  # draws without a mathtext error


def test_spanish_map_keeps_its_accents(tmp_path: Path) -> None:
    program = jk.example(language="es")
    fig = jk.render.journey_map(program.journeys[0], program=program)
    assert any("ó" in t for t in _texts(fig))
    root = ET.parse(jk.render.save(fig, tmp_path / "es.svg")).getroot()
    assert root.tag.endswith("svg")


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_same_map_same_bytes(tmp_path: Path, portal: jk.Program, suffix: str) -> None:
    journey = portal.journey("deal-registration-current")
    first = jk.render.save(
        jk.render.journey_map(journey, program=portal), tmp_path / f"a{suffix}"
    ).read_bytes()
    second = jk.render.save(
        jk.render.journey_map(journey, program=portal), tmp_path / f"b{suffix}"
    ).read_bytes()
    assert first == second
    assert len(first) > 10_000


# -- one emotion curve per persona ---------------------------------------------


def _persona_lines(fig: Figure) -> dict[str, Line2D]:
    """The curves of the personas, by persona id (the shared lines carry no persona label)."""
    return {line.get_label(): line for line in fig.axes[0].lines if not line.get_label().startswith("_")}


def _expected_scores(journey: jk.Journey, persona: str) -> list[int | None]:
    """Each step's score for ``persona``, worked out from the model, None where it has none."""
    scores: list[int | None] = []
    for step in journey.steps:
        takes = persona in (step.personas or journey.personas)
        scores.append(step.emotions.get(persona, step.emotion) if takes else None)
    return scores


def test_a_step_with_per_persona_emotions_gives_one_curve_per_persona(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-current")
    fig = jk.render.journey_map(journey, program=portal)
    legend = fig.axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        p.name[:31] + "…" if len(p.name) > 32 else p.name for p in portal.personas
    ]
    lines = _persona_lines(fig)
    assert list(lines) == [p.id for p in portal.personas]
    step_size = None
    for persona, line in lines.items():
        expected = _expected_scores(journey, persona)
        ys = [float(y) for y in line.get_ydata()]
        # a point exactly where the persona takes a step with a score, a gap elsewhere
        assert [not math.isnan(y) for y in ys] == [s is not None for s in expected]
        points = [(s, y) for s, y in zip(expected, ys, strict=True) if s is not None]
        for (s1, y1), (s2, y2) in itertools.combinations(points, 2):
            # the axis runs downwards: a better score is higher up, one score apart is one step apart
            if s1 == s2:
                assert y1 == pytest.approx(y2)
            else:
                step_size = step_size or abs(y1 - y2) / abs(s1 - s2)
                assert (y1 - y2) / (s2 - s1) == pytest.approx(step_size)
    # the executive feels the welcome email worse than the others: its point is lower
    welcome = [s.id for s in journey.steps].index("receive-welcome")
    y = {p: float(lines[p].get_ydata()[welcome]) for p in lines}
    assert y["senior-executive"] > y["sales-manager"] + 0.5 * (step_size or 0)
    assert abs(y["sales-manager"] - y["marketing-manager"]) < 0.25 * (step_size or 0)
    assert _overlaps(fig) == []
    assert cut_off(fig) == []


def test_persona_curves_differ_by_more_than_colour(portal: jk.Program) -> None:
    fig = jk.render.journey_map(portal.journey("onboarding-future"), program=portal)
    lines = list(_persona_lines(fig).values())
    assert len(lines) == 3
    for feature in (Line2D.get_color, Line2D.get_marker, Line2D.get_linestyle):
        assert len({str(feature(line)) for line in lines}) == len(lines)


def test_the_shared_curve_stays_without_per_persona_emotions() -> None:
    steps = [jk.Step(id=f"s{i}", name=f"Step {i}", emotion=e) for i, e in enumerate([2, None, 4, 5])]
    journey = jk.Journey(
        id="j", name="J", personas=["a", "b"], stages=[jk.Stage(id="x", name="X", steps=steps)]
    )
    fig = jk.render.journey_map(journey)
    assert fig.axes[0].get_legend() is None
    assert _persona_lines(fig) == {}
    assert [t.get_text() for t in fig.axes[0].texts if t.get_text() in {"2", "4", "5"}] == ["2", "4", "5"]


def test_many_personas_with_long_names_wrap_the_legend_and_overprint_nothing() -> None:
    personas = [
        jk.Persona(id=f"p{i}", name=f"Persona {i} " + "with a rather long name " * 3) for i in range(9)
    ]
    steps = [
        jk.Step(id="a", name="A", emotion=3, emotions={p.id: 1 + i % 5 for i, p in enumerate(personas)}),
        jk.Step(id="b", name="B", emotion=4),
    ]
    journey = jk.Journey(
        id="j", name="J", personas=[p.id for p in personas], stages=[jk.Stage(id="x", name="X", steps=steps)]
    )
    program = jk.Program(name="P", personas=personas, journeys=[journey])
    fig = jk.render.journey_map(journey, program=program)
    assert len(_persona_lines(fig)) == 9
    assert len(fig.axes[0].get_legend().get_texts()) == 9
    assert all(len(t.get_text()) <= 32 for t in fig.axes[0].get_legend().get_texts())
    # (colour, marker) tells every persona apart, even past the seven colours
    lines = list(_persona_lines(fig).values())
    assert len({(line.get_color(), line.get_marker()) for line in lines}) == 9
    assert _overlaps(fig) == []
    assert cut_off(fig) == []


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("name", [*HOSTILE, "costs $5 and $10", r"$\alpha$", "_hidden"])
def test_hostile_persona_names_are_drawn_as_they_are(name: str) -> None:
    step = jk.Step(id="a", name="A", emotion=3, emotions={"p": 2})
    journey = jk.Journey(
        id="j", name="J", personas=["p", "q"], stages=[jk.Stage(id="x", name="X", steps=[step])]
    )
    program = jk.Program(
        name="P", personas=[jk.Persona(id="p", name=name), jk.Persona(id="q", name="Q")], journeys=[journey]
    )
    fig = jk.render.journey_map(journey, program=program)
    label = fig.axes[0].get_legend().get_texts()[0]
    shown = " ".join("".join(c if c.isprintable() else " " for c in line) for line in name.splitlines())
    assert label.get_text() == (shown if len(shown) <= 32 else shown[:31] + "…")
    renderer = FigureCanvasAgg(fig).get_renderer()
    label.get_window_extent(renderer)  # draws without a mathtext error


def test_without_the_programme_the_legend_names_persona_ids() -> None:
    steps = [
        jk.Step(id="a", name="A", personas=["late"], emotion=2),
        jk.Step(id="b", name="B", emotion=3, emotions={"early": 5}),
    ]
    journey = jk.Journey(
        id="j", name="J", personas=["early"], stages=[jk.Stage(id="x", name="X", steps=steps)]
    )
    fig = jk.render.journey_map(journey)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["early", "late"]
    lines = _persona_lines(fig)
    assert [math.isnan(y) for y in lines["late"].get_ydata()] == [False, True]
    assert [math.isnan(y) for y in lines["early"].get_ydata()] == [True, False]


def test_same_per_persona_map_same_bytes(tmp_path: Path, portal: jk.Program) -> None:
    journey = portal.journey("onboarding-current")
    first = jk.render.save(jk.render.journey_map(journey, program=portal), tmp_path / "a.svg").read_bytes()
    second = jk.render.save(jk.render.journey_map(journey, program=portal), tmp_path / "b.svg").read_bytes()
    assert first == second


# -- the calling convention, the picture's title and description -----------------------------------


def test_a_journey_or_its_id_with_the_programme(portal: jk.Program) -> None:
    by_object = jk.render.journey_map(portal.journey("deal-registration-future"), program=portal)
    by_id = jk.render.journey_map("deal-registration-future", program=portal)
    assert isinstance(by_id, jk.render.Picture)
    assert by_object.to_svg() == by_id.to_svg()
    with pytest.raises(ArgumentError, match="program="):
        jk.render.journey_map("deal-registration-future")
    with pytest.raises(KeyError, match="deal-registration-future"):
        jk.render.journey_map("deal-registration-futur", program=portal)


def test_the_title_and_description_say_what_the_map_shows(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-current")
    fig = jk.render.journey_map(journey, program=portal)
    assert fig.title == f"Journey map: {journey.name}"
    steps, stages = len(journey.steps), len(journey.stages)
    assert fig.description.startswith(f"{steps} steps in {stages} stages: ")
    for stage in journey.stages:
        assert stage.name in fig.description
    pains = sum(len(s.pain_points) for s in journey.steps)
    assert f"{pains} pain points." in fig.description
    scored = [s for s in journey.steps if s.emotion is not None]
    low = min(s.emotion for s in scored if s.emotion is not None)
    assert f"Emotion from {low} (" in fig.description
    svg = fig.to_svg()
    root = ET.fromstring(svg)
    assert root.findtext("{http://www.w3.org/2000/svg}title") == fig.title
    assert root.findtext("{http://www.w3.org/2000/svg}desc") == fig.description


def test_a_funnel_adds_the_observed_lane_and_says_so() -> None:
    from journeykit.analytics import conformance, funnel
    from journeykit.testing import synthetic_events

    portal = jk.example()
    journey = portal.journey("onboarding-future")
    events = synthetic_events(portal, journey.id, cases=200, seed=3)
    fig = jk.render.journey_map(journey, program=portal, funnel=funnel(events, journey))
    assert "Observed" in _texts(fig)
    assert fig.description.endswith("With what the event log says of each step.")
    with pytest.raises(TypeError, match=r"funnel=\.\.\."):  # an ArgumentError: a Conformance is no Funnel
        jk.render.journey_map(journey, funnel=conformance(events, journey))  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # observed= is gone: it is funnel= now
        jk.render.journey_map(journey, observed=funnel(events, journey))  # type: ignore[call-arg]


def test_emotion_points_carry_their_score_in_text_not_only_colour(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    fig = jk.render.journey_map(journey, program=portal)
    scores = [str(s.emotion) for s in journey.steps if s.emotion is not None]
    drawn = [t for t in _texts(fig) if t in {"1", "2", "3", "4", "5"}]
    assert drawn == scores


def test_language_translates_the_lanes_not_the_user_text(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    fig = jk.render.journey_map(journey, program=portal, language="es")
    texts = _texts(fig)
    assert {"Pasos", "Puntos de dolor", "Oportunidades"} <= set(texts)
    assert "Pain points" not in texts
    assert fig.title == f"Mapa de trayectoria: {journey.name}"  # the journey's name as written
