"""Personas side by side: how much of the population each stands for, and what sets it apart."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from journeykit._i18n import _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.exceptions import ArgumentError
from journeykit.render._fit import LINESPACING, TextFitter, text_height
from journeykit.render._persona_words import people_line, share_text
from journeykit.render._segment_grids import (
    MISSING,
    WORDS,
    Column,
    Grid,
    attribute_grid,
    description,
    effect_grid,
    segment_columns,
)
from journeykit.render.compare import _clip
from journeykit.render.persona import INK, MUTED

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap, Normalize

    from journeykit.personas import Persona
    from journeykit.personas._segmentation import Segmentation
    from journeykit.program import Program
    from journeykit.render._picture import Picture

__all__ = ["persona_comparison"]

#: Narrowest column of one persona, in inches; wider when its labels need it.
COLUMN_INCHES = 1.15
#: The row labels take at most this many inches (they wrap), and at most this many lines.
LABEL_INCHES = 2.8
LABEL_LINES = 3
HEADER_LINES = 3
MIN_INCHES = 6.5
MARGIN = 0.35
ROW_INCHES = 0.36
BAR_INCHES = 0.16
#: A diverging colour map that colour-blind readers can read (ColorBrewer's purple-orange).
COLOURS = "PuOr"
BAR = "#00897b"
TRACK = "#e0e6e9"


def persona_comparison(
    personas: Segmentation | Program | Iterable[Persona], *, top: int = 8, language: str | None = None
) -> Picture:
    """Personas side by side: a share bar each, and a heatmap of what sets them apart.

    One column per persona. At the top, the persona's share of the people
    as a bar (the whole bar is everyone) with the percentage and the count.
    Below, a heatmap of up to ``top`` features (or ``feature=level`` of a
    category): each persona's strongest, then each one's second strongest,
    and so on, so that every persona shows what sets it apart; rows run from
    the largest effect size in any persona down. Each cell is the persona's
    effect size against everyone, as
    ``Segmentation.distinguishing`` lists it, written in the cell and
    coloured on a diverging scale centred on 0 (purple above, orange below;
    colour-blind safe); a cell the table does not list (an effect under
    0.2) is neutral and shows "–". A colour bar and a note say what the
    numbers are.

    Give personas instead of a segmentation (a ``Program`` or any iterable
    of ``Persona``, such as the drafts of ``Segmentation.to_personas()``)
    and the bars come from their ``share`` and ``size``, and the heatmap
    from their numeric attributes (numbers, not booleans, held by at least
    two personas; the first ``top`` in the order they appear): each cell
    writes the persona's value, coloured by how far it lies above or below
    the mean of the personas in that row (the farthest at full colour).

    Labels come from the data and are drawn as written. Sizes are in
    inches: more personas make the figure wider, more or longer labels
    taller, so nothing overprints. Every share is written beside its bar
    and every cell holds its number, so colour is never the only clue.

    Returns a ``Picture`` (a matplotlib ``Figure`` with a title and a
    description for screen readers, that shows itself in a notebook and
    saves itself). Its own words are in ``language`` (a BCP 47 tag), else
    the programme's ``language``, else English. Needs matplotlib
    (``pip install 'journeykit[plot]'``).

    Parameters
    ----------
    personas
        A ``Segmentation`` (from ``journeykit.personas.segment``), a
        ``Program`` or personas.
    top
        At most this many heatmap rows (at least 1).
    language
        The language of the picture's own words.

    Examples
    --------
    >>> drafts = [
    ...     jk.Persona(id="a", name="Power users", share=0.3, size=300, attributes={"visits": 14.5}),
    ...     jk.Persona(id="b", name="Occasional", share=0.7, size=700, attributes={"visits": 2.25}),
    ... ]
    >>> fig = jk.render.persona_comparison(drafts)
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "30%" in texts, "700 people" in texts, "14.5" in texts
    (True, True, True)
    >>> fig.title
    'Personas side by side: 2 personas'
    >>> print(fig.description)
    Power users: 30% of people · 300 people. Occasional: 70% of people · 700 people.
    Numeric attributes: visits.
    >>> spanish = jk.render.persona_comparison(drafts, language="es")
    >>> "700 personas" in [t.get_text() for t in spanish.axes[0].texts]
    True
    """
    from journeykit.personas import Persona
    from journeykit.personas._segmentation import Segmentation
    from journeykit.program import Program

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ArgumentError(f"persona_comparison: top must be a positive integer, not {top!r}")
    people: list[Persona] = []
    if isinstance(personas, Program):
        people = list(personas.personas)
    elif not isinstance(personas, Segmentation):
        if isinstance(personas, (str, bytes, Persona)) or not isinstance(personas, Iterable):
            raise ArgumentError(
                "persona_comparison takes a Segmentation, a Program or personas, not "
                f"{_kind(personas)}: persona_comparison([persona, ...])"
            )
        people = list(personas)
        wrong = [p for p in people if not isinstance(p, Persona)]
        if wrong:
            raise ArgumentError(f"persona_comparison takes Persona objects, not {_kind(wrong[0])}")
        if not people:
            raise ArgumentError("persona_comparison: no personas to compare")
    program = personas if isinstance(personas, Program) else None
    with use_language(language_of(language, program)):
        from journeykit._extras import require

        require("matplotlib")
        if isinstance(personas, Segmentation):
            columns = segment_columns(personas)
            grid = effect_grid(personas, top)
            title = ngettext(
                "{k} persona of {rows} people", "{k} personas of {rows} people", personas.k
            ).format(k=personas.k, rows=f"{personas.rows:,}")
            facts = [_(WORDS["facts"]).format(method=personas.method, seed=personas.seed)]
            facts += [
                f"{name} {value:.2f}" for name, value in personas.quality.items() if math.isfinite(value)
            ]
            subtitle = " · ".join(facts)
        else:
            if not people:
                raise ArgumentError("persona_comparison: the programme has no personas to compare")
            columns = [Column(p.name, p.share, p.size) for p in people]
            grid = attribute_grid(people, top)
            title = ngettext("{k} persona", "{k} personas", len(people)).format(k=len(people))
            subtitle = ""
        return _draw(columns, grid, title, subtitle)


def _kind(value: object) -> str:
    name = type(value).__name__
    return f"an {name}" if name[0].lower() in "aeiou" else f"a {name}"


# -- drawing -------------------------------------------------------------------------------------


def _draw(columns: list[Column], grid: Grid, title: str, subtitle: str) -> Picture:
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    from journeykit.render._picture import Picture

    fit = TextFitter()
    shares = [share_text(c.share) if c.share is not None else "" for c in columns]
    sizes = [people_line(None, c.size) if c.size is not None else "" for c in columns]
    needed = [
        *(fit.width(t, 10.5, "bold") for t in shares),
        *(fit.width(t, 8.5) for t in sizes),
        *(fit.width(_(WORDS["no_share"]), 8.5) for c in columns if c.share is None),
        *(fit.width(t, 9) for line in grid.texts for t in line),
    ]
    column = max([COLUMN_INCHES, *(w + 0.25 for w in needed)])
    row_labels = [
        _clip(fit.wrap(drawn_text(r, one_line=True), LABEL_INCHES, 9), LABEL_LINES, fit, LABEL_INCHES, 9)
        for r in grid.rows
    ]
    label_inches = max(
        [
            1.2,
            fit.width(_(WORDS["share_row"]), 9),
            *(fit.width(line, 9) for label in row_labels for line in label.split("\n")),
        ]
    )
    left = MARGIN + label_inches + 0.15  # where the first persona's column starts
    width = max(MIN_INCHES, left + column * len(columns) + MARGIN)
    inner = width - 2 * MARGIN

    title_text = fit.wrap(title, inner, 14, "bold")
    subtitle_text = fit.wrap(subtitle, inner, 9.5) if subtitle else ""
    headers = [
        _clip(fit.wrap(c.label, column - 0.15, 9.5, "bold"), HEADER_LINES, fit, column - 0.15, 9.5, "bold")
        for c in columns
    ]
    heading = fit.wrap(grid.heading, inner, 10.5, "bold")
    heights = [max(ROW_INCHES, text_height(label, 9) + 0.1) for label in row_labels]
    cmap = colormaps[COLOURS]
    norm = Normalize(-grid.limit, grid.limit)

    # the heights of the parts, top to bottom
    y_title = 0.3
    y_headers = (
        y_title
        + text_height(title_text, 14)
        + (0.05 + text_height(subtitle_text, 9.5) if subtitle else 0)
        + 0.3
    )
    header_inches = max(text_height(h, 9.5) for h in headers)
    y_bar = y_headers + header_inches + 0.1
    y_share = y_bar + BAR_INCHES + 0.07
    y_heading = y_share + text_height("0", 10.5) + 0.03 + text_height("0", 8.5) + 0.35
    y_grid = y_heading + text_height(heading, 10.5) + 0.15
    if grid.rows:
        key = fit.wrap(grid.key, inner, 8.5)
        note = fit.wrap(grid.note, inner, 8) if grid.note else ""
        y_key = y_grid + sum(heights) + 0.3
        y_bar_key = y_key + text_height(key, 8.5) + 0.08
        y_note = y_bar_key + 0.14 + 0.35
        height = y_note + (text_height(note, 8) if note else 0.0) + 0.3
    else:
        empty = fit.wrap(grid.empty, inner, 9.5)
        height = y_grid + text_height(empty, 9.5) + 0.3

    fig = Picture(
        figsize=(width, height),
        title=_("Personas side by side: {subject}").format(subject=title),
        description=description(columns, grid),
    )
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    _text(ax, MARGIN, y_title, title_text, 14, color=INK, fontweight="bold")
    if subtitle:
        _text(ax, MARGIN, y_title + text_height(title_text, 14) + 0.05, subtitle_text, 9.5, color=MUTED)

    _text(
        ax,
        left - 0.15,
        y_bar + BAR_INCHES / 2,
        _(WORDS["share_row"]),
        9,
        color=MUTED,
        ha="right",
        va="center",
    )
    for i, (col, header) in enumerate(zip(columns, headers, strict=True)):
        x = left + i * column
        centre = x + column / 2
        _text(ax, centre, y_headers, header, 9.5, color=INK, fontweight="bold", ha="center")
        _share_bar(ax, x + 0.1, y_bar, column - 0.2, col.share)
        if col.share is None:
            _text(ax, centre, y_share, _(WORDS["no_share"]), 8.5, color=MUTED, ha="center")
        else:
            _text(ax, centre, y_share, shares[i], 10.5, color=INK, fontweight="bold", ha="center")
        if sizes[i]:
            _text(
                ax, centre, y_share + text_height("0", 10.5) + 0.03, sizes[i], 8.5, color=MUTED, ha="center"
            )

    _text(ax, MARGIN, y_heading, heading, 10.5, color=INK, fontweight="bold")
    if not grid.rows:
        _text(ax, MARGIN, y_grid, empty, 9.5, color=MUTED)
        return fig
    _cells(ax, grid, row_labels, heights, left, y_grid, column, cmap, norm)
    _text(ax, MARGIN, y_key, key, 8.5, color=INK)
    bar_width = min(4.0, inner)
    cax = fig.add_axes((MARGIN / width, 1 - (y_bar_key + 0.14) / height, bar_width / width, 0.14 / height))
    _colour_bar(fig, cax, cmap, norm, grid.ticks)
    if note:
        _text(ax, MARGIN, y_note, note, 8, color=MUTED)
    return fig


def _share_bar(ax: Axes, x: float, y: float, width: float, share: float | None) -> None:
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x, y), width, BAR_INCHES, facecolor=TRACK, edgecolor="none", label="track"))
    if share is not None:
        ax.add_patch(
            Rectangle((x, y), width * share, BAR_INCHES, facecolor=BAR, edgecolor="none", label="share")
        )


def _cells(
    ax: Axes,
    grid: Grid,
    row_labels: list[str],
    heights: list[float],
    left: float,
    top: float,
    column: float,
    cmap: Colormap,
    norm: Normalize,
) -> None:
    from matplotlib.patches import Rectangle

    y = top
    for i, (label, height) in enumerate(zip(row_labels, heights, strict=True)):
        _text(ax, left - 0.15, y + height / 2, label, 9, color=INK, ha="right", va="center", label=f"row:{i}")
        for j, (value, text) in enumerate(zip(grid.values[i], grid.texts[i], strict=True)):
            face = cmap(norm(0.0 if value is None else value))
            ax.add_patch(
                Rectangle(
                    (left + j * column + 0.02, y + 0.02),
                    column - 0.04,
                    height - 0.04,
                    facecolor=face,
                    edgecolor="none",
                    label=f"cell:{i}:{j}",
                )
            )
            _text(
                ax,
                left + (j + 0.5) * column,
                y + height / 2,
                text,
                9,
                color=MUTED if text == MISSING else "white" if _dark(face) else INK,
                ha="center",
                va="center",
                label=f"cell:{i}:{j}",
            )
        y += height


def _colour_bar(
    fig: Picture, cax: Axes, cmap: Colormap, norm: Normalize, ticks: list[tuple[float, str]]
) -> None:
    from matplotlib.cm import ScalarMappable

    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax, orientation="horizontal")
    bar.set_ticks([t for t, _label in ticks], labels=[label for _tick, label in ticks])
    bar.ax.tick_params(labelsize=8, colors=MUTED, length=3)
    bar.outline.set_visible(False)


def _text(ax: Axes, x: float, y: float, text: str, size: float, **style: Any) -> None:
    # parse_math=False: a "$" in a feature name is a dollar, not mathtext
    style.setdefault("va", "top")
    style.setdefault("ha", "left")
    ax.text(x, y, text, fontsize=size, linespacing=LINESPACING, parse_math=False, **style)


def _dark(colour: tuple[float, float, float, float]) -> bool:
    """Whether white text reads better than dark text on ``colour`` (relative luminance)."""
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.3
