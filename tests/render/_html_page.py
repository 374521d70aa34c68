"""Reading the HTML report as a browser's parser does: its elements, its text, its sections and tables."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

#: The elements the report itself writes: HTML around, SVG inside the pictures.
HTML_ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav", "ol", "li",
    "a", "main", "section", "article", "figure", "figcaption", "div", "table", "caption", "thead", "tbody",
    "tr", "th", "td", "strong", "br", "details", "summary", "pre", "ul", "dl", "dt", "dd",
}  # fmt: skip
SVG_ELEMENTS = {
    "svg", "g", "path", "defs", "use", "clippath", "rect", "text", "tspan", "polygon", "polyline", "ellipse",
    "title", "desc", "style", "image", "line", "circle", "lineargradient", "stop",
}  # fmt: skip


class Page(HTMLParser):
    """Every element, attribute and text of a page as a browser's parser sees them, with the
    text outside pictures, the sections and the tables apart."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.prose: list[str] = []  # text outside <svg> and <style>
        self.figures: list[dict[str, str]] = []
        self.sections: dict[str, list[str]] = {}  # id -> its prose
        self.tables: list[list[list[str]]] = []  # table -> row -> cell text
        self._svg = 0
        self._style = False
        self._section: str | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        values = {name: value or "" for name, value in attrs}
        self.attributes.extend((tag, name, value) for name, value in values.items())
        if tag == "svg":
            self._svg += 1
        elif tag == "style":
            self._style = True
        elif tag == "figure":
            self.figures.append(values)
        elif tag == "section":
            self._section = values["id"]
            self.sections[self._section] = []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("li", "br") and self._cell is not None:
            self._cell.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self._svg -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg -= 1
        elif tag == "style":
            self._style = False
        elif tag == "section":
            self._section = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._svg or self._style:
            return
        self.prose.append(data)
        if self._section is not None:
            self.sections[self._section].append(data)
        if self._cell is not None:
            self._cell.append(data)

    def section(self, anchor: str) -> str:
        return " ".join(self.sections[anchor])

    def rows(self) -> Iterator[list[str]]:
        for rows in self.tables:
            yield from rows

    def row(self, first: str) -> list[str]:
        """The table row whose first cell is ``first``."""
        found = [row for row in self.rows() if row and row[0] == first]
        assert found, first
        return found[0]


def inert(page: Page) -> None:
    """Nothing in the page runs code or fetches anything."""
    assert set(page.elements) <= HTML_ELEMENTS | SVG_ELEMENTS, (
        set(page.elements) - HTML_ELEMENTS - SVG_ELEMENTS
    )
    assert "script" not in page.elements
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name)
        if name in ("href", "xlink:href", "src", "action", "formaction"):
            assert value.startswith("#"), (tag, name, value)  # only links inside the page
        if name == "style":
            assert "url(" not in value.replace("url(#", ""), (tag, name, value)


def named(page: Page) -> None:
    """Every figure is an image with a name; every picture is inside a figure."""
    assert page.figures
    for figure in page.figures:
        assert figure.get("role") == "img", figure
        assert figure.get("aria-label", "").strip(), figure
    assert page.elements.count("svg") == len(page.figures)
