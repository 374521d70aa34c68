"""The service blueprint: every lane drawn, one box per action, one arrow per trigger, nothing overprinted."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch

import journeykit as jk
from journeykit.analysis.rules import rule_matches
from journeykit.render.blueprint import blueprint
from journeykit.testing import synthetic_program

from ._figures import overlaps as _overlaps
from ._figures import texts as _texts
from .test_mermaid import HOSTILE

LINES = ("LINE OF INTERACTION", "LINE OF VISIBILITY", "LINE OF INTERNAL INTERACTION")


def _drawn(fig: Figure) -> str:
    """Every drawn text on one line, wrapping undone (a wrap may break a word)."""
    return " ".join(" ".join(_texts(fig)).split())


def _squeezed(fig: Figure) -> str:
    return "".join(_drawn(fig).split())


def _patches(fig: Figure, kind: str) -> dict[str, Patch]:
    """The patches labelled ``kind:ID``, by ID."""
    return {
        str(p.get_label()).split(":", 1)[1]: p
        for p in fig.axes[0].patches
        if str(p.get_label()).startswith(f"{kind}:")
    }


def _outside_their_box(fig: Figure) -> list[str]:
    """Texts that start inside a box but run over its edge."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if str(p.get_label()).startswith(("step:", "action:", "requirement:"))]
    spilled = []
    for text in ax.texts:
        x, y = text.get_position()
        for box in boxes:
            bounds = box.get_bbox()  # data units
            if bounds.x0 <= x <= bounds.x1 and min(bounds.y0, bounds.y1) <= y <= max(bounds.y0, bounds.y1):
                outer = box.get_window_extent(renderer)
                inner = text.get_window_extent(renderer)
                if not (
                    inner.x0 >= outer.x0 - 0.5
                    and inner.x1 <= outer.x1 + 0.5
                    and inner.y0 >= outer.y0 - 0.5
                    and inner.y1 <= outer.y1 + 0.5
                ):
                    spilled.append(text.get_text())
    return spilled


def _needed(program: jk.Program, journey: jk.Journey, step: jk.Step) -> set[str]:
    """What the step and its own actions need, by link or by rule."""
    needed = set(step.requires) | {r for action in step.actions for r in action.requires}
    for rule in program.rules:
        if any(rule_matches(rule, program, journey, step, action) for action in (None, *step.actions)):
            needed |= set(rule.requires)
    return needed


