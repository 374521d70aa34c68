"""mkdocs hook: draw the pictures the docs show, from the example, at build time.

The pictures are never committed: every docs build draws them with the code
being documented, so a page cannot show a view the code no longer draws.
A page refers to them as ``images/NAME.svg``.
"""

from __future__ import annotations

import functools
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
        "traceability": lambda: jk.render.traceability(portal, journey=deals),
        "persona": lambda: jk.render.persona_card("sales-manager", program=portal),
        "matrix": lambda: jk.render.priority_matrix(portal),
        "compare": lambda: jk.render.compare_view("onboarding-current", onboarding, program=portal),
        "journey-map-observed": lambda: jk.render.journey_map(
            onboarding, program=portal, funnel=jk.analytics.funnel(_events(portal), onboarding)
        ),
        "flow": lambda: jk.render.flow(
            onboarding, conformance=jk.analytics.conformance(_events(portal), onboarding), min_count=5
        ),
        "personas-compared": lambda: jk.render.persona_comparison(_segmentation()),
        "persona-draft": lambda: jk.render.persona_card(_segmentation().to_personas(data="people.csv")[0]),
    }


@functools.cache
def _segmentation() -> Any:
    """The people of the "Personas from data" page: three planted segments, in three personas."""
    import journeykit as jk
    from journeykit.testing import synthetic_people

    people = synthetic_people(3000, k=3, seed=4).frame
    return jk.personas.segment(people, id="user", k=3, seed=0)


def _events(portal: Any) -> Any:
    """Synthetic onboarding events in which one case in seven does two steps the other way round.

    The synthetic walk follows the design; the swap gives the flow picture
    deviations to show, as a real log would.
    """
    from journeykit.testing import synthetic_events

    events = synthetic_events(portal, "onboarding-future", cases=600, seed=11)
    events = events.sort_values(["case:concept:name", "time:timestamp"], kind="stable").reset_index(drop=True)
    time = events.columns.get_loc("time:timestamp")
    for _, rows in events.groupby("case:concept:name", sort=True):
        index = list(rows.index)
        if int(str(rows.iloc[0, 0]).removeprefix("case-")) % 7 == 0 and len(index) > 3:
            first, second = index[2], index[3]
            events.iloc[first, time], events.iloc[second, time] = (
                events.iloc[second, time],
                events.iloc[first, time],
            )
    return events


def _svg(view: Any) -> bytes:
    """The view as SVG: a ``Picture`` or a Graphviz ``Diagram``, each with its title and description."""
    svg: str = view.to_svg()
    return svg.encode("utf-8")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, draw in _views().items():
        files.append(File.generated(config, f"images/{name}.svg", content=_svg(draw())))
    return files
