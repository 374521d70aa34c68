"""How programmes, journeys, personas and diagrams show themselves in Jupyter.

IPython calls ``_repr_mimebundle_`` on the value of a cell. The models call
the functions here, which draw the matching view as SVG. A notebook without
the optional renderer (matplotlib, Graphviz) must still work: then they return
``None`` and IPython falls back to the next representation (HTML or text)
instead of showing a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeykit._text import html_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from journeykit.journeys import Journey
    from journeykit.personas import Persona
    from journeykit.personas._segmentation import Segmentation
    from journeykit.program import Program

__all__ = ["diagram_bundle", "journey_bundle", "persona_bundle", "program_html", "segmentation_bundle"]

_SVG = "image/svg+xml"
_HTML = "text/html"


def journey_bundle(
    journey: Journey, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str] | None:
    """The journey map of ``journey`` as SVG, or ``None`` without matplotlib.

    Examples
    --------
    >>> bundle = jk.example().journey("onboarding-future")._repr_mimebundle_()
    >>> sorted(bundle), bundle["image/svg+xml"].startswith("<svg")
    (['image/svg+xml', 'text/plain'], True)
    """
    if not _wanted(include, exclude):
        return None
    try:
        from journeykit.render.journey_map import journey_map

        figure = journey_map(journey)
    except ImportError:
        return None
    return _figure_bundle(figure, repr(journey))


def persona_bundle(
    persona: Persona, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str] | None:
    """The persona card as SVG, or ``None`` without matplotlib."""
    if not _wanted(include, exclude):
        return None
    try:
        from journeykit.render.persona import persona_card

        figure = persona_card(persona)
    except ImportError:
        return None
    return _figure_bundle(figure, repr(persona))


def segmentation_bundle(
    segmentation: Segmentation, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str] | None:
    """The persona comparison as SVG, or ``None`` without matplotlib.

    Notebooks rank HTML above SVG, and a segmentation has an HTML summary
    of its own; so the bundle's HTML is the picture, with that summary
    folded away under it. Without matplotlib the summary alone is shown.
    """
    if not (_wanted(include, exclude) or _wanted(include, exclude, _HTML)):
        return None
    try:
        from journeykit.render.segments import persona_comparison

        figure = persona_comparison(segmentation)
    except ImportError:
        return None
    bundle = _figure_bundle(figure, repr(segmentation))
    bundle[_HTML] = (
        f"<div>{bundle[_SVG]}<details><summary>Table</summary>{segmentation._repr_html_()}</details></div>"
    )
    return bundle


def diagram_bundle(
    diagram: Any, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str] | None:
    """A Graphviz diagram (a ``Diagram``, or DOT text) drawn as SVG, or ``None`` when there is no Graphviz.

    A ``Diagram`` draws itself (``to_svg``, with its title and description);
    plain DOT text goes through ``render.save``'s renderer. Without Graphviz
    IPython falls back to the DOT text.

    Examples
    --------
    >>> from journeykit.render.jupyter import diagram_bundle
    >>> bundle = diagram_bundle("digraph { a -> b }")
    >>> bundle is None or bundle["image/svg+xml"].startswith("<svg")
    True
    """
    from journeykit.render.files import render_dot

    if not _wanted(include, exclude):
        return None
    source = diagram if isinstance(diagram, str) else str(diagram.source)
    try:
        to_svg = None if isinstance(diagram, str) else getattr(diagram, "to_svg", None)
        svg = to_svg() if callable(to_svg) else render_dot(source, "svg").decode("utf-8")
    except ImportError:  # MissingRendererError, or any other missing dependency: show the text
        return None
    return {_SVG: svg[svg.index("<svg") :], "text/plain": source}


def program_html(program: Program) -> str:
    """A short HTML summary of a programme: purpose, counts, personas and journeys.

    Examples
    --------
    >>> page = jk.example()._repr_html_()
    >>> page.startswith("<div"), "Partner portal" in page
    (True, True)
    """
    journeys = "".join(
        f"<li>{html_text(j.name)} <code>{html_text(j.id)}</code> "
        f"({html_text(j.state)}, {len(j.steps)} steps)</li>"
        for j in program.journeys
    )
    personas = "".join(
        f"<li>{html_text(p.name)} <code>{html_text(p.id)}</code></li>" for p in program.personas
    )
    purpose = f"<p>{html_text(program.purpose)}</p>" if program.purpose else ""
    counts = (
        f"{len(program.personas)} personas, {len(program.roles)} roles, {len(program.use_cases)} use cases, "
        f"{len(program.journeys)} journeys, {len(program.requirements)} requirements"
    )
    return (
        f"<div><strong>{html_text(program.name)}</strong>{purpose}"
        f"<p>{counts}</p><details><summary>Personas</summary><ul>{personas}</ul></details>"
        f"<details><summary>Journeys</summary><ul>{journeys}</ul></details></div>"
    )


def _wanted(include: Iterable[str] | None, exclude: Iterable[str] | None, kind: str = _SVG) -> bool:
    """Whether IPython asked for ``kind`` (SVG) at all (``include``/``exclude`` narrow the formats)."""
    return (include is None or kind in set(include)) and (exclude is None or kind not in set(exclude))


def _figure_bundle(figure: Any, text: str) -> dict[str, str]:
    """A figure's SVG (a ``Picture``'s own, with its title and description) and ``text``."""
    to_svg = getattr(figure, "to_svg", None)
    if callable(to_svg):
        svg = str(to_svg())
    else:
        from journeykit.render.files import _figure_bytes

        svg = _figure_bytes(figure, "svg").decode("utf-8")
    return {_SVG: svg[svg.index("<svg") :], "text/plain": text}
