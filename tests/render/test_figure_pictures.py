"""What every figure view shares: a Picture with a title and a description, words written as SVG
text, the reader's language, hostile text drawn as written, and a clear error without matplotlib."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import journeykit as jk
from journeykit._text import drawn_text
from journeykit.exceptions import ArgumentError, MissingDependencyError
from journeykit.render import Picture

from ._programs import hostile_program

SVG = "{http://www.w3.org/2000/svg}"

#: Each view of the example, drawn the way the calling convention documents.
VIEWS: dict[str, Callable[..., Picture]] = {
    "journey_map": lambda program, **kw: jk.render.journey_map("onboarding-future", program=program, **kw),
    "persona_card": lambda program, **kw: jk.render.persona_card("sales-manager", program=program, **kw),
    "priority_matrix": lambda program, **kw: jk.render.priority_matrix(program, **kw),
    "compare_view": lambda program, **kw: jk.render.compare_view("onboarding-future", program=program, **kw),
    "persona_comparison": lambda program, **kw: jk.render.persona_comparison(program, **kw),
}
#: The view's name, as the title begins.
TITLES = {
    "journey_map": "Journey map: ",
    "persona_card": "Persona: ",
    "priority_matrix": "Priority matrix: ",
    "compare_view": "Today and tomorrow: ",
    "persona_comparison": "Personas side by side: ",
}


def _svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_is_a_picture_with_its_title_and_description_in_the_svg(
    name: str, portal: jk.Program
) -> None:
    fig = VIEWS[name](portal)
    assert isinstance(fig, Picture)
    assert fig.title.startswith(TITLES[name])
    assert len(fig.description) > 20
    root = ET.fromstring(fig.to_svg())
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == fig.title
    assert root.findtext(f"{SVG}desc") == fig.description


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_drawn_word_is_svg_text(name: str, portal: jk.Program) -> None:
    fig = VIEWS[name](portal)
    written = set(_svg_texts(fig.to_svg()))
    drawn = _visible_texts(fig)
    assert len(drawn) > 5
    assert sorted(line for line in drawn if line not in written) == []
    # the legends and the axes' own words (labels, ticks) are text too
    for ax in fig.axes:
        legend = ax.get_legend()
        for text in legend.get_texts() if legend else []:
            assert text.get_text() in written
        for label in (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()):
            for line in label.split("\n"):
                assert not line or line in written
    for legend in fig.legends:
        for text in legend.get_texts():
            assert text.get_text() in written


def _visible_texts(fig: Figure) -> set[str]:
    """Lines of the texts that are drawn: on axes, tick labels, legends and the figure."""
    lines: set[str] = set()
    texts = [*fig.texts]
    for ax in fig.axes:
        assert isinstance(ax, Axes)
        texts += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]
        if ax.axison:
            texts += [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_visible()]
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
    for legend in fig.legends:
        texts += legend.get_texts()
    for text in texts:
        lines.update(line for line in text.get_text().split("\n") if line.strip())
    return lines


def test_a_persona_s_goal_and_a_step_s_name_are_svg_text(portal: jk.Program) -> None:
    persona = portal.persona("sales-manager")
    card = " ".join(_svg_texts(jk.render.persona_card(persona, program=portal).to_svg()))
    goal = persona.goals[0]
    assert " ".join(goal.split()) in " ".join(card.split())  # wrapped over lines, each its <text>
    step = portal.journey("onboarding-future").steps[0].name
    for fig in (
        jk.render.journey_map("onboarding-future", program=portal),
        jk.render.compare_view("onboarding-future", program=portal),
    ):
        words = " ".join(" ".join(_svg_texts(fig.to_svg())).split())
        assert " ".join(step.split()) in words


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_without_matplotlib_each_view_names_the_extra(
    name: str, portal: jk.Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"journeykit\[plot\]"):
        VIEWS[name](portal)


# -- the calling convention -----------------------------------------------------------------------


def test_ids_and_objects_draw_the_same(portal: jk.Program) -> None:
    by_id = jk.render.persona_card("marketing-manager", program=portal)
    by_object = jk.render.persona_card(portal.persona("marketing-manager"), program=portal)
    assert by_id.to_svg() == by_object.to_svg()
    assert jk.render.persona_card(portal.persona("marketing-manager")).title == by_id.title


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: jk.render.persona_card("sales-manager"), "program="),
        (lambda p: jk.render.persona_card(p), "Persona"),
        (lambda p: jk.render.persona_card("sales-manager", program="x.yaml"), "must be a Program"),
        (lambda p: jk.render.priority_matrix("x.yaml"), "Program or use cases"),
        (lambda p: jk.render.priority_matrix(p.use_cases[0]), "Program or use cases"),
        (lambda p: jk.render.priority_matrix([p.personas[0]]), "UseCase"),
        (lambda p: jk.render.priority_matrix(p.use_cases, program="x"), "must be a Program"),
        (lambda p: jk.render.compare_view(p), "not a Program"),
        (lambda p: jk.render.compare_view("onboarding-current", "onboarding-future"), "program="),
        (lambda p: jk.render.persona_comparison("personas.csv"), "Segmentation, a Program or personas"),
        (lambda p: jk.render.persona_comparison(p.personas[0]), "Segmentation, a Program or personas"),
        (lambda p: jk.render.persona_comparison([p.journeys[0]]), "Persona objects"),
        (lambda p: jk.render.persona_comparison(p, top=0), "top must be a positive integer"),
        (lambda p: jk.render.journey_map(p), "not a Program"),
        (lambda p: jk.render.journey_map("onboarding-future"), "program="),
    ],
)
def test_wrong_arguments_raise_argument_errors(
    call: Callable[[jk.Program], object], message: str, portal: jk.Program
) -> None:
    with pytest.raises(ArgumentError, match=message):
        call(portal)


def test_an_unknown_id_suggests_the_closest(portal: jk.Program) -> None:
    with pytest.raises(KeyError, match="sales-manager"):
        jk.render.persona_card("sales-manajer", program=portal)


def test_the_journey_map_takes_a_funnel_not_observed(portal: jk.Program) -> None:
    with pytest.raises(TypeError):
        jk.render.journey_map("onboarding-future", program=portal, observed=None)  # type: ignore[call-arg]


# -- languages --------------------------------------------------------------------------------------

#: A word each view writes in Spanish, from the Spanish catalogue.
SPANISH = {
    "journey_map": "Puntos de dolor",
    "persona_card": "OBJETIVOS",
    "priority_matrix": "victorias rápidas",
    "compare_view": "hoy (actual)",
    "persona_comparison": "porcentaje de personas",
}
ENGLISH = {
    "journey_map": "Pain points",
    "persona_card": "GOALS",
    "priority_matrix": "quick wins",
    "compare_view": "today (current)",
    "persona_comparison": "share of people",
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_language_chooses_the_view_s_words(name: str, portal: jk.Program) -> None:
    english = _visible_texts(VIEWS[name](portal))
    assert ENGLISH[name] in english
    spanish = _visible_texts(VIEWS[name](portal, language="es"))
    assert SPANISH[name] in spanish
    assert ENGLISH[name] not in spanish


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_spanish_programme_draws_in_spanish(name: str) -> None:
    program = jk.example(language="es")
    assert program.language == "es"
    assert SPANISH[name] in _visible_texts(VIEWS[name](program))
    # language= wins over the programme's language
    assert ENGLISH[name] in _visible_texts(VIEWS[name](program, language="en"))


def test_spanish_titles_and_descriptions() -> None:
    program = jk.example(language="es")
    assert jk.render.priority_matrix(program).title.startswith("Matriz de prioridades: ")
    assert jk.render.compare_view("onboarding-future", program=program).title.startswith("Hoy y mañana: ")
    comparison = jk.render.persona_comparison(program)
    assert comparison.title == "Personas lado a lado: 3 personas"
    assert "de las personas" in comparison.description
    card = jk.render.persona_card("sales-manager", program=program)
    assert "objetivos." in card.description


# -- hostile text ---------------------------------------------------------------------------------

#: Each view of a programme that holds one text everywhere.
HOSTILE_VIEWS: dict[str, Callable[[jk.Program], Picture]] = {
    "journey_map": lambda p: jk.render.journey_map("next", program=p),
    "persona_card": lambda p: jk.render.persona_card("p", program=p),
    "priority_matrix": lambda p: jk.render.priority_matrix(p),
    "compare_view": lambda p: jk.render.compare_view("next", program=p),
    "persona_comparison": lambda p: jk.render.persona_comparison(p),
}


def _draws(text: str, name: str) -> str:
    """The view of a programme holding ``text`` everywhere, as SVG that parses; its text."""
    fig = HOSTILE_VIEWS[name](hostile_program(text))
    svg = fig.to_svg()
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == fig.title
    return " ".join(_svg_texts(svg))


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("name", sorted(HOSTILE_VIEWS))
@pytest.mark.parametrize("text", ["$x$", r"$\alpha$ costs $5", "# heading", "nul\x00in\x00text"])
def test_hostile_text_is_drawn_literally(text: str, name: str) -> None:
    words = _draws(text, name)
    shown = drawn_text(text, one_line=True)
    assert shown in words  # "$" is a dollar sign: no mathtext
    assert "\x00" not in words


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("name", sorted(HOSTILE_VIEWS))
def test_ten_thousand_character_names_draw(name: str) -> None:
    words = _draws("$x$ " + "long " * 1999, name)
    assert "$x$" in words


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(["$", "#", "\x00", "\\"]),
        min_size=1,
        max_size=60,
    ).filter(lambda t: t.strip() != ""),
    name=st.sampled_from(sorted(HOSTILE_VIEWS)),
)
def test_any_text_draws(text: str, name: str) -> None:
    _draws(text, name)


def test_the_colour_bar_and_heatmap_of_a_segmentation_are_svg_text() -> None:
    from ._people import planted

    fig = jk.render.persona_comparison(planted())
    written = set(_svg_texts(fig.to_svg()))
    ticks = [t.get_text() for t in fig.axes[1].get_xticklabels() if t.get_text()]
    assert len(ticks) >= 5
    assert set(ticks) <= written
    assert sorted(line for line in _visible_texts(fig) if line not in written) == []
