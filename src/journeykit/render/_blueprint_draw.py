"""The service blueprint's drawing: lanes, lines, boxes, arrows and the legend, on matplotlib axes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._i18n import N_, _
from journeykit.render._blueprint_layout import (
    ACTOR_GAP,
    BOX_PAD,
    COLUMN_INCHES,
    HEADER_INCHES,
    LABEL_INCHES,
    LEGEND_INCHES,
    LINE_INCHES,
    MARGIN_INCHES,
    STATUS_COLOURS,
    STATUS_WORDS,
    STRIP_INCHES,
    TEXT_INSET,
    _Box,
    _left,
)
from journeykit.render.journey_map import _wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import FancyBboxPatch

    from journeykit.journeys import Journey

#: (label, lane background, box fill, box edge) of the lanes, top to bottom. Each lane
#: is named in words on its left; the colours (tints of the Okabe-Ito palette, safe for
#: colour-blind readers) only help the eye along a row. Labels are translated where drawn.
_EVIDENCE = (N_("Physical\nevidence"), "#f7f7f7")
_CUSTOMER = (N_("Customer\nactions"), "#ebf4f9", "#bfdcec", "#0072b2")
_LANES = {
    "frontstage": (N_("Frontstage\nactions"), "#f2f9fd", "#cce8f8", "#56b4e9"),
    "backstage": (N_("Backstage\nactions"), "#fbf4f8", "#f0d7e5", "#cc79a7"),
    "support": (N_("Support\nprocesses"), "#f5f5f5", "#e6e6e6", "#666666"),
}
_REQUIREMENTS = (N_("Requirements"), "#fafafa")
_OBSERVED = (N_("Observed"), "#fffde7")
#: The three lines, by the lane just below each: (label, line style). The style (solid,
#: dashed, dotted) tells them apart as well as the label.
_LINES = {
    "frontstage": (N_("LINE OF INTERACTION"), "-"),
    "backstage": (N_("LINE OF VISIBILITY"), (0, (6, 4))),
    "support": (N_("LINE OF INTERNAL INTERACTION"), (0, (1.5, 2.5))),
}
_ARROW = "#37474f"
_INK = "#263238"
_MUTED = "#546e7a"


def _text(
    ax: Axes,
    x: float,
    y: float,
    text: str,
    *,
    fontsize: float,
    color: str = _INK,
    fontweight: str = "normal",
    fontstyle: str = "normal",
) -> None:
    """User text, top left at (x, y); ``parse_math=False``: a "$" is a dollar, not mathtext."""
    ax.text(
        x,
        y,
        text,
        fontsize=fontsize,
        color=color,
        fontweight=fontweight,
        fontstyle=fontstyle,
        va="top",
        ha="left",
        linespacing=1.2,
        parse_math=False,
        zorder=3,
    )


def _draw_box(
    ax: Axes,
    box: _Box,
    colours: tuple[str, str],
    *,
    label: str,
    bold: bool = False,
    fontsize: float = 8,
    pad: float = BOX_PAD,
) -> FancyBboxPatch:
    """A rounded box with its text, and the actor under it, smaller and in italics.

    The patch is labelled ``label`` (``action:ID``, ``step:ID``, ``requirement:ID``)
    so that a reader of the figure can tell the boxes apart.
    """
    from matplotlib.patches import FancyBboxPatch

    fill, edge = colours
    patch = FancyBboxPatch(
        (box.x, box.y),
        box.width,
        box.height,
        boxstyle="round,pad=0,rounding_size=0.06",
        facecolor=fill,
        edgecolor=edge,
        linewidth=1.0 if pad == BOX_PAD else 0.8,
        label=label,
        zorder=2,
    )
    ax.add_artist(patch)
    _text(
        ax,
        box.x + TEXT_INSET,
        box.y + pad,
        "\n".join(box.lines),
        fontsize=fontsize,
        fontweight="bold" if bold else "normal",
    )
    if box.actor:
        _text(
            ax,
            box.x + TEXT_INSET,
            box.y + pad + len(box.lines) * LINE_INCHES + ACTOR_GAP,
            "\n".join(box.actor),
            fontsize=6.5,
            fontstyle="italic",
            color=_MUTED,
        )
    return patch


def _lane_background(ax: Axes, top: float, height: float, right: float, label: str, colour: str) -> None:
    from matplotlib.patches import Rectangle

    ax.add_artist(Rectangle((0, top), right, height, facecolor=colour, edgecolor="none", zorder=0))
    ax.text(
        0.15, top + height / 2, _(label), fontsize=9, fontweight="bold", color=_INK, va="center", zorder=1
    )


def _stage_headers(ax: Axes, journey: Journey, top: float) -> None:
    from matplotlib.patches import Rectangle

    column = 0
    for stage in journey.stages:
        count = len(stage.steps)
        if not count:
            continue
        x = _left(column)
        ax.add_artist(
            Rectangle((x, top), count * COLUMN_INCHES, HEADER_INCHES, facecolor="#37474f", edgecolor="white")
        )
        ax.text(
            x + count * COLUMN_INCHES / 2,
            top + HEADER_INCHES / 2,
            _wrap(stage.name, count * 20, 1),
            color="white",
            fontsize=10,
            fontweight="bold",
            ha="center",
            va="center",
            parse_math=False,
        )
        column += count


def _columns(ax: Axes, journey: Journey, top: float, bottom: float) -> None:
    """Faint lines between steps, stronger ones between stages."""
    column = 0
    stage_edges = set()
    for stage in journey.stages:
        column += len(stage.steps)
        stage_edges.add(column)
    for i in range(1, len(journey.steps)):
        strong = i in stage_edges
        ax.plot(
            [_left(i), _left(i)],
            [top, bottom],
            color="#b0bec5" if strong else "#e3e7ea",
            linewidth=0.9 if strong else 0.6,
            zorder=0.5,
        )
    ax.plot([LABEL_INCHES, LABEL_INCHES], [top, bottom], color="#b0bec5", linewidth=0.9, zorder=0.5)


def _line(ax: Axes, top: float, right: float, label: str, style: object) -> None:
    """One of the three lines, labelled above its left end."""
    level = top + STRIP_INCHES * 0.68
    ax.plot([0, right], [level, level], color=_INK, linewidth=1.1, linestyle=style, zorder=1)
    ax.text(
        0.15,
        top + STRIP_INCHES * 0.32,
        _(label),
        fontsize=7,
        fontweight="bold",
        color=_INK,
        va="center",
        ha="left",
        zorder=1,
    )


def _step_flow(ax: Axes, journey: Journey, boxes: list[_Box]) -> None:
    """Arrows between neighbouring steps where one may follow the other.

    The boxes share their top, so an arrow half way down the shorter box
    meets both.
    """
    from matplotlib.patches import FancyArrowPatch

    steps = journey.steps
    moves = designed_moves(journey)
    for i in range(len(steps) - 1):
        if steps[i + 1].id not in moves[steps[i].id]:
            continue
        a, b = boxes[i], boxes[i + 1]
        level = a.y + min(a.height, b.height) / 2
        arrow = FancyArrowPatch(
            (a.x + a.width, level),
            (b.x, level),
            arrowstyle="-|>",
            mutation_scale=8,
            color=_CUSTOMER[3],
            linewidth=1.0,
            shrinkA=0,
            shrinkB=0,
            zorder=1.5,
        )
        arrow.set_label(f"flow:{steps[i].id}->{steps[i + 1].id}")
        ax.add_artist(arrow)


def designed_moves(journey: Journey) -> dict[str, tuple[str, ...]]:
    """``journey.successors`` of every step, in one pass (asking it step by step takes quadratic time).

    >>> journey = jk.example().journey("onboarding-future")
    >>> all(designed_moves(journey)[s.id] == journey.successors(s.id) for s in journey.steps)
    True
    """
    steps = journey.steps
    return {
        step.id: step.next if step.next is not None else tuple(s.id for s in steps[i + 1 : i + 2])
        for i, step in enumerate(steps)
    }


def _triggers(ax: Axes, journey: Journey, boxes: dict[str, _Box]) -> None:
    """An arrow from every action to each action it triggers, edge to edge."""
    from matplotlib.patches import FancyArrowPatch

    detours: dict[int, int] = {}  # arrows already round the side of each column
    columns: dict[int, list[_Box]] = {}
    for box in boxes.values():
        columns.setdefault(box.column, []).append(box)
    for action in journey.actions:
        source = boxes.get(action.id)
        for target_id in action.triggers:
            target = boxes.get(target_id)
            if source is None or target is None:
                continue
            start, end, connection = _route(source, target, columns[source.column], detours)
            arrow = FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=9,
                color=_ARROW,
                linewidth=1.0,
                shrinkA=0,
                shrinkB=0,
                connectionstyle=connection,
                zorder=4,
            )
            arrow.set_label(f"trigger:{action.id}->{target_id}")
            ax.add_artist(arrow)


def _route(
    source: _Box, target: _Box, column: list[_Box], detours: dict[int, int]
) -> tuple[tuple[float, float], tuple[float, float], str]:
    """Where a trigger arrow starts and ends, and how it bends.

    In one column: straight down (or up) between the boxes when nothing lies
    between them, otherwise round the right of the column (each such arrow
    of a column a little further out than the one before). Across columns:
    from the side of one box to the facing side of the other.
    """
    if source.column == target.column:
        middle = source.x + source.width / 2
        down = target.y > source.y
        low, high = sorted((source.y, target.y))
        between = any(low < b.y < high and b is not source and b is not target for b in column)
        if not between:
            if down:
                return (middle, source.y + source.height), (middle, target.y), "arc3"
            return (middle, source.y), (middle, target.y + target.height), "arc3"
        edge = source.x + source.width
        count = detours[source.column] = detours.get(source.column, 0) + 1
        arm = 5 + 6 * ((count - 1) % 3)  # points; the gap between columns is 20
        return (
            (edge, source.y + source.height / 2),
            (edge, target.y + target.height / 2),
            f"arc,angleA=0,angleB=0,armA={arm},armB={arm},rad=3",
        )
    forward = target.column > source.column
    start_x = source.x + source.width if forward else source.x
    end_x = target.x if forward else target.x + target.width
    bend = "arc3" if abs(target.column - source.column) == 1 else "arc3,rad=-0.15"
    return (start_x, source.y + source.height / 2), (end_x, target.y + target.height / 2), bend


def _legend(ax: Axes, top: float, known: bool) -> None:
    """Requirement statuses (colour, mark and word) and what an arrow means, under the blueprint."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    middle = top + LEGEND_INCHES / 2
    ax.text(0.15, middle, _("Requirement status"), fontsize=8, fontweight="bold", color=_INK, va="center")
    statuses: list[str | None] = ["available", "partial", "missing"] if known else [None]
    x = LABEL_INCHES + MARGIN_INCHES
    for status in statuses:
        fill, edge, mark = STATUS_COLOURS[status]
        ax.add_artist(
            FancyBboxPatch(
                (x, middle - 0.09),
                0.28,
                0.18,
                boxstyle="round,pad=0,rounding_size=0.04",
                facecolor=fill,
                edgecolor=edge,
                linewidth=0.8,
                label=f"legend:{status}",
            )
        )
        ax.text(x + 0.14, middle, mark, fontsize=7, ha="center", va="center", color=_INK)
        name = _(STATUS_WORDS[status])
        ax.text(x + 0.36, middle, name, fontsize=8, va="center", color=_INK)
        x += 0.5 + 0.065 * len(name)
    x += 0.3
    ax.add_artist(
        FancyArrowPatch(
            (x, middle), (x + 0.45, middle), arrowstyle="-|>", mutation_scale=9, color=_ARROW, linewidth=1.0
        )
    )
    ax.text(x + 0.55, middle, _("triggers"), fontsize=8, va="center", color=_INK)
