"""The comparison view: both curves, the changes jk.compare finds, no overprint, stable bytes."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Literal

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import journeykit as jk
from journeykit.exceptions import ArgumentError, UnknownIdError
from journeykit.render import compare_view

from ._figures import cut_off as _cut_off
from ._figures import overlaps as _overlaps
from ._figures import texts as _texts
from .test_mermaid import HOSTILE


def _lines(fig: Figure, gid: str) -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.lines if line.get_gid() == gid]


def _points(fig: Figure, gid: str) -> int:
    return sum(len(line.get_xdata()) for line in _lines(fig, gid))


def _pairs(program: jk.Program) -> list[tuple[jk.Journey, jk.Journey]]:
    return [(program.journey(j.replaces), j) for j in program.journeys if j.replaces]


def _changes(current: jk.Journey, future: jk.Journey) -> tuple[list[str], list[str]]:
    """(added, removed) step ids, worked out from the model: a future step continues the
    current step with its id, else the one it ``replaces``, each current step at most once."""
    old = {step.id for step in current.steps}
    continued: set[str] = set()
    added = []
    for step in future.steps:
        match = step.id if step.id in old else step.replaces
        if match in old and match not in continued:
            continued.add(match)
        else:
            added.append(step.id)
    return added, [step.id for step in current.steps if step.id not in continued]


def _support() -> tuple[jk.Journey, jk.Journey]:
    """A pair with renamed (``replaces``), added and removed steps and missing emotions."""
    step = jk.Step
    today = jk.Journey(
        id="support-today",
        name="Support today",
        stages=[
            jk.Stage(
                id="ask",
                name="Ask for help",
                steps=[
                    step(id="call", name="Call the hotline", emotion=2),
                    step(id="wait", name="Wait on hold", emotion=1),
                    step(id="email", name="Send an email"),
                ],
            ),
            jk.Stage(
                id="fix",
                name="Get it fixed",
                steps=[
                    step(id="visit", name="Technician visits", emotion=3),
                    step(id="invoice", name="Receive a paper invoice", emotion=2),
                ],
            ),
        ],
    )
    tomorrow = jk.Journey(
        id="support-tomorrow",
        name="Support tomorrow",
        state="future",
        replaces="support-today",
        stages=[
            jk.Stage(
                id="ask",
                name="Ask for help",
                steps=[
                    step(id="chat", name="Chat with an agent", emotion=4, replaces="call"),
                    step(id="email", name="Send an email", emotion=4),
                    step(id="kb", name="Read the suggested article"),
                ],
            ),
            jk.Stage(
                id="self",
                name="Fix it yourself",
                steps=[step(id="guide", name="Follow the guide", emotion=5)],
            ),
            jk.Stage(
                id="fix", name="Get it fixed", steps=[step(id="visit", name="Technician visits", emotion=4)]
            ),
        ],
    )
    return today, tomorrow


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_example_pair_plots_every_emotion_and_every_change(language: str) -> None:
    program = jk.example(language=language)
    pairs = _pairs(program)
    assert len(pairs) == 2
    for current, future in pairs:
        fig = compare_view(current, future)
        assert _points(fig, "current-points") == sum(s.emotion is not None for s in current.steps)
        assert _points(fig, "future-points") == sum(s.emotion is not None for s in future.steps)
        added, removed = _changes(current, future)
        assert _points(fig, "added") == len(added)
        assert _points(fig, "removed") == len(removed)
        drawn = " ".join(" ".join(_texts(fig)).split())
        for stage in future.stages:
            assert " ".join(stage.name.split()) in drawn
        for step in future.steps:
            assert " ".join(step.name.split()) in drawn
        assert _overlaps(fig) == []
        assert _cut_off(fig) == []


def test_added_removed_renamed_and_gaps() -> None:
    today, tomorrow = _support()
    fig = compare_view(today, tomorrow)
    assert _changes(today, tomorrow) == (["kb", "guide"], ["wait", "invoice"])
    assert _points(fig, "added") == 2
    assert _points(fig, "removed") == 2
    assert _points(fig, "current-points") == 4
    assert _points(fig, "future-points") == 4
    # columns: chat(call), wait, email, kb, guide, visit, invoice; a missing emotion breaks its curve
    assert [list(line.get_xdata()) for line in _lines(fig, "current-curve")] == [[0, 1], [5, 6]]
    assert [list(line.get_xdata()) for line in _lines(fig, "future-curve")] == [[0, 2], [4, 5]]
    texts = _texts(fig)
    assert "was: Call the hotline" in texts
    assert {"added step", "removed step"} <= set(texts)  # the legend
    assert {"+2", "+1"} <= set(texts)  # emotion deltas of matched steps
    assert _overlaps(fig) == []
    assert _cut_off(fig) == []


def test_a_legend_only_names_the_changes_there_are(portal: jk.Program) -> None:
    fig = compare_view("deal-registration-future", program=portal)
    texts = _texts(fig)
    assert "today (current)" in texts
    assert "aspiration (future)" in texts
    assert "added step" not in texts
    assert "removed step" not in texts


def test_ids_and_the_replaced_journey_come_from_the_programme(portal: jk.Program) -> None:
    by_objects = compare_view(portal.journey("onboarding-current"), portal.journey("onboarding-future"))
    by_ids = compare_view("onboarding-current", "onboarding-future", program=portal)
    by_future = compare_view(portal.journey("onboarding-future"), program=portal)
    assert _texts(by_objects) == _texts(by_ids) == _texts(by_future)


def test_bad_arguments_say_what_is_missing(portal: jk.Program) -> None:
    with pytest.raises(ArgumentError, match="program="):
        compare_view("onboarding-current", "onboarding-future")
    with pytest.raises(ArgumentError, match="program="):
        compare_view(portal.journey("onboarding-future"))
    with pytest.raises(ArgumentError, match="replaces no journey"):
        compare_view(portal.journey("onboarding-current"), program=portal)
    with pytest.raises(UnknownIdError, match="nope"):
        compare_view("nope", "onboarding-future", program=portal)
    with pytest.raises(ArgumentError, match="not a Program"):
        compare_view(portal)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="program must be a Program"):
        compare_view("onboarding-future", program="portal.yaml")  # type: ignore[arg-type]


def test_a_long_journey_grows_and_stays_legible() -> None:
    words = "a step with a long name about forms, approvals and email follow-ups"
    steps = [jk.Step(id=f"s{i}", name=f"{words} {i}", emotion=1 + i % 5) for i in range(40)]
    current = jk.Journey(id="c", name="C", stages=[jk.Stage(id="s", name="S", steps=steps)])
    future = jk.Journey(
        id="f", name="F", state="future", replaces="c", stages=[jk.Stage(id="s", name="S", steps=steps[::2])]
    )
    fig = compare_view(current, future)
    assert fig.get_figwidth() >= 40 * 1.25
    assert _points(fig, "removed") == 20
    assert _overlaps(fig) == []
    assert _cut_off(fig) == []


def test_empty_journeys_draw() -> None:
    fig = compare_view(jk.Journey(id="c", name="C"), jk.Journey(id="f", name="F", state="future"))
    assert _points(fig, "current-points") == _points(fig, "future-points") == 0
    assert _overlaps(fig) == []


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", [*HOSTILE, "costs $5 and $10", r"$\alpha$"])
def test_hostile_text_is_drawn_as_it_is(text: str, tmp_path: Path) -> None:
    def journey(ident: str, state: Literal["current", "future"]) -> jk.Journey:
        return jk.Journey(
            id=ident,
            name=text,
            state=state,
            stages=[
                jk.Stage(
                    id="s",
                    name=text,
                    steps=[jk.Step(id=f"{ident}-a", name=text, emotion=3), jk.Step(id="b", name="B")],
                )
            ],
        )

    fig = compare_view(journey("c", "current"), journey("f", "future"))
    drawn = " ".join(" ".join(_texts(fig)).split())
    assert " ".join("".join(c if c.isprintable() else " " for c in text).split()) in drawn
    assert _overlaps(fig) == []  # draws every text: no mathtext error
    assert _cut_off(fig) == []
    root = ET.parse(jk.render.save(fig, tmp_path / "c.svg")).getroot()
    assert root.tag.endswith("svg")


def test_spanish_view_keeps_its_accents(tmp_path: Path) -> None:
    program = jk.example(language="es")
    fig = compare_view("onboarding-future", program=program)
    assert any("ó" in t for t in _texts(fig))
    root = ET.parse(jk.render.save(fig, tmp_path / "es.svg")).getroot()
    assert root.tag.endswith("svg")


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_same_view_same_bytes(tmp_path: Path, portal: jk.Program, suffix: str) -> None:
    first = jk.render.save(compare_view("onboarding-future", program=portal), tmp_path / f"a{suffix}")
    second = jk.render.save(compare_view("onboarding-future", program=portal), tmp_path / f"b{suffix}")
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 10_000


def test_the_svg_parses_and_the_png_fits_a_slide(tmp_path: Path, portal: jk.Program) -> None:
    fig = compare_view("deal-registration-future", program=portal)
    root = ET.parse(jk.render.save(fig, tmp_path / "view.svg")).getroot()
    assert root.tag.endswith("svg")
    png = jk.render.save(fig, tmp_path / "view.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 1100 <= width <= 2000  # 100 dpi
    assert 500 <= height <= 800
    assert 1.5 <= width / height <= 2.6  # about a wide slide
