"""The journey map: every text drawn, nothing overprinted, the same bytes every time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import journeykit as jk
from journeykit.testing import synthetic_program

from ._figures import overlaps as _overlaps
from ._figures import texts as _texts
from .test_mermaid import HOSTILE


def test_the_example_map_draws_every_stage_step_and_lane(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
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
