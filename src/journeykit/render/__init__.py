"""Pictures and diagram text of programmes and journeys.

Text views (Mermaid) need nothing beyond journeykit; figure views will import
matplotlib when called.
"""

from journeykit.render.mermaid import blueprint_to_mermaid, to_mermaid

__all__ = ["blueprint_to_mermaid", "to_mermaid"]
