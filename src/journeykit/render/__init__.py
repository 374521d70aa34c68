"""Pictures and diagram text of programmes and journeys.

Text views (Mermaid, Graphviz DOT) need nothing beyond journeykit and the
pure-Python graphviz package; figure views will import matplotlib when called.
"""

from journeykit.render.blueprint import blueprint
from journeykit.render.dot import traceability
from journeykit.render.files import MissingRendererError, save
from journeykit.render.journey_map import journey_map
from journeykit.render.matrix import priority_matrix
from journeykit.render.mermaid import blueprint_to_mermaid, to_mermaid

__all__ = [
    "MissingRendererError",
    "blueprint",
    "blueprint_to_mermaid",
    "journey_map",
    "priority_matrix",
    "save",
    "to_mermaid",
    "traceability",
]
