"""blueprint, flow, traceability and save: the calling convention, titles and descriptions, language.

Spanish *output* needs the merged catalogue: those assertions live in
``test_views_spanish.py``. Here, that ``language=`` and the programme's
``language`` reach the words is checked with a stand-in catalogue.
"""

from __future__ import annotations

import gettext
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import _i18n
from journeykit.analytics import conformance, funnel
from journeykit.testing import synthetic_events

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def onboarding() -> tuple[jk.Program, jk.Journey, jk.analytics.Funnel, jk.analytics.Conformance]:
    portal = jk.example()
    journey = portal.journey("onboarding-future")
    events = synthetic_events(portal, journey.id, cases=60, seed=2)
    return portal, journey, funnel(events, journey), conformance(events, journey)


def _svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def _first_children(svg: str) -> tuple[str, str, str, str]:
    """role of the <svg>, then the tag and text of its first two children."""
    root = ET.fromstring(svg.encode("utf-8"))
    first, second = list(root)[:2]
    assert first.tag == f"{SVG}title"
    assert second.tag == f"{SVG}desc"
    return root.get("role") or "", first.text or "", second.text or "", first.tag


# -- the calling convention -----------------------------------------------------------


def test_blueprint_takes_a_journey_or_its_id_with_the_programme(portal: jk.Program) -> None:
    by_id = jk.render.blueprint("deal-registration-future", program=portal)
    by_journey = jk.render.blueprint(portal.journey("deal-registration-future"), program=portal)
    assert by_id.title == by_journey.title == "Service blueprint: Deal registration (aspiration)"
    assert by_id.to_svg() == by_journey.to_svg()
    with pytest.raises(jk.ArgumentError, match=r"blueprint\('deal-registration-future', program=program\)"):
        jk.render.blueprint("deal-registration-future")
    with pytest.raises(jk.ArgumentError, match="not a Program"):
        jk.render.blueprint(portal)  # type: ignore[arg-type]
    with pytest.raises(jk.UnknownIdError, match="deal-registration-future"):
        jk.render.blueprint("deal-registration-futur", program=portal)


