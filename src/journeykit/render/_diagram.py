"""``Diagram``: the ``graphviz.Digraph`` every Graphviz view returns, with a title and a description."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import graphviz

from journeykit._text import dot_label, html_text, xml_chars

__all__ = ["Diagram", "label"]


def label(*lines: object) -> str:
    """Pieces of user text, one per line, as a Graphviz label: ``journeykit._text.dot_label``,
    which replaces what XML cannot hold and cuts each piece to ``DOT_LABEL_MAX`` characters.

    >>> label("a\\x00b <c>", "missing")
    'a\\ufffdb <c>\\nmissing'
    """
    return dot_label(*lines)


class Diagram(graphviz.Digraph):  # type: ignore[misc]  # graphviz is untyped
    """A Graphviz digraph with a ``title`` and a ``description``, that shows itself in Jupyter.

    Everything else is a plain ``graphviz.Digraph`` (``.source`` is the DOT
    text). ``to_svg()`` draws it with whichever Graphviz there is (``dot`` on
    PATH, else the pygraphviz wheel) and writes the title and the description
    into the SVG, for screen readers; ``journeykit.render.save`` uses it for
    ``.svg``. In a notebook it shows as that SVG, and as its DOT text when
    there is no Graphviz at all, instead of a traceback.

    Examples
    --------
    >>> dot = jk.render.traceability(jk.example(), journey="deal-registration-future")
    >>> dot.title
    'Traceability: Deal registration (aspiration)'
    >>> svg = dot.to_svg()  # Graphviz draws it: dot on PATH, or pip install 'journeykit[render]'
    >>> "<title>Traceability: Deal registration (aspiration)</title>" in svg, 'role="img"' in svg
    (True, True)
    """

    def __init__(self, *args: Any, title: str = "", description: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = title
        self.description = description

    def _copy_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # copy() and subgraph() build a new Diagram from these: keep the title and description
        copied: dict[str, Any] = super()._copy_kwargs(**kwargs)
        copied.setdefault("title", self.title)
        copied.setdefault("description", self.description)
        return copied

    def to_svg(self) -> str:
        """The diagram as SVG text, with ``role="img"`` and its ``<title>`` and ``<desc>`` first.

        Raises ``MissingRendererError`` (a ``MissingDependencyError`` naming
        ``journeykit[render]``) when there is no Graphviz.
        """
        from journeykit.render.files import render_dot

        return described_svg(render_dot(self.source, "svg").decode("utf-8"), self.title, self.description)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_unused: Any
    ) -> dict[str, str] | None:
        from journeykit.render.jupyter import diagram_bundle

        return diagram_bundle(self, include, exclude)


def described_svg(svg: str, title: str, description: str) -> str:
    """Graphviz's SVG with ``role="img"`` and ``<title>``, ``<desc>`` as the first children of ``<svg>``.

    >>> print(described_svg('<?xml version="1.0"?>\\n<svg width="1pt">\\n<g/></svg>', "T & co", "D"))
    <?xml version="1.0"?>
    <svg width="1pt" role="img">
    <title>T &amp; co</title>
    <desc>D</desc>
    <g/></svg>
    """
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end]
    if "role=" not in head:
        head += ' role="img"'
    children = "".join(
        f"\n<{tag}>{html_text(xml_chars(text))}</{tag}>"
        for tag, text in (("title", title), ("desc", description))
        if text
    )
    return svg[:start] + head + ">" + children + svg[end + 1 :]
