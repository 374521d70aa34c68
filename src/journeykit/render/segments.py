"""Personas side by side: how much of the population each stands for, and what sets it apart."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from journeykit._i18n import N_, _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.exceptions import ArgumentError
from journeykit.render._fit import LINESPACING, TextFitter, text_height
from journeykit.render._persona_words import people_line, share_text, value_text_of
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

#: The words the comparison writes around the data, marked for the message
#: catalogue (``N_``) and translated with ``_`` where they are written.
WORDS = {
    "facts": N_("{method} · seed {seed}"),
    "share_row": N_("share of people"),
    "no_share": N_("share not given"),
    "effects": N_("What sets each persona apart"),
    "effect_key": N_(
        "effect size against everyone (negative: lower or rarer; positive: higher or more often)"
    ),
    "effect_note": N_(
        "Standardised mean difference for numbers, Cohen's h for shares (booleans and levels): "
        "0.2 is small, 0.5 medium, 0.8 large. – : under 0.2 either way."
    ),
    "no_effects": N_("No feature sets a persona apart: every effect size is under 0.2."),
    "attributes": N_("Numeric attributes"),
    "attribute_key": N_("each row: difference from the mean of the personas' values"),
    "attribute_note": N_(
        "Rows holding a negative value, or with a mean of 0, are not coloured. – : the persona has no such "
        "attribute."
    ),
    "no_attributes": N_("The personas have no numeric attribute in common."),
}
#: What a cell without a value shows (a sign, the same in every language).
MISSING = "–"
#: The longest persona or feature name the description holds whole.
NAME_CHARS = 80
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


@dataclass(frozen=True)
class _Column:
    label: str
    share: float | None
    size: int | None


@dataclass(frozen=True)
class _Grid:
    """The heatmap: row labels, colour values (``None``: none) and the text in each cell."""

    heading: str
    rows: list[str]
    values: list[list[float | None]]
    texts: list[list[str]]
    limit: float  # the colours run from -limit to +limit
    key: str
    ticks: list[tuple[float, str]]
    note: str
    empty: str


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
            columns = _segment_columns(personas)
            grid = _effect_grid(personas, top)
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
            columns = [_Column(p.name, p.share, p.size) for p in people]
            grid = _attribute_grid(people, top)
            title = ngettext("{k} persona", "{k} personas", len(people)).format(k=len(people))
            subtitle = ""
        return _draw(columns, grid, title, subtitle)


def _description(columns: list[_Column], grid: _Grid) -> str:
    """Each persona's share and size, and the rows of the heatmap, for a screen reader."""
    parts = []
    for column in columns:
        name = _short(drawn_text(column.label, one_line=True))
        people = people_line(column.share, column.size)
        parts.append(f"{name}: {people}." if people else f"{name}.")
    if grid.rows:
        rows = "; ".join(_short(drawn_text(row, one_line=True)) for row in grid.rows)
        parts.append(_("{heading}: {rows}.").format(heading=grid.heading, rows=rows))
    else:
        parts.append(grid.empty)
    return " ".join(parts)


def _short(text: str) -> str:
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1] + "…"


def _kind(value: object) -> str:
    name = type(value).__name__
    return f"an {name}" if name[0].lower() in "aeiou" else f"a {name}"


# -- what to draw --------------------------------------------------------------------------------


def _segment_columns(segmentation: Segmentation) -> list[_Column]:
    by_id = segmentation.segments.set_index("persona")
    return [
        _Column(ident, float(by_id.loc[ident, "share"]), int(by_id.loc[ident, "size"]))
        for ident in segmentation.persona_ids
    ]


