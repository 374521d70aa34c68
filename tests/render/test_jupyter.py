"""Notebook display: models show their pictures, and nothing breaks without a renderer."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pytest
from IPython.core.formatters import DisplayFormatter

import journeykit as jk
from journeykit.render import files

from ._html_page import HTML_ELEMENTS, SVG_ELEMENTS, Page
from ._people import planted
from ._programs import hostile_program
from .test_mermaid import HOSTILE


def _shown(value: object) -> dict[str, object]:
    """What Jupyter would show for ``value`` (IPython's own display machinery)."""
    data, _ = DisplayFormatter().format(value)
    return data


def _inert(page: Page) -> None:
    """Nothing in the notebook summary runs code or fetches anything (ids are set in ``<code>``)."""
    assert set(page.elements) <= HTML_ELEMENTS | SVG_ELEMENTS | {"code"}, set(page.elements)
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name)
        if name in ("href", "xlink:href", "src", "action", "formaction"):
            assert value.startswith("#"), (tag, name, value)


def _svg(data: dict[str, object]) -> ET.Element:
    text = data["image/svg+xml"]
    assert isinstance(text, str)
    return ET.fromstring(text)


def test_a_journey_shows_its_map(portal: jk.Program) -> None:
    data = _shown(portal.journey("onboarding-future"))
    assert _svg(data).tag.endswith("svg")
    assert "Journey" in str(data["text/plain"])


def test_a_persona_shows_its_card(portal: jk.Program) -> None:
    assert _svg(_shown(portal.persona("sales-manager"))).tag.endswith("svg")


def test_a_programme_shows_a_summary(portal: jk.Program) -> None:
    html = _shown(portal)["text/html"]
    assert isinstance(html, str)
    page = Page(html)
    assert portal.name in "".join(page.text)
    assert all(j.name in "".join(page.text) for j in portal.journeys)


def test_results_and_diagrams_show_themselves(portal: jk.Program) -> None:
    assert "<table>" in str(_shown(jk.derive_requirements(portal))["text/html"])
    assert _svg(_shown(jk.render.traceability(portal, journey="onboarding-future"))).tag.endswith("svg")


def test_without_matplotlib_a_journey_shows_as_text(
    portal: jk.Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    journey = portal.journey("onboarding-future")
    assert journey._repr_mimebundle_() is None
    assert portal.persona("sales-manager")._repr_mimebundle_() is None
    assert set(_shown(journey)) == {"text/plain"}


def test_without_graphviz_a_diagram_shows_as_text(
    portal: jk.Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(source: str, fmt: str) -> bytes:
        raise files.MissingRendererError("no Graphviz")

    monkeypatch.setattr(files, "render_dot", missing)
    dot = jk.render.traceability(portal, journey="onboarding-future")
    assert dot._repr_mimebundle_() is None
    assert "image/svg+xml" not in _shown(dot)


def test_include_and_exclude_narrow_what_is_drawn(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    assert journey._repr_mimebundle_(include=["text/html"]) is None
    assert journey._repr_mimebundle_(exclude=["image/svg+xml"]) is None
    assert journey._repr_mimebundle_(include=["image/svg+xml"]) is not None


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # emoji: the default font has none
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(text: str) -> None:
    program = hostile_program(text)
    page = Page(program._repr_html_())
    _inert(page)
    assert text in "".join(page.text)
    _svg(_shown(program.journeys[0]))
    _svg(_shown(program.personas[0]))


def test_a_segmentation_shows_its_personas_side_by_side() -> None:
    result = planted()
    data = _shown(result)
    assert _svg(data).tag.endswith("svg")
    assert data["text/plain"] == repr(result)
    # notebooks prefer HTML to SVG: the HTML is the picture, with the summary table under it
    html = data["text/html"]
    assert isinstance(html, str)
    assert html.startswith("<div><svg")
    assert result._repr_html_() in html
    assert result._repr_mimebundle_(include=["text/plain"]) is None


def test_without_matplotlib_a_segmentation_shows_its_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    result = planted()  # made before matplotlib goes
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert result._repr_mimebundle_() is None
    data = _shown(result)
    assert "image/svg+xml" not in data
    assert data["text/html"] == result._repr_html_()
