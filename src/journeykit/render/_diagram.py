"""A ``graphviz.Digraph`` that shows itself in Jupyter with whichever Graphviz there is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import graphviz

__all__ = ["Diagram"]


class Diagram(graphviz.Digraph):  # type: ignore[misc]  # graphviz is untyped
    """A Graphviz digraph whose notebook display uses ``dot`` or the pygraphviz wheel.

    ``graphviz.Digraph`` itself needs the ``dot`` program to show in Jupyter
    and raises without it. This one draws through ``journeykit.render.save``'s
    renderer and, when there is no Graphviz at all, shows nothing extra
    instead of a traceback. Everything else is a plain ``graphviz.Digraph``.
    """

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **_: Any
    ) -> dict[str, str] | None:
        from journeykit.render.jupyter import diagram_bundle

        return diagram_bundle(self.source, include, exclude)