def _effect_grid(segmentation: Segmentation, top: int) -> _Grid:
    """The ``top`` features that set the personas apart most; cells from ``.distinguishing``."""
    import pandas as pd

    table = segmentation.distinguishing
    effects: dict[str, dict[str, float]] = {}  # row label -> persona -> effect, rows in table order
    for persona, feature, level, effect in zip(
        table["persona"], table["feature"], table["level"], table["effect"], strict=True
    ):
        label = str(feature) if pd.isna(level) else f"{feature}={level}"
        effects.setdefault(label, {})[str(persona)] = float(effect)
    ids = segmentation.persona_ids
    rows = sorted(_chosen(effects, ids, top), key=lambda row: -max(abs(e) for e in effects[row].values()))
    values = [[effects[row].get(ident) for ident in ids] for row in rows]
    largest = max((abs(v) for line in values for v in line if v is not None), default=1.0)
    limit = max(1.0, math.ceil(largest * 2) / 2)
    step = 0.5 if limit <= 2 else 1.0
    ticks = [(t * step, _signed(t * step, 1)) for t in range(-int(limit / step), int(limit / step) + 1)]
    return _Grid(
        heading=_(WORDS["effects"]),
        rows=rows,
        values=values,
        texts=[[MISSING if v is None else _signed(v, 2) for v in line] for line in values],
        limit=limit,
        key=_(WORDS["effect_key"]),
        ticks=ticks,
        note=_(WORDS["effect_note"]),
        empty=_(WORDS["no_effects"]),
    )


def _chosen(effects: dict[str, dict[str, float]], ids: Sequence[str], top: int) -> list[str]:
    """Up to ``top`` rows: every persona's strongest, then every persona's second strongest, ...

    Taking the largest effects overall would leave out a persona whose
    traits are all milder than another persona's (its own strongest one
    included); taking them in turns shows what sets each persona apart.
    """
    ranked = [
        sorted((row for row in effects if ident in effects[row]), key=lambda row: -abs(effects[row][ident]))
        for ident in ids
    ]
    chosen: list[str] = []
    for depth in range(max(map(len, ranked), default=0)):
        for rows in ranked:
            if len(chosen) < top and depth < len(rows) and rows[depth] not in chosen:
                chosen.append(rows[depth])
    return chosen


def _attribute_grid(people: Sequence[Persona], top: int) -> _Grid:
    """Numeric attributes held by two personas or more, coloured by the difference from their mean."""
    keys: list[str] = []
    for persona in people:
        for key, value in persona.attributes.items():
            if _numeric(value) and key not in keys:
                keys.append(key)
    rows = [key for key in keys if sum(_numeric(p.attributes.get(key)) for p in people) >= 2][:top]
    values: list[list[float | None]] = []
    texts: list[list[str]] = []
    for key in rows:
        line = [p.attributes.get(key) for p in people]
        numbers = [float(v) for v in line if _numeric(v)]
        mean = sum(numbers) / len(numbers)
        # a relative difference means something for amounts, counts and ages: none negative
        coloured = mean > 0 and min(numbers) >= 0
        values.append([float(v) / mean - 1 if coloured and _numeric(v) else None for v in line])
        texts.append([value_text_of(v) if _numeric(v) else MISSING for v in line])
    return _Grid(
        heading=_(WORDS["attributes"]),
        rows=rows,
        values=values,
        texts=texts,
        limit=1.0,
        key=_(WORDS["attribute_key"]),
        ticks=[(t / 2, f"{_signed(t * 50, 0)}%" if t else "0") for t in range(-2, 3)],
        note=_(WORDS["attribute_note"]),
        empty=_(WORDS["no_attributes"]),
    )


# -- drawing -------------------------------------------------------------------------------------


def _draw(columns: list[_Column], grid: _Grid, title: str, subtitle: str) -> Picture:
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
        description=_description(columns, grid),
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
    grid: _Grid,
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


def _signed(value: float, decimals: int) -> str:
    """``+1.16``, ``−0.68``, ``0``: a sign on every effect but zero, and a true minus."""
    text = f"{abs(value):.{decimals}f}"
    if float(text) == 0:
        return "0"
    return ("+" if value > 0 else "−") + text


def _numeric(value: object) -> TypeGuard[int | float]:
    """A number, not a boolean (booleans are ints to Python)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)
