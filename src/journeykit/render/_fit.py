"""Text in figures laid out in inches: measured with the font it is drawn in, and wrapped.

The persona card, the today-and-tomorrow view and the persona comparison
place every text themselves, so nothing overprints: they wrap with
``TextFitter`` and stack lines ``LINESPACING`` apart.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

from journeykit._text import drawn_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LINESPACING", "FontStyle", "TextFitter", "draw_text", "text_height"]

#: Distance between baselines, as a multiple of the font size.
LINESPACING = 1.3

FontStyle = Literal["normal", "italic", "oblique"]


class TextFitter:
    """Wraps text to a width in inches, measured with the font it will be drawn in.

    A line's width is about the sum of its characters' widths (kerning moves
    it by a percent or two), so wrapping adds up cached character widths and
    measures a whole line only near the limit (within ``NEAR`` of it): the
    breaks are those of measuring every candidate line, and a long text costs
    a measurement or two a line, not one a word. Measuring is most of the
    time a persona card takes to draw.
    """

    #: How far from the limit an estimate must be to be trusted without measuring: the
    #: character sum was at most 4.8% off a line's measured width on the examples' text.
    NEAR = 0.07

    def width(self, text: str, size: float, weight: str = "normal", style: FontStyle = "normal") -> float:
        """The width of one line of ``text`` in inches, the wider of its hinted
        (PNG) and outline (SVG, PDF) forms, with 2% to spare."""
        from matplotlib import rcParams

        return _measured(text, size, weight, style, tuple(rcParams["font.sans-serif"]))

    def estimate(self, text: str, size: float, weight: str = "normal", style: FontStyle = "normal") -> float:
        """About ``width(text)``: the sum of its characters' widths, each measured once."""
        from matplotlib import rcParams

        fonts = tuple(rcParams["font.sans-serif"])
        return sum(_measured(char, size, weight, style, fonts) for char in text)

    def _fits(
        self, line: str, estimate: float, inches: float, size: float, weight: str, style: FontStyle
    ) -> tuple[bool, float]:
        """Whether ``line`` fits in ``inches``, and its width: the estimate when it is
        clearly in or out, the measured width near the limit."""
        if estimate < inches * (1 - self.NEAR):
            return True, estimate
        if estimate > inches * (1 + self.NEAR):
            return False, estimate
        measured = self.width(line, size, weight, style)
        return measured <= inches, measured

    def wrap(
        self, text: str, inches: float, size: float, weight: str = "normal", style: FontStyle = "normal"
    ) -> str:
        """``text`` broken into lines no wider than ``inches``: at spaces where it can,
        inside a word too long for a line by itself. Paragraphs stay apart."""
        space = max(self.width("x x", size, weight, style) - self.width("xx", size, weight, style), 0.0)
        lines: list[str] = []
        for paragraph in drawn_text(text).split("\n"):
            line, used = "", 0.0
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                word_width = self.estimate(word, size, weight, style)
                guess = (used + space if line else 0.0) + word_width
                fits, measured = self._fits(candidate, guess, inches, size, weight, style)
                if fits:
                    line, used = candidate, measured
                    continue
                if line:
                    lines.append(line)
                line, used = "", 0.0
                fits, measured = self._fits(word, word_width, inches, size, weight, style)
                if fits:
                    line, used = word, measured
                    continue
                for char in word:  # only a word longer than a line is broken
                    guess = used + self.width(char, size, weight, style)
                    fits, measured = self._fits(line + char, guess, inches, size, weight, style)
                    if line and not fits:
                        lines.append(line)
                        line, used = char, self.width(char, size, weight, style)
                        continue
                    line, used = line + char, measured
            lines.append(line)
        while len(lines) > 1 and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


@functools.lru_cache(maxsize=1 << 16)
def _measured(text: str, size: float, weight: str, style: FontStyle, fonts: tuple[str, ...]) -> float:
    """``TextFitter.width``, remembered for the process: the cards, maps and
    comparisons of one report measure the same characters and words again
    and again (``fonts``: the font stack in force is part of the key)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=size, weight=weight, style=style)
    hinted, _height, _descent = _renderer().get_text_width_height_descent(text, font, ismath=False)
    outline, _height, _descent = text_to_path.get_text_width_height_descent(text, font, ismath=False)
    return max(float(hinted) / 100, float(outline) / 72) * 1.02


@functools.cache
def _renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    # Agg at the 100 dpi that `save` writes PNGs with: font hinting there makes
    # text up to 8% wider than its outline, which SVG and PDF draw.
    return RendererAgg(1, 1, 100)  # type: ignore[no-untyped-call]


def text_height(text: str, size: float) -> float:
    """The height in inches of ``text`` drawn with ``LINESPACING``."""
    return (text.count("\n") + 1) * LINESPACING * size / 72


def draw_text(ax: Axes, x: float, y: float, text: str, size: float, **style: Any) -> None:
    """Draw ``text`` with its top-left corner at (x, y), lines ``LINESPACING`` apart."""
    # parse_math=False: a "$" in user text is a dollar, not mathtext
    ax.text(
        x, y, text, fontsize=size, va="top", ha="left", linespacing=LINESPACING, parse_math=False, **style
    )