def test_the_example_blueprint_draws_every_step_action_and_line(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    fig = blueprint(journey, program=portal)
    drawn = _drawn(fig)
    for stage in journey.stages:
        assert stage.name in drawn
    for step in journey.steps:
        assert " ".join(step.name.split()) in drawn
    for action in journey.actions:
        assert " ".join(action.name.split()) in drawn
    for label in (*LINES, "Physical\nevidence", "Customer\nactions", "Support\nprocesses", "Requirements"):
        assert label in _texts(fig)
    # evidence from the touchpoints and role names, not ids
    assert "Become a partner button" in drawn
    assert "Channel manager" in drawn
    assert _overlaps(fig) == []
    assert _outside_their_box(fig) == []


def test_one_box_per_action_and_one_arrow_per_trigger(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    fig = blueprint(journey, program=portal)
    assert sorted(_patches(fig, "action")) == sorted(a.id for a in journey.actions)
    assert sorted(_patches(fig, "step")) == sorted(s.id for s in journey.steps)
    triggers = sorted(f"{a.id}->{t}" for a in journey.actions for t in a.triggers)
    assert len(triggers) == 12
    assert sorted(_patches(fig, "trigger")) == triggers


def test_actions_sit_under_their_step_in_their_lane(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    fig = blueprint(journey, program=portal)
    steps, actions = _patches(fig, "step"), _patches(fig, "action")
    tops = {}
    for step in journey.steps:
        for action in step.actions:
            assert actions[action.id].get_x() == pytest.approx(steps[step.id].get_x())
            tops.setdefault(action.lane, []).append(actions[action.id].get_y())
    # lanes top to bottom (y grows downwards), all below the customer actions
    assert max(s.get_y() for s in steps.values()) < min(tops["frontstage"])
    assert max(tops["frontstage"]) < min(tops["backstage"])
    assert max(tops["backstage"]) < min(tops["support"])
    # three actions of one lane under one step stack without touching
    stacked = sorted(
        (actions[a.id] for a in journey.step("wait-for-approval").actions if a.lane == "backstage"),
        key=lambda p: p.get_y(),
    )
    assert len(stacked) == 2
    assert stacked[0].get_y() + stacked[0].get_height() < stacked[1].get_y()


def test_requirement_cells_are_coloured_by_status(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    fig = blueprint(journey, program=portal)
    ax = fig.axes[0]
    steps = _patches(fig, "step")
    colour_of: dict[str, set[str]] = {}
    for step in journey.steps:
        column = {
            str(p.get_label()).split(":", 1)[1]: p
            for p in ax.patches
            if str(p.get_label()).startswith("requirement:") and p.get_x() == steps[step.id].get_x()
        }
        assert set(column) == _needed(portal, journey, step), step.id
        for ident, patch in column.items():
            colour_of.setdefault(portal.requirement(ident).status, set()).add(to_hex(patch.get_facecolor()))
    assert set(colour_of) == {"available", "partial", "missing"}
    assert all(len(colours) == 1 for colours in colour_of.values())  # one colour a status
    assert len(set.union(*colour_of.values())) == 3  # and a different one for each
    # the direct link and the rule both show: the portal needs single sign-on
    assert "partner-sso" in _needed(portal, journey, journey.step("get-portal-access"))
    legend = _texts(fig)
    assert {"available", "partial", "missing"} <= set(legend)


def test_without_a_program_it_shows_ids_in_unknown_grey(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-current")
    fig = blueprint(journey)
    squeezed = _squeezed(fig)
    for step in journey.steps:
        for ident in (*step.touchpoints, *step.requires):
            assert ident in squeezed
        for action in step.actions:
            assert (action.actor or "") in squeezed
            for ident in action.requires:
                assert ident in squeezed
    colours = {to_hex(p.get_facecolor()) for p in _patches(fig, "requirement").values()}
    assert len(colours) == 1
    assert any("status unknown" in t for t in _texts(fig))
    assert _overlaps(fig) == []
    assert _outside_their_box(fig) == []


def test_a_sixty_step_journey_grows_and_stays_legible() -> None:
    program = synthetic_program(journeys=1, steps_per_journey=60, actions_per_step=3, requirements=20)
    journey = program.journeys[0]
    fig = blueprint(journey, program=program)
    assert fig.get_figwidth() >= 60 * 1.8
    assert len(_patches(fig, "action")) == 180
    assert _overlaps(fig) == []


def test_stacked_and_wordy_actions_grow_their_lane() -> None:
    words = "check the very long application form against every criterion of the programme " * 3

    def journey(actions: int) -> jk.Journey:
        step = jk.Step(
            id="x",
            name=words,
            actions=[
                jk.Action(
                    id=f"a{i}",
                    name=words,
                    lane="backstage",
                    triggers=["a2"] if i == 0 and actions == 3 else [],
                )
                for i in range(actions)
            ],
        )
        return jk.Journey(id="j", name="J", stages=[jk.Stage(id="s", name="S", steps=[step])])

    one, three = blueprint(journey(1)), blueprint(journey(3))
    assert three.get_figheight() > one.get_figheight() + 2
    for fig in (one, three):
        assert _overlaps(fig) == []
        assert _outside_their_box(fig) == []
        assert all(max(map(len, t.split("\n"))) <= 25 for t in _texts(fig) if words[:20] in t)
    # a0 -> a2, with a1 between them, goes round the side of the column
    arrow = _patches(three, "trigger")["a0->a2"]
    boxes = _patches(three, "action")
    assert arrow.get_path().vertices[:, 0].max() > boxes["a1"].get_x() + boxes["a1"].get_width()


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", [*HOSTILE, "costs $5 and $10", r"$\alpha$"])
def test_hostile_text_is_drawn_as_it_is(text: str) -> None:
    journey = jk.Journey(
        id="j",
        name=text,
        stages=[
            jk.Stage(
                id="s",
                name="S",
                steps=[
                    jk.Step(
                        id="a",
                        name=text,
                        touchpoints=["tp"],
                        requires=["r"],
                        actions=[jk.Action(id="x", name=text, lane="support", actor="role")],
                    )
                ],
            )
        ],
    )
    program = jk.Program(
        name="P",
        roles=[jk.Role(id="role", name=text)],
        touchpoints=[jk.Touchpoint(id="tp", name="T", channel="portal", evidence=[text])],
        requirements=[jk.Requirement(id="r", title=text, status="partial")],
        journeys=[journey],
    )
    fig = blueprint(journey, program=program)
    expected = "".join("".join(c if c.isprintable() else " " for c in text).split())
    squeezed = "".join(" ".join(_texts(fig)).split())
    # journey name, step, action, actor, evidence and requirement: six times, as written
    assert squeezed.count(expected) >= 6
    renderer = FigureCanvasAgg(fig).get_renderer()
    for t in fig.axes[0].texts:
        t.get_window_extent(renderer)  # draws without a mathtext error


def test_spanish_blueprint_keeps_its_accents(tmp_path: Path) -> None:
    program = jk.example(language="es")
    fig = blueprint(program.journey("onboarding-future"), program=program)
    drawn = _drawn(fig)
    assert "Presentar la solicitud y firmar" in drawn
    assert any(c in drawn for c in "áéíóúñ")
    assert _overlaps(fig) == []
    root = ET.parse(jk.render.save(fig, tmp_path / "es.svg")).getroot()
    assert root.tag.endswith("svg")


def test_same_blueprint_same_svg(tmp_path: Path, portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    first = jk.render.save(blueprint(journey, program=portal), tmp_path / "a.svg")
    second = jk.render.save(blueprint(journey, program=portal), tmp_path / "b.svg")
    assert first.read_bytes() == second.read_bytes()
    assert ET.parse(first).getroot().tag.endswith("svg")


def test_png_has_the_figure_size(tmp_path: Path, portal: jk.Program) -> None:
    fig = blueprint(portal.journey("deal-registration-future"), program=portal)
    data = jk.render.save(fig, tmp_path / "b.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert abs(width - fig.get_figwidth() * 100) <= 1
    assert abs(height - fig.get_figheight() * 100) <= 1
    assert 1500 < width < 5000
    assert 600 < height < 3000
    assert len(data) > 50_000
