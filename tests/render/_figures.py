"""What the figure tests look at: every drawn text, overprints, and text cut off at an edge."""

from __future__ import annotations

import itertools

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text


def _text_artists(fig: Figure) -> list[Text]:
    """Texts on the axes, on the figure itself, and in its legends."""
    legends = [t for legend in fig.legends for t in legend.get_texts()]
    axes_legends = [t for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    return [t for ax in fig.axes for t in ax.texts] + list(fig.texts) + legends + axes_legends


def texts(fig: Figure) -> list[str]:
    """Every text the figure draws."""
    return [t.get_text() for t in _text_artists(fig)]


def overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap (an overprint)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # legends place their texts when drawn
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _text_artists(fig) if t.get_text()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


def cut_off(fig: Figure) -> list[str]:
    """Texts that run over an edge of the figure."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    return [
        t.get_text()
        for t in _text_artists(fig)
        if t.get_text()
        and not (
            page.x0 <= (box := t.get_window_extent(renderer)).x0
            and box.x1 <= page.x1
            and page.y0 <= box.y0
            and box.y1 <= page.y1
        )
    ]
