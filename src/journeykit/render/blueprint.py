"""The service blueprint: evidence, customer actions, the three lines, the backstage and its needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeykit._args import journey_of
from journeykit._gc import gc_paused
from journeykit._i18n import _, language_of, ngettext, use_language
from journeykit._text import drawn_text
from journeykit.render._blueprint_draw import (
    _CUSTOMER,
    _EVIDENCE,
    _INK,
    _LANES,
    _LINES,
    _MUTED,
    _OBSERVED,
    _REQUIREMENTS,
    _columns,
    _draw_box,
    _lane_background,
    _legend,
    _line,
    _stage_headers,
    _step_flow,
    _text,
    _triggers,
)
from journeykit.render._blueprint_layout import (
    COLUMN_INCHES,
    EVIDENCE_CHARS,
    EVIDENCE_LINE_INCHES,
    HEADER_INCHES,
    LANE_PAD,
    LEGEND_INCHES,
    REQUIREMENT_GAP,
    REQUIREMENT_PAD,
    STACK_GAP,
    STATUS_COLOURS,
    STATUS_WORDS,
    STRIP_INCHES,
    _action_boxes,
    _Box,
    _evidence,
    _lane_height,
    _left,
    _Names,
    _place,
    _requirement_boxes,
    _step_box,
)
from journeykit.render._overlay import check_funnel, observed_lines, reach_bar
from journeykit.render.journey_map import _wrap

if TYPE_CHECKING:
    from journeykit.analytics.funnel import Funnel
    from journeykit.journeys import Journey
    from journeykit.program import Program
    from journeykit.render._picture import Picture

__all__ = ["blueprint"]

#: Height of the title, for one line of it (a wrapped title adds 0.24 a line).
TITLE_INCHES = 0.65
#: The most lines of the journey's name the title shows ("…" after them).
TITLE_LINES = 3
#: Narrowest figure: room for the title and the legend of a journey of a step or two.
MIN_WIDTH_INCHES = 7.0


def blueprint(
    journey: Journey | str,
    *,
    program: Program | None = None,
    funnel: Funnel | None = None,
    language: str | None = None,
) -> Picture:
    """The service blueprint of ``journey`` (a ``Journey``, or its id with ``program=``) as a ``Picture``.

    Lanes run top to bottom as Bitner, Ostrom and Morgan draw them: physical
    evidence (what the customer sees at the step's touchpoints), customer
    actions (the steps, under their stage headers), the *line of
    interaction*, frontstage actions, the *line of visibility*, backstage
    actions, the *line of internal interaction* and support processes. Each
    action is a box under its step, with the role that performs it; actions
    of one lane under one step stack, and arrows run from an action to the
    actions it triggers. Along the bottom, each column lists the
    requirements its step and the step's own actions need (linked by hand
    or added by a rule), each marked with its status (✓ available,
    ◐ partial, ✗ missing) as well as coloured by it, under a legend that
    says so; their prerequisites and what triggered actions need further on
    are ``derive_requirements``'s to list.

    Every lane is as tall as its fullest cell and text wraps to its column,
    so nothing overprints: a long journey makes a wide figure (1.9 inches a
    step), a busy one a tall figure. Give ``program`` to show evidence, role
    names, requirement titles and statuses; without it the blueprint shows
    touchpoint, actor and requirement ids, in a grey of unknown status.

    Parameters
    ----------
    journey
        The journey to draw: a ``Journey``, or its id with ``program=``.
    program
        The programme the journey belongs to, for names, evidence,
        requirement statuses, rules and the language.
    funnel
        A ``journeykit.analytics.funnel`` of this journey: adds an
        "Observed" lane under the customer actions with, per step, the cases
        that reached it (and a bar of their share of all cases), the cases
        lost since the previous step and the median wait from it.
    language
        The language of the picture's own words (a BCP 47 tag such as
        ``"es"``); default: the programme's ``language``, else English.
        User text (names, ids) is drawn as written.

    Returns
    -------
    Picture
        A matplotlib ``Figure`` with a ``title`` ("Service blueprint: ...")
        and a ``description`` for screen readers, that shows itself in a
        notebook and saves itself (``fig.save("blueprint.svg")``, or
        ``journeykit.render.save``). One axes in inch units (y grows
        downwards); the boxes and arrows are labelled
        (``Artist.get_label``) ``step:ID``, ``action:ID``,
        ``requirement:ID``, ``trigger:SOURCE->TARGET`` and, with
        ``funnel``, ``reach:ID``.

    Raises
    ------
    ArgumentError
        ``journey`` is neither a ``Journey`` nor an id with ``program=``, or
        ``funnel`` is not a one-segment ``Funnel``.
    MissingDependencyError
        matplotlib is not installed (``pip install 'journeykit[plot]'``).

    Notes
    -----
    Time is linear in the steps and actions of the journey (a trigger within
    one column also looks at that column's boxes), plus the programme's rules
    times the steps and actions (each rule is matched against each of them).

    Examples
    --------
    >>> portal = jk.example()
    >>> fig = jk.render.blueprint("onboarding-future", program=portal)
    >>> fig.title
    'Service blueprint: Partner recruitment and onboarding (aspiration)'
    >>> float(fig.get_figwidth())  # 1.6 inches of lane names, 1.9 a step for 14 steps
    28.2
    >>> "LINE OF VISIBILITY" in [t.get_text() for t in fig.axes[0].texts]
    True
    >>> fig.description.split(". ")[0]
    '14 steps'
    >>> jk.render.blueprint("onboarding-future", program=portal, language="es").title
    'Plano de servicio: Partner recruitment and onboarding (aspiration)'
    """
    journey = journey_of(journey, program, "blueprint")
    if funnel is not None:
        check_funnel(funnel, "blueprint")
    # gc_paused: a 200-step blueprint makes thousands of artists that all live on, and the
    # collector rescanning them made drawing superlinear (benchmarks/bench_render.py)
    with use_language(language_of(language, program)), gc_paused():
        return _draw(journey, program, funnel)


def _draw(journey: Journey, program: Program | None, observed: Funnel | None) -> Picture:
    from journeykit._extras import require

    require("matplotlib")
    from matplotlib.patches import Rectangle

    from journeykit.render._picture import Picture

    names = _Names.of(program)
    steps = journey.steps
    right = _left(max(len(steps), 1))
    width = max(right, MIN_WIDTH_INCHES)
    evidence = [_evidence(step, names) for step in steps]
    customer = [_step_box(i, step) for i, step in enumerate(steps)]
    actions = {lane: [_action_boxes(i, step, lane, names) for i, step in enumerate(steps)] for lane in _LANES}
    needs = [_requirement_boxes(i, journey, step, names) for i, step in enumerate(steps)]

    title_chars = max(int((width - 3.6) / 0.12), 12)
    title_text = _wrap(drawn_text(journey.name, one_line=True), title_chars, TITLE_LINES)
    title = TITLE_INCHES + 0.24 * title_text.count("\n")
    evidence_height = _lane_height(
        [[(text.count("\n") + 1) * EVIDENCE_LINE_INCHES] for text in evidence if text]
    )
    customer_height = _lane_height([[box.height] for box in customer])
    seen = (
        [_wrap("\n".join(observed_lines(observed, step.id)), EVIDENCE_CHARS) for step in steps]
        if observed is not None
        else []
    )
    seen_height = (
        _lane_height([[(text.count("\n") + 1) * EVIDENCE_LINE_INCHES + 0.12] for text in seen])
        if observed is not None
        else 0.0
    )
    heights = {
        lane: _lane_height([[b.height for _action, b in cell] for cell in actions[lane]]) for lane in _LANES
    }
    needs_height = _lane_height([[b.height for _ident, b in cell] for cell in needs], gap=REQUIREMENT_GAP)
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

    fig = Picture(
        figsize=(width, height),
        title=_("Service blueprint: {journey}").format(journey=drawn_text(journey.name, one_line=True)),
        description=_description(journey, needs, observed is not None, known=program is not None),
    )
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
    state = _("aspiration (future)") if journey.state == "future" else _("reality (current)")
    ax.text(
        width - 0.15,
        title / 2,
        _("Service blueprint · {state}").format(state=state),
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


def _description(
    journey: Journey, needs: list[list[tuple[tuple[str, str | None], _Box]]], observed: bool, *, known: bool
) -> str:
    """What the blueprint shows, in a few sentences, for a screen reader."""
    steps = journey.steps
    actions = journey.actions
    lanes = {lane: sum(1 for a in actions if a.lane == lane) for lane in _LANES}
    needed = dict(status for cell in needs for status, _box in cell)  # requirement id -> status
    parts = [
        ngettext("{n} step.", "{n} steps.", len(steps)).format(n=len(steps)),
        ngettext("{n} stage: {names}.", "{n} stages: {names}.", len(journey.stages)).format(
            n=len(journey.stages), names=", ".join(drawn_text(s.name, one_line=True) for s in journey.stages)
        ),
        ngettext(
            "{n} action: {frontstage} frontstage, {backstage} backstage, {support} support.",
            "{n} actions: {frontstage} frontstage, {backstage} backstage, {support} support.",
            len(actions),
        ).format(n=len(actions), **lanes),
    ]
    if known:
        count = {status: sum(1 for s in needed.values() if s == status) for status in STATUS_WORDS if status}
        parts.append(
            ngettext(
                "{n} requirement needed: {available} available, {partial} partial, {missing} missing.",
                "{n} requirements needed: {available} available, {partial} partial, {missing} missing.",
                len(needed),
            ).format(n=len(needed), **count)
        )
    else:
        parts.append(
            ngettext(
                "{n} requirement needed, of unknown status.",
                "{n} requirements needed, of unknown status.",
                len(needed),
            ).format(n=len(needed))
        )
    if observed:
        parts.append(_("With what the event log says of each step."))
    return " ".join(parts)
