"""Hostile text in blueprint, flow and traceability: drawn literally, never a crash, SVG that parses."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Long name " * 1000  # 10,000 characters
HOSTILE = ["$x$", "costs $5 and $10 # 3", "a\x00b", r"$\alpha$ # \n", LONG]


def _program(text: str) -> jk.Program:
    """``text`` as the name of the programme, journey, stage, steps, actions, requirement, role, persona."""
    journey = jk.Journey(
        id="j",
        name=text,
        personas=["p"],
        stages=[
            jk.Stage(
                id="s",
                name=text,
                steps=[
                    jk.Step(
                        id="a",
                        name=text,
                        touchpoints=["tp"],
                        requires=["r"],
                        actions=[
                            jk.Action(id="x", name=text, lane="backstage", actor="role", triggers=["y"]),
                            jk.Action(id="y", name=text, lane="support", actor="role", requires=["r"]),
                        ],
                    ),
                    jk.Step(id="b", name=text),
                ],
            )
        ],
    )
    return jk.Program(
        name=text,
        personas=[jk.Persona(id="p", name=text)],
        roles=[jk.Role(id="role", name=text)],
        touchpoints=[jk.Touchpoint(id="tp", name=text, channel="portal", evidence=[text])],
        requirements=[jk.Requirement(id="r", title=text, status="missing")],
        journeys=[journey],
    )


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))  # parses: nothing XML cannot hold
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("text", HOSTILE, ids=["math", "dollars", "nul", "backslash", "10k"])
def test_the_blueprint_draws_hostile_text_literally(text: str) -> None:
    program = _program(text)
    fig = jk.render.blueprint("j", program=program)
    svg = fig.to_svg()
    drawn = "".join("".join(_texts(svg)).split())
    assert fig.title.startswith("Service blueprint: ")
    if text is LONG:
        # cut with "…" after some lines: a readable box, not a 10,000-character one
        assert "…" in drawn
        assert fig.get_figheight() < 60
        assert len(fig.title) > 10_000  # the title (for screen readers) keeps the whole name
    elif "\x00" in text:
        # a figure draws a control character as a space
        assert sum(t.count("a b") for t in _texts(svg)) >= 8
    else:
        # step (twice), actions (twice), role (twice), evidence, requirement, stage, title
        assert drawn.count("".join(text.split())) >= 8, drawn[:300]
    if "$" in text:
        assert "$" in drawn  # a dollar, not mathtext (which would drop it)


@pytest.mark.parametrize("text", HOSTILE, ids=["math", "dollars", "nul", "backslash", "10k"])
def test_flow_and_traceability_keep_hostile_text_and_draw(text: str) -> None:
    program = _program(text)
    for diagram in (jk.render.traceability(program), jk.render.flow("j", program=program)):
        assert "\x00" not in diagram.source
        svg = diagram.to_svg()
        joined = "".join(_texts(svg))
        if text is not LONG and "\x00" not in text:
            assert "".join(text.split()) in "".join(joined.split())
        elif "\x00" in text:
            assert "a\ufffdb" in joined
        root = ET.fromstring(svg.encode("utf-8"))
        assert root.get("role") == "img"
        assert (root.find(f"{SVG}title").text or "").startswith(("Traceability: ", "Flow: "))


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # surrogates cannot be encoded at all
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() != "")


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=names)
def test_any_name_draws_in_every_view(text: str) -> None:
    program = _program(text)
    fig = jk.render.blueprint("j", program=program)
    assert fig.description
    _texts(fig.to_svg())
    for diagram in (jk.render.traceability(program), jk.render.flow("j", program=program)):
        ET.fromstring(diagram.to_svg().encode("utf-8"))
