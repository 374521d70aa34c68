"""Every view shows its picture in a fresh notebook kernel, with no magics.

The notebook is built here, one cell per view, and run by nbclient in a new
IPython kernel, as a reader's Jupyter would run it: no ``%matplotlib
inline``, nothing but ``import journeykit``. The last expression of each cell
must show as a picture (SVG) -- or, for Mermaid text, as a fenced ``mermaid``
block -- and never as matplotlib's ``<Figure size ...>`` placeholder.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

SETUP = """\
import journeykit as jk
from journeykit.testing import synthetic_events, synthetic_people

portal = jk.example()
onboarding = portal.journey("onboarding-future")
deals = portal.journey("deal-registration-future")
events = synthetic_events(portal, "deal-registration-future", cases=200, seed=1)
segmentation = jk.personas.segment(synthetic_people(600, k=3, seed=4).frame, id="user", k=3, seed=0)
"""

#: One cell per view; the cell's last expression is what the notebook shows.
PICTURES = {
    "blueprint": "jk.render.blueprint(deals, program=portal)",
    "journey_map": "jk.render.journey_map(onboarding, program=portal)",
    "priority_matrix": "jk.render.priority_matrix(portal)",
    "persona_card": "jk.render.persona_card(portal.persona('sales-manager'), program=portal)",
    "compare_view": "jk.render.compare_view('onboarding-current', 'onboarding-future', program=portal)",
    "persona_comparison": "jk.render.persona_comparison(segmentation)",
    "flow": "jk.render.flow(deals)",
    "flow_with_conformance": (
        "jk.render.flow(deals, conformance=jk.analytics.conformance(events, deals, program=portal))"
    ),
    "traceability": "jk.render.traceability(portal, journey='deal-registration-future')",
    "journey": "onboarding",
    "persona": "portal.persona('sales-manager')",
    "segmentation": "segmentation",
}

MERMAID = {
    "to_mermaid": "jk.to_mermaid(onboarding)",
    "blueprint_to_mermaid": "jk.render.blueprint_to_mermaid(deals)",
}


@pytest.fixture(scope="module")
def executed() -> dict[str, list[dict[str, Any]]]:
    """The outputs of every cell, by view name, from one fresh kernel."""
    names = [*PICTURES, *MERMAID, "program"]
    sources = [*PICTURES.values(), *MERMAID.values(), "portal"]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=True).execute()
    outputs = {name: cell.outputs for name, cell in zip(names, notebook.cells[1:], strict=True)}
    setup_errors = [o for o in notebook.cells[0].outputs if o.output_type == "error"]
    assert not setup_errors, setup_errors
    return outputs


def _shown(outputs: list[dict[str, Any]]) -> dict[str, Any]:
    """The data of the cell's result (its ``execute_result``), after checking that it did not fail."""
    errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if o["output_type"] == "error"]
    assert not errors, errors
    results = [o for o in outputs if o["output_type"] in ("execute_result", "display_data")]
    assert results, "the cell shows nothing"
    data: dict[str, Any] = results[-1]["data"]
    return data


@pytest.mark.parametrize("view", list(PICTURES))
def test_every_view_shows_a_picture(executed: dict[str, list[dict[str, Any]]], view: str) -> None:
    outputs = executed[view]
    data = _shown(outputs)
    svg = data.get("image/svg+xml")
    if svg is None and "<svg" in data.get("text/html", ""):  # a segmentation: its picture above its table
        svg = data["text/html"][data["text/html"].index("<svg") :]
    assert svg, f"{view} shows no SVG, only {sorted(data)}"
    root = ET.fromstring(svg[: svg.rindex("</svg>") + len("</svg>")])
    assert root.tag.endswith("svg")
    # named for screen readers: the view and its subject, and what it shows
    svg_ns = "{http://www.w3.org/2000/svg}"
    title, desc = root.find(f"{svg_ns}title"), root.find(f"{svg_ns}desc")
    assert title is not None, view
    assert title.text, view
    assert desc is not None, view
    assert desc.text, view
    for output in outputs:
        plain = output.get("data", {}).get("text/plain", "") + output.get("text", "")
        assert not re.search(r"<Figure size \d+x\d+", plain), f"{view} printed {plain!r}"


@pytest.mark.parametrize("view", list(MERMAID))
def test_mermaid_text_shows_as_a_mermaid_block(executed: dict[str, list[dict[str, Any]]], view: str) -> None:
    data = _shown(executed[view])
    assert data["text/markdown"].startswith("```mermaid\n")
    assert data["text/markdown"].rstrip().endswith("```")
    assert not data["text/plain"].startswith("'")  # the diagram, not a quoted string


def test_a_programme_shows_a_short_summary(executed: dict[str, list[dict[str, Any]]]) -> None:
    data = _shown(executed["program"])
    assert len(data["text/plain"]) <= 2000
    assert "Partner portal" in data["text/html"]
