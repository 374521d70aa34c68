"""Pictures and diagram text of programmes and journeys.

Text views (Mermaid, Graphviz DOT) need nothing beyond journeykit and the
pure-Python graphviz package; figure views will import matplotlib when called
and return a ``Picture`` (a matplotlib ``Figure`` with a title and a
description, that shows itself in a notebook and saves itself).
"""

from typing import TYPE_CHECKING, Any

from journeykit.render.blueprint import blueprint
from journeykit.render.compare import compare_view
from journeykit.render.dot import traceability
from journeykit.render.files import MissingRendererError, save
from journeykit.render.flow import flow
from journeykit.render.html import report
from journeykit.render.journey_map import journey_map
from journeykit.render.matrix import priority_matrix
from journeykit.render.mermaid import blueprint_to_mermaid, to_mermaid
from journeykit.render.persona import persona_card
from journeykit.render.segments import persona_comparison

if TYPE_CHECKING:
    from journeykit.render._picture import Picture

__all__ = [
    "MissingRendererError",
    "Picture",
    "blueprint",
    "blueprint_to_mermaid",
    "compare_view",
    "flow",
    "journey_map",
    "persona_card",
    "persona_comparison",
    "priority_matrix",
    "report",
    "save",
    "to_mermaid",
    "traceability",
]


def __getattr__(name: str) -> Any:
    # Picture subclasses matplotlib's Figure: importing it imports matplotlib,
    # which `import journeykit.render` must not do.
    if name == "Picture":
        from journeykit._extras import require

        require("matplotlib")
        from journeykit.render._picture import Picture

        return Picture
    raise AttributeError(f"module 'journeykit.render' has no attribute {name!r}")
