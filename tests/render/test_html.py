"""The HTML report: one self-contained file that says everything, in the reader's language.

Nothing in it runs code or fetches anything; every figure is named for
screen readers; every word it adds comes from the message catalogue; user
text comes back as written and never adds markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import _i18n
from journeykit.render import files

from ._html_page import Page, inert, named
from ._programs import hostile_program
from .test_mermaid import HOSTILE

ROOT = Path(__file__).resolve().parents[2]


def _in(language: str, message: str) -> str:
    """``message`` as the catalogue writes it in ``language``."""
    with _i18n.use_language(language):
        return _i18n._(message)


@pytest.fixture(scope="module")
def english(portal: jk.Program, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Page]:
    path = jk.report(portal, tmp_path_factory.mktemp("report") / "portal.html")
    return path, Page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Page]:
    path = jk.report(jk.example(language="es"), tmp_path_factory.mktemp("report") / "portal.es.html")
    return path, Page(path.read_text(encoding="utf-8"))


# -- the page as a whole -------------------------------------------------------------


def test_the_example_report_holds_every_view(portal: jk.Program, english: tuple[Path, Page]) -> None:
    _path, page = english
    inert(page)
    named(page)
    compared = [j for j in portal.journeys if j.replaces]
    pictures = len(portal.personas) + 1 + 3 * len(portal.journeys) + len(compared)  # +1: the matrix
    assert len(page.figures) == pictures
    captions = "\n".join(page.prose)
    for journey in portal.journeys:
        assert sum(journey.name in label for label in (f["aria-label"] for f in page.figures)) >= 3
    for persona in portal.personas:
        assert any(persona.name in f["aria-label"] for f in page.figures)
    assert _in("en", "No findings: every check passes.") in captions  # the example passes its checks
    # each picture's ids are its own, so clip paths and glyphs cannot collide
    ids = [value for _tag, name, value in page.attributes if name == "id"]
    assert len(ids) == len(set(ids))


def test_every_section_is_there_and_listed_in_the_contents(
    portal: jk.Program, english: tuple[Path, Page]
) -> None:
    _path, page = english
    expected = ["about", "personas", "roles", "use-cases", "metrics", "responsibilities", "coverage"]
    expected += ["backlog", "checks", *(f"journey:{j.id}" for j in portal.journeys)]
    assert list(page.sections) == expected
    links = [value for tag, name, value in page.attributes if (tag, name) == ("a", "href")]
    assert links == [f"#{anchor}" for anchor in expected]


def test_every_inline_picture_is_well_formed_svg_with_a_title(english: tuple[Path, Page]) -> None:
    path, _page = english
    pieces = path.read_text(encoding="utf-8").split("<svg")[1:]
    assert pieces
    for piece in pieces:
        svg = ET.fromstring("<svg" + piece[: piece.index("</svg>")] + "</svg>")
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert (
            svg.find("{http://www.w3.org/2000/svg}title") is not None or svg.find(".//{*}title") is not None
        )


def test_pictures_and_tables_scroll_in_boxes_of_their_own(english: tuple[Path, Page]) -> None:
    path, _page = english
    text = path.read_text(encoding="utf-8")
    # every picture and every table sits in a container that scrolls sideways
    assert text.count('<div class="picture"><svg') == text.count("<svg")
    assert text.count('<div class="table"><table>') == text.count("<table>")
    assert re.search(r"\.picture, \.table \{[^}]*overflow-x: auto", text)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text


@pytest.mark.parametrize("which", ["english", "spanish"])
def test_the_example_report_is_at_most_one_and_a_half_megabytes(
    which: str, request: pytest.FixtureRequest
) -> None:
    path, _page = request.getfixturevalue(which)
    assert path.stat().st_size <= 1_500_000


def test_the_same_programme_gives_the_same_bytes(
    portal: jk.Program, english: tuple[Path, Page], tmp_path: Path
) -> None:
    path, _page = english
    assert jk.report(jk.example(), tmp_path / "b.html").read_bytes() == path.read_bytes()


def test_report_html_is_what_report_writes(portal: jk.Program, english: tuple[Path, Page]) -> None:
    path, _page = english
    assert jk.render.html.report_html(portal) == path.read_text(encoding="utf-8")


def test_a_report_replaces_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text("old", encoding="utf-8")
    jk.report(jk.Program(name="Empty"), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Empty" in text
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left behind


def test_an_empty_programme_has_only_what_it_can_say(tmp_path: Path) -> None:
    page = Page(jk.report(jk.Program(name="Empty"), tmp_path / "r.html").read_text(encoding="utf-8"))
    assert list(page.sections) == ["about", "backlog", "checks"]
    assert not page.figures


def test_a_report_of_something_else_than_a_programme_is_an_argument_error(tmp_path: Path) -> None:
    with pytest.raises(jk.ArgumentError, match=r"report: program must be a Program, not a str"):
        jk.report("portal.yaml", tmp_path / "r.html")  # type: ignore[arg-type]
    assert not (tmp_path / "r.html").exists()


# -- languages ----------------------------------------------------------------------


def test_the_language_comes_from_the_argument_then_the_programme_then_english(
    portal: jk.Program, english: tuple[Path, Page], spanish: tuple[Path, Page]
) -> None:
    assert english[0].read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')
    assert spanish[0].read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="es">')
    assert _in("es", "About the programme") in spanish[1].prose
    assert _in("en", "About the programme") in english[1].prose
    forced = jk.render.html.report_html(jk.example(language="es"), language="en")
    assert forced.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert ">About the programme<" in forced
    chosen = jk.render.html.report_html(jk.Program(name="Leer"), language="es-ES")
    assert '<html lang="es-ES">' in chosen
    assert f">{_in('es', 'Requirements backlog')}<" in chosen


def test_the_spanish_example_keeps_its_accents(spanish: tuple[Path, Page]) -> None:
    path, page = spanish
    inert(page)
    named(page)
    program = jk.example(language="es")
    text = path.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text
    assert program.journeys[0].name in page.prose
    assert program.personas[0].goals[0] in "".join(page.prose)


def _user_text(program: jk.Program) -> set[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
            found.update(value.splitlines())
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(program.model_dump(mode="json"))
    return found


@pytest.mark.slow
def test_every_word_the_report_writes_comes_from_the_catalogue(pseudo_language: str) -> None:
    portal = jk.example()
    page = Page(jk.render.html.report_html(portal, language=pseudo_language))
    assert 'lang="qps"' in "".join(f'{n}="{v}"' for _t, n, v in page.attributes)
    user = _user_text(portal)
    names = {f"{r.name} ({j.name})" for j in portal.journeys for r in (*j.stages, *j.steps)}
    strays = set()
    for piece in page.prose:
        for line in piece.splitlines():
            bare = line.strip()
            if not bare or "⟦" in bare or bare in user or bare in names:
                continue
            if not re.search(r"[A-Za-zÀ-ÿ]{2,}", bare):  # numbers, dashes, percentages
                continue
            if all(part.strip() in user for part in bare.split(",")):  # lists of ids or names
                continue
            strays.add(bare)
    assert strays == set()
    for figure in page.figures:  # the graphs' names are the report's own words
        assert "⟦" in figure["aria-label"], figure


# -- what the report says -------------------------------------------------------------


def test_every_persona_s_words_are_text_the_reader_can_find(
    portal: jk.Program, english: tuple[Path, Page]
) -> None:
    _path, page = english
    section = page.section("personas")
    for persona in portal.personas:
        for text in (persona.name, *persona.goals, *persona.challenges, *persona.motivations):
            assert text in section, text
    for journey in portal.journeys:
        steps = page.section(f"journey:{journey.id}")
        for step in journey.steps:
            assert step.name in steps, step.name


def test_roles_are_listed_with_their_kind_and_responsibilities(
    portal: jk.Program, english: tuple[Path, Page]
) -> None:
    _path, page = english
    for role in portal.roles:
        row = page.row(role.name)
        assert row[1] == role.kind
        for duty in role.responsibilities:
            assert duty in row[3]


def test_use_cases_show_every_criterion_of_the_seed(portal: jk.Program, english: tuple[Path, Page]) -> None:
    _path, page = english
    roles = {role.id: role.name for role in portal.roles}
    priorities = {row.id: row for row in jk.prioritize(portal)}
    ordered = [row[0] for row in page.rows() if row and row[0] in {u.name for u in portal.use_cases}]
    assert ordered == [next(u.name for u in portal.use_cases if u.id == p.id) for p in jk.prioritize(portal)]
    for case in portal.use_cases:
        _name, theme, process, sponsor, champion, metrics, impact, ease, quadrant, ready = page.row(case.name)
        assert (theme, process) == (case.theme, case.process)
        assert (sponsor, champion) == (roles[case.sponsor], roles[case.champion])  # type: ignore[index]
        assert (impact, ease) == (str(case.impact), str(case.ease))
        assert quadrant == priorities[case.id].quadrant
        measuring = [m.name for m in portal.metrics if f"use_case:{case.id}" in m.measures]
        assert metrics.split("\n") == (measuring or ["–"])
        if priorities[case.id].ready:
            assert ready == "ready"
        else:
            assert ready.startswith("missing: ")


def test_metrics_show_their_targets(portal: jk.Program, english: tuple[Path, Page]) -> None:
    _path, page = english
    assert page.row("Days from application to approval")[1] == "at most 5 days"
    assert page.row("New partners who finish the onboarding checklist within 30 days")[1] == "at least 80 %"
    for metric in portal.metrics:
        target = page.row(metric.name)[1]
        assert target.startswith("at most" if metric.direction == "at_most" else "at least")


def test_the_responsibility_matrix_shows_who_acts_owns_sponsors_and_champions(
    portal: jk.Program, english: tuple[Path, Page]
) -> None:
    _path, page = english
    roles = {role.id: role.name for role in portal.roles}
    journeys = [j.name for j in portal.journeys]
    cases = [u.name for u in portal.use_cases]
    by_journey = next(t for t in page.tables if t[0] == ["Role", *journeys])
    by_case = next(t for t in page.tables if t[0] == ["Role", *cases])
    assert [row[0] for row in by_journey[1:]] == list(roles.values())
    cells = {(row[0], journeys[i]): cell for row in by_journey[1:] for i, cell in enumerate(row[1:])}
    for r in jk.responsibilities(portal):
        cell = cells[roles[r.role], portal.journey(r.journey).name]
        assert (f"{r.actions} action" in cell) if r.actions else ("action" not in cell)
        for owned in r.owns:
            assert owned in cell
    cell = cells[roles["channel-sales-manager"], portal.journey("deal-registration-current").name]
    assert cell.split("\n") == ["frontstage, backstage", "7 actions", "owns: tracking-spreadsheets"]
    by_cell = {(row[0], cases[i]): cell for row in by_case[1:] for i, cell in enumerate(row[1:])}
    for case in portal.use_cases:
        assert "executive sponsor" in by_cell[roles[case.sponsor], case.name]  # type: ignore[index]
        assert "champion" in by_cell[roles[case.champion], case.name]  # type: ignore[index]
    for r in jk.analysis.responsibilities_by_use_case(portal):
        use_case = next(u.name for u in portal.use_cases if u.id == r.use_case)
        for owned in r.owns:
            assert owned in by_cell[roles[r.role], use_case]


def test_persona_coverage_is_shown_when_there_are_personas(
    portal: jk.Program, english: tuple[Path, Page], tmp_path: Path
) -> None:
    _path, page = english
    personas = {p.id: p.name for p in portal.personas}
    journeys = {j.id: j.name for j in portal.journeys}
    table = jk.personas.coverage(portal)
    rows = [row for row in page.rows() if row and row[0] in personas.values() and len(row) > 5]
    assert len(rows) == len(table.by_journey)
    for shown, row in zip(rows, table.by_journey, strict=True):
        assert shown[:2] == [personas[row.persona], journeys[row.journey]]
        assert str(row.step_count) in shown
        assert str(row.requirement_count) in shown
    steps = [jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name="A")])]
    without = jk.Program(name="No personas", journeys=[jk.Journey(id="j", name="J", stages=steps)])
    assert "coverage" not in Page(jk.render.html.report_html(without)).sections


def test_waves_are_counted_from_zero_as_in_the_backlog(
    portal: jk.Program, english: tuple[Path, Page]
) -> None:
    _path, page = english
    backlog = jk.derive_requirements(portal)
    shown = {row[0]: row for row in page.rows() if row and row[0] in {r.requirement for r in backlog}}
    assert [int(shown[r.requirement][2]) for r in backlog] == [r.wave for r in backlog]
    assert min(r.wave for r in backlog) == 0
    assert "wave 0 first" in page.section("backlog")


# -- hostile text -----------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", [*HOSTILE, "$x$ and $\\alpha$", "<script>alert(1)</script>$x$"])
def test_hostile_text_adds_no_element_and_comes_back_intact(text: str, tmp_path: Path) -> None:
    page = Page(jk.report(hostile_program(text), tmp_path / "r.html").read_text(encoding="utf-8"))
    inert(page)
    named(page)
    # The page's own text (title, headings, tables) holds the user's text exactly as written.
    for line in text.splitlines():
        assert line in "".join(page.prose)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_text_adds_no_markup_and_every_word_of_it_is_shown(text: str) -> None:
    program = jk.Program(
        name=text,
        purpose=text,
        roles=[jk.Role(id="r", name=text, description=text, responsibilities=[text])],
        metrics=[jk.Metric(id="m", name=text, target=1, description=text)],
    )
    page = Page(jk.render.html.report_html(program))
    inert(page)
    prose = "".join(page.prose)
    carried = re.sub("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]", "\ufffd", text)
    for word in carried.split():
        assert word in prose


def test_a_nul_in_a_name_shows_as_a_replacement_character(tmp_path: Path) -> None:
    page = Page(
        jk.report(hostile_program("nul\x00here\x07"), tmp_path / "r.html").read_text(encoding="utf-8")
    )
    inert(page)
    named(page)
    prose = "".join(page.prose)
    assert "nul\ufffdhere\ufffd" in prose
    assert "\x00" not in "".join(page.text)


@pytest.mark.slow
def test_a_name_of_ten_thousand_characters_does_not_break_the_report(tmp_path: Path) -> None:
    name = "Ab" * 5_000
    path = jk.report(hostile_program(name), tmp_path / "r.html")
    page = Page(path.read_text(encoding="utf-8"))
    inert(page)
    named(page)
    assert name in page.prose


def test_without_graphviz_the_report_shows_the_dot_text(
    portal: jk.Program, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(source: str, fmt: str) -> bytes:
        raise files.MissingRendererError("drawing a picture needs Graphviz: pip install 'journeykit[render]'")

    monkeypatch.setattr(files, "render_dot", missing)
    path = jk.report(portal, tmp_path / "r.html")
    text = path.read_text(encoding="utf-8")
    page = Page(text)
    inert(page)
    assert page.elements.count("pre") == len(portal.journeys)
    assert "journeykit[render]" in text
    assert "digraph traceability" in "".join(page.text)
