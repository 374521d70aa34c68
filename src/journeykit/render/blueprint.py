"""The service blueprint: evidence, customer actions, the three lines, the backstage and its needs."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from journeykit._text import drawn_text
from journeykit.render._overlay import observed_lines, reach_bar
from journeykit.render.journey_map import _wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    from journeykit.analytics.funnel import Funnel
    from journeykit.journeys import Action, Journey, Requirement, Step, Touchpoint
    from journeykit.program import Program, Rule

__all__ = ["blueprint"]

#: Width of one step's column and of the lane names, in inches.
COLUMN_INCHES = 1.9
LABEL_INCHES = 1.6
#: Space between a box and its column's edge: room for the trigger arrows.
MARGIN_INCHES = 0.14
#: Characters per line: in a box (8 pt; bold for steps), of an actor (6.5 pt), of a
#: requirement (7 pt, with its status mark) and of the evidence (7.5 pt, with its bullet).
BOX_CHARS = 23
STEP_CHARS = 21
ACTOR_CHARS = 29
REQUIREMENT_CHARS = 24
EVIDENCE_CHARS = 28
#: Height of a line of text at 8, 7.5, 7 and 6.5 pt, in inches.
LINE_INCHES = 0.14
EVIDENCE_LINE_INCHES = 0.13
SMALL_LINE_INCHES = 0.125
ACTOR_LINE_INCHES = 0.115
#: Space between a box's edge and its text.
TEXT_INSET = 0.07
#: Padding inside a box, between a name and its actor, between stacked boxes (an arrow fits)
#: and of a lane; padding of a requirement and between requirements.
BOX_PAD = 0.09
ACTOR_GAP = 0.04
STACK_GAP = 0.2
LANE_PAD = 0.14
REQUIREMENT_PAD = 0.06
REQUIREMENT_GAP = 0.06
#: Height of the strip that carries each of the three lines and its label.
STRIP_INCHES = 0.34
TITLE_INCHES = 0.65
HEADER_INCHES = 0.45
LEGEND_INCHES = 0.5
MIN_LANE_INCHES = 0.55
#: Narrowest figure: room for the title and the legend of a journey of a step or two.
MIN_WIDTH_INCHES = 7.0

#: (label, lane background, box fill, box edge) of the lanes, top to bottom.
_EVIDENCE = ("Physical\nevidence", "#f7f7f7")
_CUSTOMER = ("Customer\nactions", "#e8f1fb", "#cfe2f7", "#3f7cc2")
_LANES = {
    "frontstage": ("Frontstage\nactions", "#fff8ec", "#ffe3b8", "#d98a1c"),
    "backstage": ("Backstage\nactions", "#f6f1fa", "#e4d6f1", "#7b56a8"),
    "support": ("Support\nprocesses", "#eef7f5", "#cde9e3", "#2f8a78"),
}
_REQUIREMENTS = ("Requirements", "#fafafa")
_OBSERVED = ("Observed", "#fffde7")
#: The three lines, by the lane just below each: (label, line style).
_LINES = {
    "frontstage": ("LINE OF INTERACTION", "-"),
    "backstage": ("LINE OF VISIBILITY", (0, (6, 4))),
    "support": ("LINE OF INTERNAL INTERACTION", (0, (1.5, 2.5))),
}
#: Requirement status: (fill, edge, mark). ``None`` is a status nobody knows (no programme).
STATUS_COLOURS: dict[str | None, tuple[str, str, str]] = {
    "available": ("#c8e6c9", "#43a047", "✓"),
    "partial": ("#ffe08a", "#e0a800", "◐"),
    "missing": ("#ffcdd2", "#e53935", "✗"),
    None: ("#eceff1", "#90a4ae", "?"),
}
_ARROW = "#37474f"
_INK = "#263238"
_MUTED = "#546e7a"


@dataclass(frozen=True)
class _Box:
    """A box of text: its column, its height and lines, and (once placed) where it is.

    Positions are in inches from the top left corner (y grows downwards).
    """

    column: int
    height: float
    lines: tuple[str, ...]
    actor: tuple[str, ...] = ()
    x: float = 0.0
    y: float = 0.0
    width: float = COLUMN_INCHES - 2 * MARGIN_INCHES


@dataclass(frozen=True)
class _Names:
    """What the programme says about the ids a journey uses (nothing without one)."""

    touchpoints: dict[str, Touchpoint]
    roles: dict[str, str]
    requirements: dict[str, Requirement]
    rules: tuple[Rule, ...]

    @classmethod
    def of(cls, program: Program | None) -> _Names:
        if program is None:
            return cls({}, {}, {}, ())
        return cls(
            {t.id: t for t in program.touchpoints},
            {r.id: r.name for r in program.roles},
            {r.id: r for r in program.requirements},
            program.rules,
        )


def blueprint(journey: Journey, *, program: Program | None = None, observed: Funnel | None = None) -> Figure:
    """The service blueprint of ``journey`` as a matplotlib ``Figure``.

    Lanes run top to bottom as Bitner, Ostrom and Morgan draw them: physical
    evidence (what the customer sees at the step's touchpoints), customer
    actions (the steps, under their stage headers), the *line of
    interaction*, frontstage actions, the *line of visibility*, backstage
    actions, the *line of internal interaction* and support processes. Each
    action is a box under its step, with the role that performs it; actions
    of one lane under one step stack, and arrows run from an action to the
    actions it triggers. Along the bottom, each column lists the
    requirements its step and the step's own actions need (linked by hand
    or added by a rule), coloured by status; their prerequisites and what
    triggered actions need further on are ``derive_requirements``'s to list.

    Every lane is as tall as its fullest cell and text wraps to its column,
    so nothing overprints: a long journey makes a wide figure (1.9 inches a
    step), a busy one a tall figure. Give ``program`` to show evidence, role
    names, requirement titles and statuses; without it the blueprint shows
    touchpoint, actor and requirement ids, in a grey of unknown status.

    Never calls ``show()``; save it with ``journeykit.render.save`` or
    ``fig.savefig``. Needs matplotlib (``pip install 'journeykit[plot]'``).

    Parameters
    ----------
    journey
        The journey to draw.
    program
        The programme the journey belongs to, for names, evidence,
        requirement statuses and rules.
    observed
        A ``journeykit.analytics.funnel`` of this journey: adds an
        "Observed" lane under the customer actions with, per step, the cases
        that reached it (and a bar of their share of all cases), the cases
        lost since the previous step and the median wait from it.

    Returns
    -------
    matplotlib.figure.Figure
        The blueprint, on one axes in inch units (y grows downwards). The
        boxes and arrows are labelled (``Artist.get_label``) ``step:ID``,
        ``action:ID``, ``requirement:ID``, ``trigger:SOURCE->TARGET`` and,
        with ``observed``, ``reach:ID``.

    Notes
    -----
    Time is linear in the steps and actions of the journey (a trigger within
    one column also looks at that column's boxes), plus the programme's rules
    times the steps and actions (each rule is matched against each of them).

    Examples
    --------
    >>> from journeykit.render.blueprint import blueprint
    >>> portal = jk.example()
    >>> fig = blueprint(portal.journey("onboarding-future"), program=portal)
    >>> float(fig.get_figwidth())  # 1.6 inches of lane names, 1.9 a step for 14 steps
    28.2
    >>> "LINE OF VISIBILITY" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    names = _Names.of(program)
    steps = journey.steps
    right = _left(max(len(steps), 1))
    width = max(right, MIN_WIDTH_INCHES)
    evidence = [_evidence(step, names) for step in steps]
    customer = [_step_box(i, step) for i, step in enumerate(steps)]
    actions = {lane: [_action_boxes(i, step, lane, names) for i, step in enumerate(steps)] for lane in _LANES}
    needs = [_requirement_boxes(i, journey, step, names) for i, step in enumerate(steps)]

    title_text = _wrap(journey.name, max(int((width - 3.6) / 0.12), 12))
    title = TITLE_INCHES + 0.24 * title_text.count("\n")
    evidence_height = _lane_height(
        [[(text.count("\n") + 1) * EVIDENCE_LINE_INCHES] for text in evidence if text]
    )
    customer_height = _lane_height([[box.height] for box in customer])
    seen = (
        [_wrap("\n".join(observed_lines(observed, step.id)), EVIDENCE_CHARS) for step in steps]
        if observed
        else []
    )
    seen_height = (
        _lane_height([[(text.count("\n") + 1) * EVIDENCE_LINE_INCHES + 0.12] for text in seen])
        if observed
        else 0.0
    )
    heights = {lane: _lane_height([[b.height for _, b in cell] for cell in actions[lane]]) for lane in _LANES}
    needs_height = _lane_height([[b.height for _, b in cell] for cell in needs], gap=REQUIREMENT_GAP)
    height = (
        title
        + HEADER_INCHES
        + evidence_height
        + customer_height
        + seen_height
        + sum(STRIP_INCHES + h for h in heights.values())
        + needs_height
        + LEGEND_INCHES
    )

    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()

    ax.text(
        0.15,
        title / 2,
        title_text,
        fontsize=14,
        fontweight="bold",
        color=_INK,
        va="center",
        linespacing=1.1,
        parse_math=False,
    )
    state = "aspiration (future)" if journey.state == "future" else "reality (current)"
    ax.text(
        width - 0.15,
        title / 2,
        f"Service blueprint · {state}",
        fontsize=10,
        va="center",
        ha="right",
        color=_MUTED,
    )
    y = title
    _stage_headers(ax, journey, y)
    y += HEADER_INCHES
    top = y

    _lane_background(ax, y, evidence_height, right, *_EVIDENCE)
    for i, text in enumerate(evidence):
        if text:
            _text(ax, _left(i) + 0.1, y + LANE_PAD, text, fontsize=7.5, color="#424242")
    y += evidence_height

    label, background, fill, edge = _CUSTOMER
    _lane_background(ax, y, customer_height, right, label, background)
    placed = [_place(box, y + LANE_PAD) for box in customer]
    for step, box in zip(steps, placed, strict=True):
        _draw_box(ax, box, (fill, edge), label=f"step:{step.id}", bold=True)
    _step_flow(ax, journey, placed)
    y += customer_height

    if observed is not None:
        _lane_background(ax, y, seen_height, right, *_OBSERVED)
        for i, (step, text) in enumerate(zip(steps, seen, strict=True)):
            if text:
                _text(ax, _left(i) + 0.1, y + LANE_PAD, text, fontsize=7.5, color="#424242")
                reach_bar(ax, observed, step.id, _left(i) + 0.1, COLUMN_INCHES - 0.2, y + seen_height)
        y += seen_height

    boxes: dict[str, _Box] = {}
    for lane, (label, background, fill, edge) in _LANES.items():
        _line(ax, y, right, *_LINES[lane])
        y += STRIP_INCHES
        _lane_background(ax, y, heights[lane], right, label, background)
        for cell in actions[lane]:
            below = y + LANE_PAD
            for action, box in cell:
                boxes[action.id] = _place(box, below)
                _draw_box(ax, boxes[action.id], (fill, edge), label=f"action:{action.id}")
                below += box.height + STACK_GAP
        y += heights[lane]

    _lane_background(ax, y, needs_height, right, *_REQUIREMENTS)
    for needed in needs:
        below = y + LANE_PAD
        for (ident, status), box in needed:
            colours = STATUS_COLOURS[status][:2]
            _draw_box(
                ax, _place(box, below), colours, label=f"requirement:{ident}", fontsize=7, pad=REQUIREMENT_PAD
            )
            below += box.height + REQUIREMENT_GAP
    y += needs_height

    _columns(ax, journey, top, y)
    _triggers(ax, journey, boxes)
    _legend(ax, y, known=program is not None)
    ax.add_artist(Rectangle((0, top), right, y - top, fill=False, edgecolor="#b0bec5", linewidth=0.8))
    return fig


# -- what goes in the cells ---------------------------------------------------


def _evidence(step: Step, names: _Names) -> str:
    """The evidence a step's touchpoints show, one bullet each (touchpoint ids without a programme)."""
    items: list[tuple[str, bool]] = []  # (text, whether it is an id)
    for ident in step.touchpoints:
        touchpoint = names.touchpoints.get(ident)
        if touchpoint is None:
            items.append((ident, True))
        else:
            items.extend((item, False) for item in touchpoint.evidence or (touchpoint.name,))
    return "\n".join(_bullet(item, is_id) for item, is_id in dict.fromkeys(items))


def _bullet(item: str, is_id: bool) -> str:
    lines = (_wrap_id if is_id else _wrap)(item, EVIDENCE_CHARS - 2).split("\n")
    return "\n".join(("• " if n == 0 else "   ") + line for n, line in enumerate(lines))


def _step_box(column: int, step: Step) -> _Box:
    lines = tuple(_wrap(step.name, STEP_CHARS).split("\n"))
    return _Box(column, _box_height(len(lines), 0), lines)


def _action_boxes(column: int, step: Step, lane: str, names: _Names) -> list[tuple[Action, _Box]]:
    """The boxes of a step's actions in one lane, in the order the step lists them."""
    cell = []
    for action in step.actions:
        if action.lane != lane:
            continue
        lines = tuple(_wrap(action.name, BOX_CHARS).split("\n"))
        actor: tuple[str, ...] = ()
        if action.actor in names.roles:
            actor = tuple(_wrap(names.roles[action.actor], ACTOR_CHARS).split("\n"))
        elif action.actor:
            actor = tuple(_wrap_id(action.actor, ACTOR_CHARS).split("\n"))
        cell.append((action, _Box(column, _box_height(len(lines), len(actor)), lines, actor)))
    return cell


def _requirement_boxes(
    column: int, journey: Journey, step: Step, names: _Names
) -> list[tuple[tuple[str, str | None], _Box]]:
    """The requirements a step and its own actions need, by link or by rule, in that order.

    Each comes with its status (``None`` when the programme does not say).
    """
    from journeykit.analysis.rules import match

    ids = [*step.requires, *(r for action in step.actions for r in action.requires)]
    if names.rules:
        channels = {names.touchpoints[t].channel for t in step.touchpoints if t in names.touchpoints}
        personas = step.personas or journey.personas
        for rule in names.rules:
            if any(match(rule.when, personas, channels, step, a) for a in (None, *step.actions)):
                ids.extend(rule.requires)
    cell: list[tuple[tuple[str, str | None], _Box]] = []
    for ident in dict.fromkeys(ids):
        requirement = names.requirements.get(ident)
        status = requirement.status if requirement else None
        if requirement is None:
            text = _wrap_id(ident, REQUIREMENT_CHARS - 2)
        else:
            text = _wrap(requirement.title, REQUIREMENT_CHARS - 2)
        first, *rest = text.split("\n")
        lines = (f"{STATUS_COLOURS[status][2]} {first}", *(f"   {line}" for line in rest))
        height = len(lines) * SMALL_LINE_INCHES + 2 * REQUIREMENT_PAD
        cell.append(((ident, status), _Box(column, height, lines)))
    return cell


def _wrap_id(ident: str, width: int) -> str:
    """An id wrapped to ``width`` characters, preferably after its hyphens."""
    text = drawn_text(ident, one_line=True)
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=True)) or text


