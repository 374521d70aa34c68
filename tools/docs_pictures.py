"""mkdocs hook: draw the pictures the docs show, from the example, at build time.

The pictures are never committed: every docs build draws them with the code
being documented, so a page cannot show a view the code no longer draws.
A page refers to them as ``images/NAME.svg``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def _views() -> dict[str, Callable[[], Any]]:
    import journeykit as jk

    portal = jk.example()
    onboarding = portal.journey("onboarding-future")
    deals = portal.journey("deal-registration-future")
    return {
        "journey-map": lambda: jk.render.journey_map(onboarding, program=portal),
        "blueprint": lambda: jk.render.blueprint(deals, program=portal),
        "traceability": lambda: jk.render.traceability(portal, journey=deals.id),
        "persona": lambda: jk.render.persona_card(portal.persona("sales-manager"), program=portal),
        "matrix": lambda: jk.render.priority_matrix(portal),
        "compare": lambda: jk.render.compare_view(
            portal.journey("onboarding-current"), onboarding, program=portal
        ),
    }


def _svg(view: Any) -> bytes:
    from journeykit.render.files import _figure_bytes, render_dot

    if hasattr(view, "savefig"):
        return _figure_bytes(view, "svg")
    return render_dot(view.source, "svg")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, draw in _views().items():
        files.append(File.generated(config, f"images/{name}.svg", content=_svg(draw())))
    return files
