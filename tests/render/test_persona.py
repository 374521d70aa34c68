"""The persona card: every field drawn, nothing overprinted or cut off, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import journeykit as jk
from journeykit._text import drawn_text
from journeykit.render.persona import persona_card

from ._figures import cut_off as _cut_off
from ._figures import overlaps as _overlaps
from ._figures import texts as _texts
from ._people import planted
from .test_mermaid import HOSTILE


def _words(text: str) -> str:
    """Text as the card shows it once wrapping is undone: words and single spaces."""
    return " ".join(drawn_text(text).split())


def _drawn(fig: Figure) -> str:
    return _words(" ".join(_texts(fig)))


def _fields(persona: jk.Persona) -> list[str]:
    """Every non-empty text of the persona."""
    texts = [persona.name, persona.role or "", persona.description or ""]
    for items in (
        persona.responsibilities,
        persona.challenges,
        persona.goals,
        persona.motivations,
        persona.channels,
        persona.quotes,
    ):
        texts.extend(items)
    for key, value in persona.attributes.items():
        texts.extend([key, value if isinstance(value, str) else ""])
    return [t for t in texts if t]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_example_persona_shows_every_field(language: str) -> None:
    program = jk.example(language=language)
    for persona in program.personas:
        fig = persona_card(persona, program=program)
        drawn = _drawn(fig)
        for text in _fields(persona):
            assert _words(text) in drawn, text
        for journey in program.journeys:
            if persona.id in journey.personas:
                assert _words(journey.name) in drawn
        assert _overlaps(fig) == []
        assert _cut_off(fig) == []


def test_empty_sections_are_left_out(portal: jk.Program) -> None:
    fig = persona_card(jk.Persona(id="p", name="Only a name"))
    assert [t for t in _texts(fig) if t] == ["OA", "Only a name", "PARTNER"]
    full = persona_card(portal.personas[0])
    assert fig.get_figheight() < 2 < full.get_figheight()
    titles = {t.upper() for t in _texts(full)}
    assert {"GOALS", "CHALLENGES AND PAINS", "MOTIVATIONS", "RESPONSIBILITIES"} <= titles
    assert "ATTRIBUTES" not in titles  # the example personas have none
    assert "JOURNEYS" not in titles  # no programme given


def test_attributes_and_journeys_are_drawn(portal: jk.Program) -> None:
    persona = portal.personas[0].model_copy(
        update={"attributes": {"region": "EMEA", "seniority": "ten years in channel sales"}}
    )
    fig = persona_card(persona, program=portal)
    texts = _texts(fig)
    assert {"ATTRIBUTES", "JOURNEYS", "region", "EMEA", "seniority"} <= set(texts)
    assert _overlaps(fig) == []
    assert _cut_off(fig) == []


def test_the_card_grows_with_its_content() -> None:
    words = "a goal that goes on and on about forms, approvals and email follow-ups " * 3
    small = persona_card(jk.Persona(id="p", name="P", goals=[words]))
    big = persona_card(jk.Persona(id="p", name="P", goals=[words] * 12, challenges=[words] * 12))
    assert big.get_figwidth() == small.get_figwidth() == 8.5
    assert big.get_figheight() > small.get_figheight() + 5
    assert _overlaps(big) == []
    assert _cut_off(big) == []


def test_a_word_longer_than_a_line_is_broken() -> None:
    word = "x" * 300
    fig = persona_card(jk.Persona(id="p", name=word, goals=[word], channels=[word], quotes=[word]))
    assert _overlaps(fig) == []
    assert _cut_off(fig) == []


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", [*HOSTILE, "costs $5 and $10", r"$\alpha$"])
def test_hostile_text_is_drawn_as_it_is(text: str, tmp_path: Path) -> None:
    persona = jk.Persona(
        id="p",
        name=text,
        role=text,
        description=text,
        goals=[text],
        challenges=[text],
        channels=[text],
        quotes=[text],
        attributes={text: text},
    )
    fig = persona_card(persona)
    drawn = _drawn(fig)
    assert _words(text) in drawn  # "$" is a dollar sign, "<b>" is not markup
    assert drawn.count(_words(text)) >= 8
    assert _overlaps(fig) == []  # also draws every text: no mathtext error
    assert _cut_off(fig) == []
    root = ET.parse(jk.render.save(fig, tmp_path / "p.svg")).getroot()
    assert root.tag.endswith("svg")


def test_spanish_card_keeps_its_accents(tmp_path: Path) -> None:
    program = jk.example(language="es")
    fig = persona_card(program.persona("senior-executive"), program=program)
    assert any("ó" in t for t in _texts(fig))
    assert any("ñ" in t for t in _texts(fig))
    root = ET.parse(jk.render.save(fig, tmp_path / "es.svg")).getroot()
    assert root.tag.endswith("svg")


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_same_card_same_bytes(tmp_path: Path, portal: jk.Program, suffix: str) -> None:
    persona = portal.persona("marketing-manager")
    first = jk.render.save(persona_card(persona, program=portal), tmp_path / f"a{suffix}").read_bytes()
    second = jk.render.save(persona_card(persona, program=portal), tmp_path / f"b{suffix}").read_bytes()
    assert first == second
    assert len(first) > 10_000


def test_the_svg_parses_and_the_png_has_a_card_size(tmp_path: Path, portal: jk.Program) -> None:
    fig = persona_card(portal.persona("sales-manager"), program=portal)
    root = ET.parse(jk.render.save(fig, tmp_path / "card.svg")).getroot()
    assert root.tag.endswith("svg")
    png = jk.render.save(fig, tmp_path / "card.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 850  # 8.5 inches at 100 dpi
    assert 700 < height < 1600


# -- personas made from data ------------------------------------------------------------------------


def _bars(fig: Figure) -> list[float]:
    return [p.get_width() for p in fig.axes[0].patches if p.get_label() == "share"]


@pytest.mark.parametrize(
    ("share", "size", "line", "bars"),
    [
        (0.18, 1812, "18% of people · 1,812 people", [0.18 * 1.8]),
        (0.004, None, "0.4% of people", [0.004 * 1.8]),
        (1, 1, "100% of people · 1 person", [1.8]),
        (None, 25000, "25,000 people", []),
        (None, None, None, []),
    ],
)
def test_share_and_size_are_in_the_header(
    share: float | None, size: int | None, line: str | None, bars: list[float]
) -> None:
    fig = persona_card(jk.Persona(id="p", name="Power user", role="Admin", share=share, size=size))
    texts = [t for t in _texts(fig) if t]
    if line is None:
        assert texts == ["PU", "Power user", "Admin", "PARTNER"]
    else:
        assert texts == ["PU", "Power user", "Admin", line, "PARTNER"]
    assert _bars(fig) == pytest.approx(bars)
    assert _overlaps(fig) == []
    assert _cut_off(fig) == []


def test_attribute_values_are_written_for_people() -> None:
    attributes = {
        "sessions_per_week": 11.5,
        "mobile": True,
        "churned": False,
        "revenue": 125000,
        "customer since": 2019,
        "score": -0.25,
        "mean basket": 27.26651,
        "lifetime value": 12345.678,
        "tier": "gold",
    }
    fig = persona_card(jk.Persona(id="p", name="P", attributes=attributes))
    values = [t.get_text() for t in fig.axes[0].texts if t.get_text() not in attributes]
    expected = ["11.5", "yes", "no", "125,000", "2019", "−0.25", "27.3", "12,346", "gold"]
    assert values[-len(expected) :] == expected
    assert "True" not in values
    assert _overlaps(fig) == []


def test_a_draft_from_data_shows_its_figures_and_where_it_came_from(tmp_path: Path) -> None:
    result = planted()
    drafts = result.to_personas(data="people.csv", date=dt.date(2026, 12, 3))
    for draft in drafts:
        assert draft.description is not None
        assert draft.share is not None
        fig = persona_card(draft)
        texts = _texts(fig)
        drawn = _drawn(fig)
        assert _words(draft.description) in drawn  # long: it wraps over several lines
        assert f"{draft.share:.0%} of people · {draft.size:,} people" in texts
        for key in draft.attributes:
            assert key in texts
        assert ("yes" in texts) == any(v is True for v in draft.attributes.values())
        source = next(t for t in texts if t.startswith("Source:"))
        assert "people.csv · 1,500 rows · kmeans · k = 3 · seed 0" in source
        assert source.endswith("2026-12-03")
        assert _overlaps(fig) == []
        assert _cut_off(fig) == []
    # nine attributes and nothing else: half of them in each column
    fig = persona_card(drafts[0])
    keys = [t for t in fig.axes[0].texts if t.get_text() in drafts[0].attributes]
    assert len({round(t.get_position()[0], 2) for t in keys}) == 2
    in_programme = persona_card(drafts[0], program=jk.example())  # a draft takes part in no journey
    keys = [t for t in in_programme.axes[0].texts if t.get_text() in drafts[0].attributes]
    assert len({round(t.get_position()[0], 2) for t in keys}) == 2
    bare = persona_card(drafts[0].model_copy(update={"description": None, "source": None}))
    assert fig.get_figheight() > bare.get_figheight() + 0.6
    root = ET.parse(jk.render.save(fig, tmp_path / "draft.svg")).getroot()
    assert root.tag.endswith("svg")


def test_many_long_attributes_grow_the_card() -> None:
    attributes = {f"feature number {i} with a long name": "a long value " * (i % 4 + 1) for i in range(30)}
    fig = persona_card(jk.Persona(id="p", name="P", share=0.5, attributes=attributes))
    assert fig.get_figheight() > 8
    assert _overlaps(fig) == []
    assert _cut_off(fig) == []


def test_the_picture_says_who_the_persona_is(portal: jk.Program) -> None:
    persona = portal.persona("marketing-manager")
    fig = jk.render.persona_card("marketing-manager", program=portal)
    assert isinstance(fig, jk.render.Picture)
    assert fig.title == f"Persona: {persona.name}"
    assert fig.description.startswith(f"{persona.name}: {persona.role} (partner).")
    assert f"{len(persona.goals)} goals." in fig.description
    assert f"{len(persona.challenges)} challenges." in fig.description
    assert persona.share is not None
    assert f"Stands for {persona.share:.0%} of the people." in fig.description
    journeys = [
        j
        for j in portal.journeys
        if persona.id in j.personas or any(persona.id in s.personas for s in j.steps)
    ]
    assert f"Takes part in {len(journeys)} journeys." in fig.description
    bare = persona_card(jk.Persona(id="p", name="Only a name", organization="customer"))
    assert bare.description == "Only a name (customer)."
    assert "CUSTOMER" in _texts(bare)  # the organisation is written, not only coloured


def test_the_share_bar_has_its_number_beside_it() -> None:
    fig = persona_card(jk.Persona(id="p", name="P", share=0.42, size=420))
    assert _bars(fig) == pytest.approx([0.42 * 1.8])
    assert "42% of people · 420 people" in _texts(fig)
