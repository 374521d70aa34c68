"""The HTML report: one self-contained file, every view inside, no markup from user text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.render import files

from ._programs import hostile_program
from .test_mermaid import HOSTILE

#: The elements the report itself writes: HTML around, SVG inside the pictures.
HTML_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "nav", "ol", "li", "a",
    "main", "section", "figure", "figcaption", "div", "table", "thead", "tbody", "tr", "th", "td", "code",
    "strong", "br", "details", "summary", "pre", "ul",
}  # fmt: skip
SVG_ELEMENTS = {
    "svg", "g", "path", "defs", "use", "clippath", "rect", "text", "polygon", "polyline", "ellipse",
    "title", "metadata", "style", "image", "line", "circle", "lineargradient", "stop",
    "rdf:rdf", "cc:work", "dc:type", "dc:date", "dc:format", "dc:title", "dc:creator", "cc:agent",
}  # fmt: skip


class Page(HTMLParser):
    """Every element, attribute and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _report(program: jk.Program, path: Path) -> tuple[str, Page]:
    written = jk.report(program, path)
    assert written == path
    text = path.read_text(encoding="utf-8")
    return text, Page(text)


def _inert(page: Page) -> None:
    """Nothing in the page runs code or fetches anything."""
    assert set(page.elements) <= HTML_ELEMENTS | SVG_ELEMENTS, (
        set(page.elements) - HTML_ELEMENTS - SVG_ELEMENTS
    )
    assert "script" not in page.elements
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name)
        assert "javascript:" not in value.lower(), (tag, name, value)
        if name in ("href", "xlink:href", "src"):
            assert value.startswith("#"), (tag, name, value)  # only links inside the page


def test_the_example_report_holds_every_view(portal: jk.Program, tmp_path: Path) -> None:
    _text, page = _report(portal, tmp_path / "portal.html")
    _inert(page)
    compared = [j for j in portal.journeys if j.replaces]
    pictures = len(portal.personas) + 1 + 3 * len(portal.journeys) + len(compared)  # +1: the matrix
    assert page.elements.count("svg") == pictures
    figcaptions = "\n".join(page.text)
    for journey in portal.journeys:
        assert f"Journey map: {journey.name}" in figcaptions
        assert f"Service blueprint: {journey.name}" in figcaptions
    for persona in portal.personas:
        assert persona.name in figcaptions
    for row in jk.derive_requirements(portal):
        assert row.requirement in page.text
    assert "No findings" in figcaptions  # the example passes its checks
    # each picture's ids are its own, so clip paths and glyphs cannot collide
    ids = [value for _, name, value in page.attributes if name == "id"]
    assert len(ids) == len(set(ids))


def test_every_inline_picture_is_well_formed_svg(portal: jk.Program, tmp_path: Path) -> None:
    text, _ = _report(portal, tmp_path / "portal.html")
    pieces = text.split("<svg")[1:]
    assert pieces
    for piece in pieces:
        svg = "<svg" + piece[: piece.index("</svg>")] + "</svg>"
        assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"


def test_the_same_programme_gives_the_same_bytes(portal: jk.Program, tmp_path: Path) -> None:
    first = jk.report(portal, tmp_path / "a.html").read_bytes()
    assert jk.report(jk.example(), tmp_path / "b.html").read_bytes() == first


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_adds_no_element_and_comes_back_intact(text: str, tmp_path: Path) -> None:
    _, page = _report(hostile_program(text), tmp_path / "r.html")
    _inert(page)
    # The page's own text (title, headings, tables) holds the user's text exactly as written.
    assert text in "".join(page.text)


def test_without_graphviz_the_report_shows_the_dot_text(
    portal: jk.Program, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(source: str, fmt: str) -> bytes:
        raise files.MissingRendererError("drawing a picture needs Graphviz: pip install 'journeykit[render]'")

    monkeypatch.setattr(files, "render_dot", missing)
    text, page = _report(portal, tmp_path / "r.html")
    _inert(page)
    assert page.elements.count("pre") == len(portal.journeys)
    assert "journeykit[render]" in text
    assert "digraph traceability" in "".join(page.text)


def test_the_spanish_example_keeps_its_accents(tmp_path: Path) -> None:
    program = jk.example(language="es")
    text, page = _report(program, tmp_path / "es.html")
    _inert(page)
    assert '<meta charset="utf-8">' in text
    assert program.journeys[0].name in "".join(page.text)
    assert any(ch in text for ch in "áéíóúñ")


def test_a_report_replaces_the_old_file(portal: jk.Program, tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text("old", encoding="utf-8")
    jk.report(jk.Program(name="Empty"), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Empty" in text
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left behind
