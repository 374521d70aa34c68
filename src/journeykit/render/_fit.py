"""Text in figures laid out in inches: measured with the font it is drawn in, and wrapped.

The persona card, the today-and-tomorrow view and the persona comparison
place every text themselves, so nothing overprints: they wrap with
``TextFitter`` and stack lines ``LINESPACING`` apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from journeykit._text import drawn_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LINESPACING", "FontStyle", "TextFitter", "draw_text", "text_height"]

#: Distance between baselines, as a multiple of the font size.
LINESPACING = 1.3

FontStyle = Literal["normal", "italic", "oblique"]


class TextFitter:
    """Wraps text to a width in inches, measured with the font it will be drawn in."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import RendererAgg

        # Agg at the 100 dpi that `save` writes PNGs with: font hinting there makes
        # text up to 8% wider than its outline, which SVG and PDF draw.
        self._renderer = RendererAgg(1, 1, 100)  # type: ignore[no-untyped-call]

    def width(self, text: str, size: float, weight: str = "normal", style: FontStyle = "normal") -> float:
        """The width of one line of ``text`` in inches, the wider of its hinted
        (PNG) and outline (SVG, PDF) forms, with 2% to spare."""
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import text_to_path

        font = FontProperties(size=size, weight=weight, style=style)
        hinted, _, _ = self._renderer.get_text_width_height_descent(  # type: ignore[no-untyped-call]
            text, font, ismath=False
        )
        outline, _, _ = text_to_path.get_text_width_height_descent(text, font, ismath=False)
        return max(float(hinted) / 100, float(outline) / 72) * 1.02

    def wrap(
        self, text: str, inches: float, size: float, weight: str = "normal", style: FontStyle = "normal"
    ) -> str:
        """``text`` broken into lines no wider than ``inches``: at spaces where it can,
        inside a word too long for a line by itself. Paragraphs stay apart."""
        lines: list[str] = []
        for paragraph in drawn_text(text).split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if self.width(candidate, size, weight, style) <= inches:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = ""
                for char in word:  # only a word longer than a line is broken
                    if line and self.width(line + char, size, weight, style) > inches:
                        lines.append(line)
                        line = ""
                    line += char
            lines.append(line)
        while len(lines) > 1 and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


def text_height(text: str, size: float) -> float:
    """The height in inches of ``text`` drawn with ``LINESPACING``."""
    return (text.count("\n") + 1) * LINESPACING * size / 72


def draw_text(ax: Axes, x: float, y: float, text: str, size: float, **style: Any) -> None:
    """Draw ``text`` with its top-left corner at (x, y), lines ``LINESPACING`` apart."""
    # parse_math=False: a "$" in user text is a dollar, not mathtext
    ax.text(
        x, y, text, fontsize=size, va="top", ha="left", linespacing=LINESPACING, parse_math=False, **style
    )