# -- sizes --------------------------------------------------------------------


def _left(column: int) -> float:
    """Where a step's column starts."""
    return LABEL_INCHES + column * COLUMN_INCHES


def _box_height(lines: int, actor_lines: int) -> float:
    actor = actor_lines * ACTOR_LINE_INCHES + ACTOR_GAP if actor_lines else 0.0
    return lines * LINE_INCHES + actor + 2 * BOX_PAD


def _lane_height(cells: list[list[float]], gap: float = STACK_GAP) -> float:
    """As tall as the fullest cell: its stacked boxes, the gaps between them and the padding."""
    fullest = max((sum(cell) + gap * (len(cell) - 1) for cell in cells if cell), default=0.0)
    return max(fullest + 2 * LANE_PAD, MIN_LANE_INCHES)


def _place(box: _Box, top: float) -> _Box:
    return replace(box, x=_left(box.column) + MARGIN_INCHES, y=top)


# -- drawing ------------------------------------------------------------------


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
    ax.text(0.15, top + height / 2, label, fontsize=9, fontweight="bold", color=_INK, va="center", zorder=1)


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
        label,
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
    for i in range(len(steps) - 1):
        if steps[i + 1].id not in journey.successors(steps[i].id):
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
    """Requirement status colours and what an arrow means, under the blueprint."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    middle = top + LEGEND_INCHES / 2
    ax.text(0.15, middle, "Requirement status", fontsize=8, fontweight="bold", color=_INK, va="center")
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
            )
        )
        ax.text(x + 0.14, middle, mark, fontsize=7, ha="center", va="center", color=_INK)
        name = status or "status unknown (no programme given)"
        ax.text(x + 0.36, middle, name, fontsize=8, va="center", color=_INK)
        x += 0.5 + 0.065 * len(name)
    x += 0.3
    ax.add_artist(
        FancyArrowPatch(
            (x, middle), (x + 0.45, middle), arrowstyle="-|>", mutation_scale=9, color=_ARROW, linewidth=1.0
        )
    )
    ax.text(x + 0.55, middle, "triggers", fontsize=8, va="center", color=_INK)