def test_observed_is_gone_and_funnel_takes_only_a_funnel(onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, reach, fit = onboarding
    with pytest.raises(TypeError, match="observed"):
        jk.render.blueprint(journey, program=portal, observed=reach)  # type: ignore[call-arg]
    with pytest.raises(jk.ArgumentError, match=r"blueprint\(funnel=...\) takes .* not Conformance"):
        jk.render.blueprint(journey, program=portal, funnel=fit)  # type: ignore[arg-type]
    fig = jk.render.blueprint(journey, program=portal, funnel=reach)
    assert fig.description.endswith("With what the event log says of each step.")


def test_flow_takes_a_conformance_by_name_and_refuses_a_funnel(onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, reach, fit = onboarding
    assert jk.render.flow(journey.id, program=portal, conformance=fit).source == (
        jk.render.flow(journey, conformance=fit).source
    )
    with pytest.raises(jk.ArgumentError, match=r"takes the result of .*conformance.* not Funnel"):
        jk.render.flow(journey, conformance=reach)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jk.render.flow(journey, fit)  # type: ignore[misc]  # conformance= is keyword-only
    with pytest.raises(jk.ArgumentError, match=r"flow\('onboarding-future', program=program\)"):
        jk.render.flow("onboarding-future")


def test_flow_refuses_a_conformance_split_by_persona_naming_for_segment(
    onboarding: tuple,  # type: ignore[type-arg]
) -> None:
    portal, journey, _reach, _fit = onboarding
    events = synthetic_events(portal, journey.id, cases=40, seed=5)
    split = conformance(events, journey, persona="persona", segment="persona")
    with pytest.raises(jk.ArgumentError, match="for_segment"):
        jk.render.flow(journey, conformance=split)


def test_traceability_takes_the_programme_first(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    assert (
        jk.render.traceability(portal, journey=journey).source
        == jk.render.traceability(portal, journey="onboarding-future").source
    )
    with pytest.raises(jk.ArgumentError, match="program must be a Program, not a Journey"):
        jk.render.traceability(journey)  # type: ignore[arg-type]
    with pytest.raises(jk.ArgumentError, match=r"jk.load\(path\)"):
        jk.render.traceability("examples/partner-portal.yaml")  # type: ignore[arg-type]
    with pytest.raises(jk.UnknownIdError):
        jk.render.traceability(portal, journey="nope")


# -- titles and descriptions ----------------------------------------------------------


def test_the_blueprint_svg_has_its_title_description_and_text_as_text(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    fig = jk.render.blueprint(journey, program=portal)
    svg = fig.to_svg()
    role, title, desc, _tag = _first_children(svg)
    assert role == "img"
    assert title == "Service blueprint: Deal registration (aspiration)"
    steps, actions = len(journey.steps), len(journey.actions)
    assert desc.startswith(f"{steps} steps. ")
    assert f"{actions} actions: " in desc
    assert desc == fig.description
    drawn = " ".join(_svg_texts(svg))
    for word in ("LINE OF INTERACTION", "LINE OF VISIBILITY", "LINE OF INTERNAL INTERACTION", "triggers"):
        assert word in drawn
    # every step's name is text in the SVG (a line of it per <text>), not glyph outlines
    for step in journey.steps:
        assert " ".join(step.name.split()) in " ".join(drawn.split())


def test_the_blueprint_description_counts_requirements_by_status(portal: jk.Program) -> None:
    journey = portal.journey("onboarding-future")
    fig = jk.render.blueprint(journey, program=portal)
    drawn = {
        str(p.get_label()).split(":", 1)[1] for p in fig.axes[0].patches if "requirement:" in p.get_label()
    }
    by_status = {
        s: sum(portal.requirement(r).status == s for r in drawn) for s in ("available", "partial", "missing")
    }
    assert (
        f"{len(drawn)} requirements needed: {by_status['available']} available, "
        f"{by_status['partial']} partial, {by_status['missing']} missing." in fig.description
    )
    unknown = jk.render.blueprint(journey)
    assert "of unknown status" in unknown.description


def test_requirement_status_is_carried_by_a_mark_and_a_word_not_only_colour(portal: jk.Program) -> None:
    from matplotlib.colors import to_hex

    fig = jk.render.blueprint("onboarding-future", program=portal)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    marks = {"available": "✓", "partial": "◐", "missing": "✗"}
    for status, mark in marks.items():
        assert status in texts
        assert mark in texts
    for patch in ax.patches:
        name = str(patch.get_label())
        if name.startswith("requirement:"):
            requirement = portal.requirement(name.split(":", 1)[1])
            inside = [
                t.get_text()
                for t in ax.texts
                if t.get_position()[0] == pytest.approx(patch.get_x() + 0.07)
                and t.get_position()[1] == pytest.approx(patch.get_y() + 0.06)
            ]
            assert len(inside) == 1
            assert inside[0].startswith(marks[requirement.status] + " ")
    okabe_ito = {"#009e73", "#e69f00", "#d55e00"}
    edges = {to_hex(p.get_edgecolor()) for p in ax.patches if str(p.get_label()).startswith("legend:")}
    assert edges == okabe_ito


def test_diagrams_carry_their_title_and_description_into_the_svg(
    tmp_path: Path,
    onboarding: tuple,  # type: ignore[type-arg]
) -> None:
    portal, journey, _reach, fit = onboarding
    trace = jk.render.traceability(portal, journey=journey.id)
    moves = jk.render.flow(journey, conformance=fit)
    assert trace.title == "Traceability: Partner recruitment and onboarding (aspiration)"
    assert moves.title == "Flow: Partner recruitment and onboarding (aspiration)"
    assert moves.description.startswith(f"The designed flow of {len(journey.steps)} steps.")
    assert "fitness" in moves.description
    assert trace.description.startswith(f"{len(journey.steps)} steps and the personas")
    for diagram in (trace, moves):
        svg = diagram.to_svg()
        assert _first_children(svg)[:3] == ("img", diagram.title, diagram.description)
        saved = jk.render.save(diagram, tmp_path / "d.svg").read_text(encoding="utf-8")
        assert saved == svg
        assert diagram.copy().title == diagram.title  # a copy keeps them
    # the key under the title says in words what colours and lines mean
    assert "Dashed edge: added by a rule." in trace.graph_attr["label"]
    assert "Bold, vermillion: moves the design does not allow." in moves.graph_attr["label"]


def test_requirement_nodes_write_their_status(portal: jk.Program) -> None:
    import pygraphviz

    graph = pygraphviz.AGraph(string=jk.render.traceability(portal, journey="onboarding-future").source)
    notes = [graph.get_node(n) for n in graph.nodes() if graph.get_node(n).attr["shape"] == "note"]
    assert notes
    for node in notes:
        assert any(f"\n{s}, wave " in node.attr["label"] for s in ("available", "partial", "missing"))


def test_a_diagram_without_graphviz_raises_the_render_hint(
    portal: jk.Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeykit.render import files

    monkeypatch.setattr(files.shutil, "which", lambda name: None)
    monkeypatch.setitem(sys.modules, "pygraphviz", None)
    with pytest.raises(jk.MissingDependencyError, match=r"journeykit\[render\]"):
        jk.render.traceability(portal, journey="onboarding-future").to_svg()


def test_blueprint_without_matplotlib_names_the_plot_extra(
    portal: jk.Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(jk.MissingDependencyError, match=r"pip install 'journeykit\[plot\]'"):
        jk.render.blueprint("onboarding-future", program=portal)


# -- save ----------------------------------------------------------------------------


def test_a_journey_saved_as_mmd_is_its_mermaid_text(tmp_path: Path, portal: jk.Program) -> None:
    journey = portal.journey("onboarding-current")
    path = jk.render.save(journey, tmp_path / "j.mmd")
    assert path.read_text(encoding="utf-8") == jk.render.to_mermaid(journey)
    again = jk.render.save(journey, tmp_path / "k.mmd")
    assert again.read_bytes() == path.read_bytes()
    with pytest.raises(jk.UnsupportedFormatError, match="journey_map"):
        jk.render.save(journey, tmp_path / "j.svg")
    assert not (tmp_path / "j.svg").exists()


def test_a_picture_saves_as_its_svg(tmp_path: Path, portal: jk.Program) -> None:
    fig = jk.render.blueprint("deal-registration-future", program=portal)
    assert jk.render.save(fig, tmp_path / "b.svg").read_text(encoding="utf-8") == fig.to_svg()
    assert fig.save(tmp_path / "c.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


# -- language ------------------------------------------------------------------------


def _shout(message: str) -> str:
    """The message in capitals, its ``{placeholders}`` as they are."""
    return "".join(part if part.startswith("{") else part.upper() for part in re.split(r"(\{\w*\})", message))


class _Upper(gettext.NullTranslations):
    """A stand-in catalogue: every message in capitals, so that a translated word is seen."""

    def gettext(self, message: str) -> str:
        return _shout(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _shout(singular if n == 1 else plural)


@pytest.fixture
def shouting(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _i18n._translations
    monkeypatch.setattr(_i18n, "_translations", lambda tag: _Upper() if tag == "es" else real(tag))


@pytest.mark.usefixtures("shouting")
def test_language_reaches_every_word_and_no_user_text(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    fig = jk.render.blueprint(journey, program=portal, language="es")
    assert fig.title == f"SERVICE BLUEPRINT: {journey.name}"
    texts = [t.get_text() for t in fig.axes[0].texts]
    for word in ("PHYSICAL\nEVIDENCE", "LINE OF VISIBILITY", "REQUIREMENT STATUS", "AVAILABLE", "TRIGGERS"):
        assert word in texts
    assert journey.steps[0].name.split()[0] in " ".join(texts)  # user text as written
    # the language is undone after the call, and the programme's language is the default
    assert jk.render.blueprint(journey, program=portal).title.startswith("Service blueprint: ")
    spanish = portal.model_copy(update={"language": "es"})
    assert jk.render.blueprint(journey, program=spanish).title.startswith("SERVICE BLUEPRINT: ")
    assert jk.render.blueprint(journey, program=spanish, language="en").title.startswith("Service")
    trace = jk.render.traceability(spanish, journey=journey.id)
    assert trace.title.startswith("TRACEABILITY: ")
    assert "DOTTED EDGE: PREREQUISITE." in trace.graph_attr["label"]
    assert ", WAVE " in trace.source
    moves = jk.render.flow(journey, program=spanish)
    assert moves.title.startswith("FLOW: ")
    assert moves.description.startswith("THE DESIGNED FLOW OF")


@pytest.mark.usefixtures("shouting")
def test_language_reaches_the_observed_lines(onboarding: tuple) -> None:  # type: ignore[type-arg]
    portal, journey, reach, fit = onboarding
    fig = jk.render.blueprint(journey, program=portal, funnel=reach, language="es")
    drawn = " ".join(" ".join(t.get_text() for t in fig.axes[0].texts).split())
    assert "OBSERVED" in drawn
    assert " CASES (" in drawn
    assert "OF ALL)" in drawn
    moves = jk.render.flow(journey, conformance=fit, language="es")
    assert "FITNESS " in moves.graph_attr["label"]
