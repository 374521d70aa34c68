"""The Spanish example's blueprint, flow and traceability, wholly in Spanish.

These assertions read the Spanish catalogue (``locale/es``): they hold once
the messages of blueprint, flow and traceability are merged into it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import journeykit as jk


@pytest.fixture(scope="module")
def spanish() -> jk.Program:
    return jk.example(language="es")


def test_the_spanish_blueprint_is_in_spanish(spanish: jk.Program) -> None:
    assert spanish.language == "es"
    fig = jk.render.blueprint("onboarding-future", program=spanish)  # the programme's language
    journey = spanish.journey("onboarding-future")
    assert fig.title == f"Plano de servicio: {journey.name}"
    texts = [t.get_text() for t in fig.axes[0].texts]
    for word in (
        "LÍNEA DE INTERACCIÓN",
        "LÍNEA DE VISIBILIDAD",
        "LÍNEA DE INTERACCIÓN INTERNA",
        "Requisitos",
    ):
        assert word in texts
    for english in ("LINE OF INTERACTION", "Requirements", "triggers", "available", "Customer\nactions"):
        assert english not in texts
    svg = ET.fromstring(fig.to_svg().encode("utf-8"))
    assert svg.find("{http://www.w3.org/2000/svg}title").text == fig.title  # type: ignore[union-attr]
    assert fig.description.startswith(f"{len(journey.steps)} pasos.")


def test_language_overrides_the_programme(spanish: jk.Program) -> None:
    english = jk.render.blueprint("onboarding-future", program=spanish, language="en")
    assert english.title.startswith("Service blueprint: ")
    portal = jk.example()
    assert jk.render.blueprint("onboarding-future", program=portal, language="es").title.startswith(
        "Plano de servicio: "
    )


def test_the_spanish_diagrams_are_in_spanish(spanish: jk.Program) -> None:
    trace = jk.render.traceability(spanish, journey="onboarding-future")
    assert trace.title.startswith("Trazabilidad: ")
    assert ", oleada " in trace.source
    assert ", wave " not in trace.source
    assert "Arista punteada: requisito previo." in trace.graph_attr["label"]
    moves = jk.render.flow("onboarding-future", program=spanish)
    assert moves.title.startswith("Flujo: ")
    assert moves.description.startswith("El flujo diseñado de ")
