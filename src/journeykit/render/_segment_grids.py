"""What the persona comparison shows: a column per persona and the heatmap's rows.

From a segmentation, the rows are the features that set the personas apart
(effect sizes from ``.distinguishing``); from hand-written personas, their
numeric attributes against the personas' mean.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from journeykit._i18n import N_, _
from journeykit._text import drawn_text
from journeykit.render._persona_words import people_line, value_text_of

if TYPE_CHECKING:
    from journeykit.personas import Persona
    from journeykit.personas._segmentation import Segmentation

__all__ = [
    "MISSING",
    "WORDS",
    "Column",
    "Grid",
    "attribute_grid",
    "description",
    "effect_grid",
    "segment_columns",
    "signed",
]

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


@dataclass(frozen=True)
class Column:
    label: str
    share: float | None
    size: int | None


@dataclass(frozen=True)
class Grid:
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


def description(columns: list[Column], grid: Grid) -> str:
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


def segment_columns(segmentation: Segmentation) -> list[Column]:
    by_id = segmentation.segments.set_index("persona")
    return [
        Column(ident, float(by_id.loc[ident, "share"]), int(by_id.loc[ident, "size"]))
        for ident in segmentation.persona_ids
    ]


def effect_grid(segmentation: Segmentation, top: int) -> Grid:
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
    ticks = [(t * step, signed(t * step, 1)) for t in range(-int(limit / step), int(limit / step) + 1)]
    return Grid(
        heading=_(WORDS["effects"]),
        rows=rows,
        values=values,
        texts=[[MISSING if v is None else signed(v, 2) for v in line] for line in values],
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


def attribute_grid(people: Sequence[Persona], top: int) -> Grid:
    """Numeric attributes held by two personas or more, coloured by the difference from their mean."""
    keys: list[str] = []
    for persona in people:
        for key, value in persona.attributes.items():
            if numeric(value) and key not in keys:
                keys.append(key)
    rows = [key for key in keys if sum(numeric(p.attributes.get(key)) for p in people) >= 2][:top]
    values: list[list[float | None]] = []
    texts: list[list[str]] = []
    for key in rows:
        line = [p.attributes.get(key) for p in people]
        numbers = [float(v) for v in line if numeric(v)]
        mean = sum(numbers) / len(numbers)
        # a relative difference means something for amounts, counts and ages: none negative
        coloured = mean > 0 and min(numbers) >= 0
        values.append([float(v) / mean - 1 if coloured and numeric(v) else None for v in line])
        texts.append([value_text_of(v) if numeric(v) else MISSING for v in line])
    return Grid(
        heading=_(WORDS["attributes"]),
        rows=rows,
        values=values,
        texts=texts,
        limit=1.0,
        key=_(WORDS["attribute_key"]),
        ticks=[(t / 2, f"{signed(t * 50, 0)}%" if t else "0") for t in range(-2, 3)],
        note=_(WORDS["attribute_note"]),
        empty=_(WORDS["no_attributes"]),
    )


def signed(value: float, decimals: int) -> str:
    """``+1.16``, ``−0.68``, ``0``: a sign on every effect but zero, and a true minus."""
    text = f"{abs(value):.{decimals}f}"
    if float(text) == 0:
        return "0"
    return ("+" if value > 0 else "−") + text


def numeric(value: object) -> TypeGuard[int | float]:
    """A number, not a boolean (booleans are ints to Python)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)
